import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthProjectCharts } from '../../charts';
import { cleanup, netpol } from './run-cli';

const ROOT = join(__dirname, '..', '..');
const COMMANDS = ['reach', 'coverage', 'lint', 'diff', 'explain', 'report'];

/** The README's example lines that read files the reader brings (their own dumps), not this project's. */
const READERS_OWN_FILES = ['npm run netpol -- lint namespaces.yaml policies/ -'];

/** Every `npm run netpol -- …` line of the README's `sh` blocks, `<command>` spelled out for each command. */
function readmeExamples(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]);
  return blocks
    .flatMap((block) => block.split('\n'))
    .map((line) => line.trim())
    .filter((line) => /^npm run (--silent )?netpol -- /.test(line))
    .flatMap((line) =>
      line.includes('<command>') ? COMMANDS.map((command) => line.replace('<command>', command)) : [line],
    );
}

/** The `$ npm run netpol -- …` lines of `netpol --help` and of each command's help. */
async function helpExamples(): Promise<string[]> {
  const helps = await Promise.all(
    [[], ...COMMANDS.map((command) => [command])].map((argv) => netpol(...argv, '--help')),
  );
  return helps.flatMap((help) =>
    help.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('$ npm run netpol -- '))
      .map((line) => line.slice(2)),
  );
}

/** The line's arguments to netpol, and the file its stdout is redirected to, if any. */
function parse(line: string): { argv: string[]; redirect?: string } {
  const [command, redirect] = line.split(' > ');
  return { argv: command.replace(/^npm run (--silent )?netpol -- /, '').split(/\s+/), redirect };
}

/**
 * A fresh clone after `npm ci && npm run synth` (or `synth:charts`): dist/ holds the charts, examples/cluster links
 * it beside the kube-dns fixture.
 */
describe("the README's and the help's netpol examples run as written", () => {
  const previous = process.cwd();
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'netpol-examples-'));
    const clone = join(scratch, 'clone');
    synthProjectCharts(join(clone, 'dist'));
    const cluster = join(clone, 'examples', 'cluster');
    mkdirSync(cluster, { recursive: true });
    symlinkSync(join('..', '..', 'dist'), join(cluster, 'dist'), 'dir');
    copyFileSync(join(ROOT, 'examples', 'cluster', 'kube-dns.yaml'), join(cluster, 'kube-dns.yaml'));
    process.chdir(clone);
  });
  afterAll(() => {
    process.chdir(previous);
    cleanup(scratch);
  });

  it('lists the README examples this test runs, and those that read the reader’s own files', () => {
    const examples = readmeExamples();
    for (const line of READERS_OWN_FILES) expect(examples).toContain(line);
    expect(examples).toEqual(
      expect.arrayContaining([
        'npm run netpol -- reach examples/cluster --external internet=203.0.113.10',
        'npm run netpol -- diff --before dist --after examples/cluster --format md',
      ]),
    );
  });

  it.each([
    ['README', readmeExamples],
    ['help', helpExamples],
  ])('every %s example succeeds and writes what it promises', async (_source, examples) => {
    const lines = (await examples()).filter((line) => !READERS_OWN_FILES.includes(line));
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      const { argv, redirect } = parse(line);
      const result = await netpol(...argv);
      expect({ line, code: result.code, stderr: result.stderr }).toEqual({
        line,
        code: 0,
        stderr: expect.not.stringMatching(/error/),
      });
      const output = argv.includes('-o') ? readFileSync(argv[argv.indexOf('-o') + 1], 'utf8') : result.stdout;
      expect({ line, empty: output.trim() === '' }).toEqual({ line, empty: false });
      if (redirect?.endsWith('.svg')) expect(output).toContain('<svg');
      if (redirect?.endsWith('.sarif')) expect(JSON.parse(output)).toMatchObject({ version: '2.1.0' });
    }
    expect(existsSync('report.html') || !lines.some((line) => line.includes('-o report.html'))).toBe(true);
  });
});
