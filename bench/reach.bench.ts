/**
 * `npm run bench`: times `netpol reach` (the real CLI, as a child process) on a synthetic cluster of
 * 200 namespaces x 10 Deployments with 1,400 policies and 33 ClusterNetworkPolicies, and on a 9-pod cluster, in
 * the same run.
 * The analyzer must scale with the policies' selections, not with pairs x policies: the large run
 * may take at most 3x the small one. A fast wrong answer proves nothing, so the pairs each run printed
 * are then checked (see verify-reach.ts). Exits 1 when the ratio is over the limit or a check fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatProbe, type Pair, type Probe } from '../lib/analysis';
import {
  DEPLOYMENT_WITNESSES,
  EXTERNALS,
  POD_WITNESSES,
  writeCluster,
  type ClusterShape,
} from './synthetic-cluster';
import { verifyReach, type Witness } from './verify-reach';

const MAX_RATIO = 3;
const REPETITIONS = 7;
const CLI = resolve(__dirname, '..', 'bin', 'netpol.js');
const PROBE: Probe = { protocol: 'TCP', port: 8080 };
const REACH_ARGS = [
  '--probe',
  formatProbe(PROBE),
  '--json',
  ...EXTERNALS.flatMap(({ name, ip }) => ['--external', `${name}=${ip}`]),
];

interface Cluster {
  label: string;
  dir: string;
  counts: { workloads: number; policies: number };
  witnesses: readonly Witness[];
  /** Every n-th endpoint's flows, in and out, are compared with one-flow-at-a-time evaluation. */
  stride: number;
  runs: number[];
  pairs: Pair[];
}

function reachOnce(cluster: Cluster): void {
  const started = process.hrtime.bigint();
  const stdout = execFileSync(process.execPath, [CLI, 'reach', cluster.dir, ...REACH_ARGS], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  cluster.runs.push(Number(process.hrtime.bigint() - started) / 1e6);
  cluster.pairs = (JSON.parse(stdout) as { probes: Array<{ allowed: Pair[] }> }).probes[0].allowed;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function generate(
  root: string,
  label: string,
  shape: ClusterShape,
  witnesses: readonly Witness[],
  stride: number,
): Cluster {
  const dir = join(root, label);
  return { label, dir, counts: writeCluster(dir, shape), witnesses, stride, runs: [], pairs: [] };
}

/** Prints the checks of one cluster's last printed pairs; true when they all hold. */
function verified(cluster: Cluster): boolean {
  const verdict = verifyReach({ ...cluster, externals: EXTERNALS, probe: PROBE });
  const summary = `every flow of ${verdict.sampled} endpoints and ${verdict.witnesses} feature witnesses`;
  if (verdict.problems.length === 0) {
    console.log(`  ${cluster.label}: ${cluster.pairs.length} allowed pairs, confirmed by ${summary}`);
    return true;
  }
  console.log(`  ${cluster.label}: WRONG, ${verdict.problems.length} problem(s) in ${summary}:`);
  for (const problem of verdict.problems.slice(0, 20)) console.log(`    ${problem}`);
  return false;
}

function main(): number {
  const root = mkdtempSync(join(tmpdir(), 'netpol-bench-'));
  try {
    const large = generate(
      root,
      'large',
      { namespaces: 200, workloadsPerNamespace: 10, kind: 'Deployment' },
      DEPLOYMENT_WITNESSES,
      50,
    );
    const small = generate(
      root,
      'small',
      { namespaces: 3, workloadsPerNamespace: 3, kind: 'Pod' },
      POD_WITNESSES,
      1,
    );
    // One untimed run each fills tsx's compile cache and the OS file cache.
    reachOnce(small);
    reachOnce(large);
    [small.runs, large.runs] = [[], []];
    for (let i = 0; i < REPETITIONS; i++) {
      reachOnce(small);
      reachOnce(large);
    }
    const ratio = median(large.runs) / median(small.runs);
    console.log(`netpol reach ${REACH_ARGS.join(' ')} (median of ${REPETITIONS})`);
    console.log(
      `  large: ${large.counts.workloads} workloads, ${large.counts.policies} policies: ${median(large.runs).toFixed(0)} ms`,
    );
    console.log(
      `  small: ${small.counts.workloads} pods, ${small.counts.policies} policies: ${median(small.runs).toFixed(0)} ms`,
    );
    console.log(`  ratio: ${ratio.toFixed(2)} (limit ${MAX_RATIO})`);
    console.log('correctness of the timed output:');
    const correct = [verified(large), verified(small)].every(Boolean);
    return ratio <= MAX_RATIO && correct ? 0 : 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

process.exitCode = main();
