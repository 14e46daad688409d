import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

/** The `netpol` a user runs, and how to remove it. */
export interface InstalledCli {
  /** bin/netpol.js in a folder laid out as the installed package. */
  launcher: string;
  remove(): void;
}

/**
 * Builds the package (`npm run build`) and lays it out as npm installs it: the launcher beside build/ and no
 * sources, so bin/netpol.js runs the compiled CLI with no TypeScript tooling, as users run it.
 */
export function installedCli(): InstalledCli {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'netpol-installed-'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(ROOT, 'bin', 'netpol.js'), join(dir, 'bin', 'netpol.js'));
  symlinkSync(join(ROOT, 'build'), join(dir, 'build'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return {
    launcher: join(dir, 'bin', 'netpol.js'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
