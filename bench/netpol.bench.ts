/**
 * `npm run bench [-- --large | --sizes 2000,50000]`: runs each netpol command (reach with one probe, coverage,
 * lint, diff, explain) as a child process on the synthetic cluster (10 Deployments and 7 policies per namespace)
 * at 2,000 and 10,000 workloads, and with --large also at 50,000 and 100,000. Each command's CPU time is set
 * against the parse floor (bench/parse-floor.js: the same files parsed by js-yaml, nothing else) measured in the
 * same run, with its peak memory, and the growth exponent between sizes is printed. A fast wrong answer proves
 * nothing: every answer timed is checked (see verify-reach.ts and check-answers.ts).
 *
 * Fails (exit 1, last line FAILED and why) when an answer is wrong, or when at 50,000 workloads or more a command
 * costs more than 3x the floor or 2 GiB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ClusterModel, formatProbe, loadManifestDir, type Pair, type Probe } from '../lib/analysis';
import { checkConnections, checkCoverage, checkDiff, checkExplain, checkLint } from './check-answers';
import { measure, measureMedian, type Run } from './measure';
import {
  DEPLOYMENT_WITNESSES,
  EXTERNALS,
  POD_WITNESSES,
  writeChangedCluster,
  writeCluster,
  type ClusterShape,
} from './synthetic-cluster';
import { verifyReach, type Witness } from './verify-reach';

const DEFAULT_SIZES = [2_000, 10_000];
const LARGE_SIZES = [50_000, 100_000];
/** From this size on, the limits apply (smaller runs are dominated by start-up). */
const LIMITED_FROM = 50_000;
const MAX_FLOOR_RATIO = 3;
const MAX_RSS_MIB = 2048;
const WORKLOADS_PER_NAMESPACE = 10;

const CLI = resolve(__dirname, '..', 'bin', 'netpol.js');
const FLOOR = resolve(__dirname, 'parse-floor.js');
const PROBE: Probe = { protocol: 'TCP', port: 8080 };
const EXTERNAL_ARGS = EXTERNALS.flatMap(({ name, ip }) => ['--external', `${name}=${ip}`]);
const PROBE_ARGS = ['--probe', formatProbe(PROBE), ...EXTERNAL_ARGS, '--json'];
/** A flow the synthetic cluster allows (web -> api of team-001), for explain. */
const EXPLAINED = DEPLOYMENT_WITNESSES[0];

const COMMANDS = ['reach', 'reach-all', 'coverage', 'lint', 'diff', 'explain'] as const;
/** reach without --probe (every port, aggregated per pair) against reach with one probe, in the same run (issue 10). */
const MAX_ALL_PORTS_RATIO = 3;
/** Commands the parse-floor limits of issue 12 apply to (reach-all is limited against reach instead). */
const FLOOR_LIMITED: ReadonlySet<CommandName> = new Set(['reach', 'coverage', 'lint', 'diff', 'explain']);
type CommandName = (typeof COMMANDS)[number];

interface Row {
  name: CommandName;
  run: Run;
  floorSeconds: number;
}

interface SizeResult {
  workloads: number;
  policies: number;
  floor: Run;
  rows: Row[];
}

const problems: string[] = [];

function sizesFromArguments(argv: readonly string[]): number[] {
  const at = argv.indexOf('--sizes');
  if (at >= 0) return argv[at + 1].split(',').map(Number);
  return argv.includes('--large') ? [...DEFAULT_SIZES, ...LARGE_SIZES] : DEFAULT_SIZES;
}

const cli = (...args: string[]): string[] => [CLI, ...args];
const parsed = <T>(run: Run): T => JSON.parse(run.stdout) as T;
const model = (dir: string): ClusterModel =>
  ClusterModel.fromManifests(loadManifestDir(dir), { externals: EXTERNALS });

function report(label: string, found: readonly string[]): void {
  if (found.length === 0) return;
  problems.push(`${label}: ${found[0]}${found.length > 1 ? ` (and ${found.length - 1} more)` : ''}`);
  for (const problem of found.slice(0, 10)) console.log(`    WRONG ${label}: ${problem}`);
}

/** Endpoints whose every flow is judged one at a time: enough to catch a wrong class, bounded at large sizes. */
const strideFor = (workloads: number): number =>
  Math.ceil(workloads / Math.min(40, Math.max(10, Math.floor(1e6 / workloads))));

