import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOP } from './run-cli';

/** The real launcher, as `npm run netpol` and `npx netpol` start it. */
const BIN = join(__dirname, '..', '..', 'bin', 'netpol.js');
const netpol = (...argv: string[]) => spawnSync(process.execPath, [BIN, ...argv], { encoding: 'utf8' });

describe('bin/netpol.js', () => {
  it('runs the TypeScript CLI without a build step', () => {
    const result = netpol('reach', SHOP, '--probe', 'TCP/5432', '--json');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      probes: [
        {
          protocol: 'TCP',
          port: 5432,
          allowed: [
            ['kube-system/coredns', 'kube-system/coredns'],
            ['kube-system/coredns', 'monitoring/scraper'],
            ['monitoring/scraper', 'kube-system/coredns'],
            ['monitoring/scraper', 'monitoring/scraper'],
            ['shop/api', 'shop/db'],
          ],
        },
      ],
    });
  });

  it('reads a pipe on standard input (-), as helm template ... | netpol reach - gives it', () => {
    const manifests = readdirSync(SHOP)
      .map((file) => readFileSync(join(SHOP, file), 'utf8'))
      .join('---\n');
    const piped = spawnSync(process.execPath, [BIN, 'coverage', '-', '--json'], {
      input: manifests,
      encoding: 'utf8',
    });
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
    expect(piped.stdout).toBe(netpol('coverage', SHOP, '--json').stdout);
  });

  it('ends quietly when the reader closes the pipe early (| head)', () => {
    // head -c 0 exits at once: netpol writes into a closed pipe (EPIPE).
    const command = `"${process.execPath}" "${BIN}" reach "${SHOP}" --probe TCP/80 | head -c 0`;
    const result = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
  });

  // As a user runs it right after `npm ci`: the npm script, and the package's bin entry through npx
  // (--no-install: never fetch a package of that name from the registry).
  it.each([
    ['npm run netpol', 'npm', ['run', '--silent', 'netpol', '--']],
    ['npx netpol', 'npx', ['--no-install', 'netpol']],
  ])('%s runs it too', (_name, command, prefix) => {
    const root = join(__dirname, '..', '..');
    const result = spawnSync(command, [...prefix, 'coverage', SHOP, '--json'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      uncovered: {
        ingress: ['kube-system/coredns', 'monitoring/scraper'],
        egress: ['kube-system/coredns', 'monitoring/scraper'],
      },
      baselineOnly: { ingress: [], egress: [] },
    });
  });

  it('exits 2 with one line and no stack trace on bad input', () => {
    const result = netpol('reach', SHOP, '--probe', 'TCP/0');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\s+at /);
  });
});
