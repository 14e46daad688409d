/**
 * `npm run bench:startup`: the CPU time of `netpol --help` as the installed package runs it (bin/netpol.js
 * over the compiled build/, no TypeScript tooling), against a bare `node -e 0` measured in the same run.
 * Issue 12's limit: at most 2x. The command loads neither the schema validators nor the graph library until
 * a command needs them (lib/analysis/policy.ts, cli/render/dot.ts). Exits 1, printing FAILED, over the limit.
 *
 * CPU (user + sys of the child processes) comes from bash's `time`, over several runs of each command in turn.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAX_RATIO = 2;
const RUNS = 10;
const ROOT = resolve(__dirname, '..');

/** The installed package's layout: the launcher beside build/ and no sources, so it runs the compiled CLI. */
function installedLayout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-startup-'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(ROOT, 'bin', 'netpol.js'), join(dir, 'bin', 'netpol.js'));
  symlinkSync(join(ROOT, 'build'), join(dir, 'build'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Seconds of CPU (user + sys) that `RUNS` runs of `command` cost, as bash's `time` reports them. */
function cpuSeconds(command: string): number {
  const script = `TIMEFORMAT='%3U %3S'; time (for i in $(seq ${RUNS}); do ${command} >/dev/null; done)`;
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  const [user, sys] = result.stderr.trim().split(/\s+/).map(Number);
  return user + sys;
}

function main(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const dir = installedLayout();
  try {
    const netpol = `node ${join(dir, 'bin', 'netpol.js')} --help`;
    execFileSync('bash', ['-c', netpol], { stdio: 'ignore' }); // fails loudly if the build does not run
    // Interleaved rounds, so a burst of load on the shared machine hits both commands alike.
    let bare = 0;
    let help = 0;
    for (let round = 0; round < 3; round++) {
      bare += cpuSeconds('node -e 0');
      help += cpuSeconds(netpol);
    }
    const ratio = help / bare;
    const perRun = (total: number) => `${((total / (3 * RUNS)) * 1000).toFixed(0)} ms`;
    console.log(`node -e 0:      ${perRun(bare)} CPU per run`);
    console.log(`netpol --help:  ${perRun(help)} CPU per run (compiled, as installed)`);
    console.log(`ratio:          ${ratio.toFixed(2)}x (limit ${MAX_RATIO}x)`);
    if (ratio > MAX_RATIO) {
      console.log(`FAILED: netpol --help costs ${ratio.toFixed(2)}x node -e 0, over ${MAX_RATIO}x`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
