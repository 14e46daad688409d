/**
 * Runs one child process under GNU time and reports what it cost: CPU time (user + system, the measure least
 * disturbed by other work on a shared machine), wall time and peak resident memory.
 */
import { spawnSync } from 'node:child_process';

export interface Cost {
  cpuSeconds: number;
  wallSeconds: number;
  maxRssMiB: number;
}

export interface Run extends Cost {
  stdout: string;
  exitCode: number;
}

const TIME = '/usr/bin/time';
const MARK = 'netpol-bench-cost:';

/** `node <args>`; exit codes in `okExitCodes` are answers (lint exits 1 on findings), any other is a failure. */
export function measure(args: readonly string[], okExitCodes: readonly number[] = [0]): Run {
  const child = spawnSync(TIME, ['-f', `${MARK}%e %U %S %M`, process.execPath, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (child.error)
    throw new Error(`cannot run ${TIME} (GNU time, Debian package "time"): ${child.error.message}`);
  const lines = child.stderr.trimEnd().split('\n');
  const costLine = lines.filter((line) => line.startsWith(MARK)).pop();
  const exitCode = child.status ?? -1;
  if (!costLine || !okExitCodes.includes(exitCode)) {
    const errors = lines.filter((line) => !line.startsWith(MARK) && !line.startsWith('Command exited'));
    throw new Error(`node ${args.join(' ')} exited ${exitCode}: ${errors.slice(-5).join(' | ')}`);
  }
  const [wall, user, system, rssKiB] = costLine.slice(MARK.length).split(' ').map(Number);
  return {
    stdout: child.stdout,
    exitCode,
    cpuSeconds: user + system,
    wallSeconds: wall,
    maxRssMiB: rssKiB / 1024,
  };
}

/** The run with the median CPU time of `repetitions` runs. */
export function measureMedian(
  repetitions: number,
  args: readonly string[],
  okExitCodes?: readonly number[],
): Run {
  const runs = Array.from({ length: repetitions }, () => measure(args, okExitCodes));
  runs.sort((a, b) => a.cpuSeconds - b.cpuSeconds);
  return runs[Math.floor(runs.length / 2)];
}
