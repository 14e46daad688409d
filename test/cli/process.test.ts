import { spawnSync } from 'node:child_process';
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
