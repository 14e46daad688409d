import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SHOP } from './run-cli';

const MAIN = join(__dirname, '..', '..', 'cli', 'main.ts');

/** The packages a fresh `node` process has loaded after running the CLI once with `argv`. */
function packagesLoadedBy(argv: readonly string[]): string[] {
  const script = `
    require('tsx/cjs');
    const { run } = require(${JSON.stringify(MAIN)});
    run(${JSON.stringify(argv)}, { stdout: () => undefined, stderr: () => undefined }).then((code) => {
      const packages = Object.keys(require.cache)
        .map((path) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(path)?.[1])
        .filter(Boolean);
      console.log(JSON.stringify({ code, packages: [...new Set(packages)] }));
    });`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  const { code, packages } = JSON.parse(result.stdout) as { code: number; packages: string[] };
  expect(code).toBe(0);
  return packages;
}

// What keeps `netpol --help` near a bare `node` (`npm run bench:startup` measures it): the schema validators and
// the graph library load when a command needs them, not with the CLI.
describe('the CLI loads its heavy libraries only for the commands that need them', () => {
  it('--help loads neither the schema validators nor the graph library', () => {
    const packages = packagesLoadedBy(['--help']);
    expect(packages).toContain('commander');
    expect(packages).not.toContain('kubernetes-models');
    expect(packages).not.toContain('ajv');
    expect(packages).not.toContain('ts-graphviz');
    expect(packages).not.toContain('@viz-js/viz');
    expect(packages).not.toContain('yaml');
  });

  it('reach --format dot loads both: it validates the policies it reads and draws a graph', () => {
    const packages = packagesLoadedBy(['reach', SHOP, '--probe', 'TCP/80', '--format', 'dot']);
    expect(packages).toEqual(expect.arrayContaining(['kubernetes-models', 'ajv', 'ts-graphviz']));
  });

  it('reach --format svg loads the WebAssembly Graphviz, lint --format text neither it nor the yaml parser', () => {
    expect(packagesLoadedBy(['reach', SHOP, '--probe', 'TCP/80', '--format', 'svg'])).toContain(
      '@viz-js/viz',
    );
    const lint = packagesLoadedBy(['lint', SHOP]);
    expect(lint).not.toContain('@viz-js/viz');
    expect(lint).not.toContain('yaml');
  });
});