function benchSize(root: string, workloads: number): SizeResult {
  const shape: ClusterShape = {
    namespaces: workloads / WORKLOADS_PER_NAMESPACE,
    workloadsPerNamespace: WORKLOADS_PER_NAMESPACE,
    kind: 'Deployment',
  };
  const dir = join(root, `${workloads}`);
  const changedDir = join(root, `${workloads}-changed`);
  const counts = writeCluster(dir, shape);
  writeChangedCluster(dir, changedDir, shape);
  const repetitions = workloads >= LIMITED_FROM ? 1 : 3;
  // One untimed run fills tsx's compile cache and the OS file cache.
  measure(cli('coverage', dir, '--json'));
  const floor = measureMedian(repetitions, [FLOOR, dir]);
  const floorBoth = measureMedian(repetitions, [FLOOR, dir, changedDir]);
  const runs: Record<CommandName, Run> = {
    reach: measureMedian(repetitions, cli('reach', dir, ...PROBE_ARGS)),
    'reach-all': measureMedian(repetitions, cli('reach', dir, ...EXTERNAL_ARGS, '--json')),
    coverage: measureMedian(repetitions, cli('coverage', dir, '--json')),
    lint: measureMedian(repetitions, cli('lint', dir, '--json'), [0, 1]),
    diff: measureMedian(repetitions, cli('diff', '--before', dir, '--after', changedDir, ...PROBE_ARGS)),
    explain: measureMedian(
      repetitions,
      cli('explain', dir, '--from', EXPLAINED.from, '--to', EXPLAINED.to, ...PROBE_ARGS),
    ),
  };
  const rows = COMMANDS.map((name) => ({
    name,
    run: runs[name],
    floorSeconds: name === 'diff' ? floorBoth.cpuSeconds : floor.cpuSeconds,
  }));
  printSize(workloads, counts.policies, floor, floorBoth, rows);
  printAllPortsRatio(workloads, rows);
  checkSize(workloads, dir, changedDir, runs);
  rmSync(changedDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  return { workloads, policies: counts.policies, floor, rows };
}

/** Checks every answer the size's timed runs printed; problems go to `problems`. */
function checkSize(workloads: number, dir: string, changedDir: string, runs: Record<CommandName, Run>): void {
  const before = model(dir);
  const label = (name: string) => `${name} at ${workloads.toLocaleString('en-US')}`;
  const pairs = parsed<{ probes: Array<{ allowed: Pair[] }> }>(runs.reach).probes[0].allowed;
  const verdict = verifyReach({
    model: before,
    probe: PROBE,
    pairs,
    witnesses: DEPLOYMENT_WITNESSES,
    stride: strideFor(workloads),
  });
  report(label('reach'), verdict.problems);
  report(label('coverage'), checkCoverage(before, parsed(runs.coverage)));
  report(label('lint'), checkLint(before, parsed(runs.lint), workloads / WORKLOADS_PER_NAMESPACE));
  report(label('explain'), checkExplain(before, parsed(runs.explain), EXPLAINED));
  report(label('diff'), checkDiff(before, model(changedDir), PROBE, parsed(runs.diff)));
  const connections = checkConnections(before, parsed(runs['reach-all']), DEPLOYMENT_WITNESSES);
  report(label('reach-all'), connections.problems);
  console.log(
    `  checked: ${pairs.length} allowed pairs, every flow of ${verdict.sampled} endpoints judged one at a time, ` +
      `${verdict.witnesses} feature witnesses; coverage, lint, explain and diff against the in-process model and the cluster's construction`,
  );
  console.log(
    `  checked: ${connections.connections} connections (reach-all) equal the model's, and hold exactly reach's pairs at ${connections.probes} probes`,
  );
}

const seconds = (value: number): string => value.toFixed(2).padStart(7);
const mib = (value: number): string => value.toFixed(0).padStart(6);

function printSize(workloads: number, policies: number, floor: Run, floorBoth: Run, rows: Row[]): void {
  console.log(
    `\n${workloads.toLocaleString('en-US')} workloads, ${policies.toLocaleString('en-US')} policies: parse floor ` +
      `${floor.cpuSeconds.toFixed(2)} s CPU (${mib(floor.maxRssMiB).trim()} MiB), two folders (diff) ${floorBoth.cpuSeconds.toFixed(2)} s`,
  );
  console.log('  command     CPU s  x floor  peak MiB   wall s');
  for (const { name, run, floorSeconds } of rows) {
    const ratio = run.cpuSeconds / floorSeconds;
    console.log(
      `  ${name.padEnd(9)} ${seconds(run.cpuSeconds)}  ${ratio.toFixed(2).padStart(7)}  ${mib(run.maxRssMiB)}  ${seconds(run.wallSeconds)}`,
    );
    if (workloads < LIMITED_FROM || !FLOOR_LIMITED.has(name)) continue;
    const size = `at ${workloads.toLocaleString('en-US')} workloads`;
    if (ratio > MAX_FLOOR_RATIO)
      problems.push(`${name} ${size} costs ${ratio.toFixed(2)}x the parse floor (limit ${MAX_FLOOR_RATIO})`);
    if (run.maxRssMiB > MAX_RSS_MIB)
      problems.push(`${name} ${size} peaks at ${run.maxRssMiB.toFixed(0)} MiB (limit ${MAX_RSS_MIB})`);
  }
}

/** reach without --probe must cost at most MAX_ALL_PORTS_RATIO x reach with one probe, at every size. */
function printAllPortsRatio(workloads: number, rows: readonly Row[]): void {
  const cost = (name: CommandName) => rows.find((row) => row.name === name)!.run.cpuSeconds;
  const ratio = cost('reach-all') / cost('reach');
  console.log(
    `  reach-all (every port, no --probe) costs ${ratio.toFixed(2)}x reach with one probe (limit ${MAX_ALL_PORTS_RATIO})`,
  );
  if (ratio > MAX_ALL_PORTS_RATIO) {
    problems.push(
      `reach-all at ${workloads.toLocaleString('en-US')} workloads costs ${ratio.toFixed(2)}x reach with one probe (limit ${MAX_ALL_PORTS_RATIO})`,
    );
  }
}

/** log(t2/t1) / log(n2/n1): 1 is linear, 2 quadratic. */
function printExponents(results: readonly SizeResult[]): void {
  if (results.length < 2) return;
  console.log('\ngrowth exponent of CPU time between sizes (1 = linear, 2 = quadratic)');
  const spans = results.slice(1).map((result, i) => [results[i], result] as const);
  console.log(
    `  command  ${spans.map(([a, b]) => `${a.workloads / 1000}k->${b.workloads / 1000}k`.padStart(12)).join('')}`,
  );
  const exponent = (a: number, b: number, n1: number, n2: number) => Math.log(b / a) / Math.log(n2 / n1);
  const line = (name: string, cost: (result: SizeResult) => number) =>
    `  ${name.padEnd(9)} ${spans.map(([a, b]) => exponent(cost(a), cost(b), a.workloads, b.workloads).toFixed(2).padStart(12)).join('')}`;
  console.log(line('floor', (result) => result.floor.cpuSeconds));
  for (const name of COMMANDS) {
    console.log(line(name, (result) => result.rows.find((row) => row.name === name)!.run.cpuSeconds));
  }
}

/** The 9-pod cluster: Pods with IPs, inside ipBlock excepts, reaching themselves. */
function benchPods(root: string): void {
  const dir = join(root, 'pods');
  writeCluster(dir, { namespaces: 3, workloadsPerNamespace: 3, kind: 'Pod' });
  const run = measure(cli('reach', dir, ...PROBE_ARGS));
  const pairs = parsed<{ probes: Array<{ allowed: Pair[] }> }>(run).probes[0].allowed;
  const witnesses: readonly Witness[] = POD_WITNESSES;
  const verdict = verifyReach({ model: model(dir), probe: PROBE, pairs, witnesses, stride: 1 });
  report('reach on 9 pods', verdict.problems);
  console.log(`9 pods: reach ${run.cpuSeconds.toFixed(2)} s CPU, ${pairs.length} pairs, every flow checked`);
}

function main(): number {
  const root = mkdtempSync(join(tmpdir(), 'netpol-bench-'));
  try {
    console.log(`netpol ${COMMANDS.join(', ')} (${PROBE_ARGS.join(' ')}); CPU time, user + system`);
    benchPods(root);
    const results = sizesFromArguments(process.argv.slice(2)).map((size) => benchSize(root, size));
    printExponents(results);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.log(problems.length === 0 ? 'PASSED' : `FAILED: ${problems.join('; ')}`);
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = main();
