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

  it('exits 2 with one line and no stack trace on bad input', () => {
    const result = netpol('reach', SHOP, '--probe', 'TCP/0');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\s+at /);
  });
});
