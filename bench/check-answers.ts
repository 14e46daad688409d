/**
 * Checks of the answers `npm run bench` times, beside reach's (verify-reach.ts): each printed answer must equal
 * the in-process model's, and what the synthetic cluster's construction guarantees must hold.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  connectionsFromJson,
  connectionsToJson,
  formatProbe,
  pairKey,
  type ClusterModel,
  type Pair,
  type Probe,
} from '../lib/analysis';
import { changeOf } from './synthetic-cluster';
import type { Witness } from './verify-reach';

const KUBE_DNS = 'kube-system/coredns';

function sameAsModel(printed: unknown, computed: unknown, what: string): string[] {
  return isDeepStrictEqual(printed, computed)
    ? []
    : [`the CLI printed a ${what} that differs from the model's`];
}

/**
 * Every team namespace has a default deny for both directions: only kube-dns (no NetworkPolicy) is not isolated,
 * and the Baseline default deny covers it.
 */
export function checkCoverage(model: ClusterModel, printed: unknown): string[] {
  const expected = {
    uncovered: { ingress: [], egress: [] },
    baselineOnly: { ingress: [KUBE_DNS], egress: [KUBE_DNS] },
  };
  return [
    ...sameAsModel(printed, model.coverage(), 'coverage'),
    ...(isDeepStrictEqual(printed, expected)
      ? []
      : [`${KUBE_DNS} alone should be covered only by the Baseline tier, in both directions`]),
  ];
}

/** The synthetic policies are sound (DNS allowed, named ports declared, no empty selector): no finding. */
export function checkLint(model: ClusterModel, printed: unknown, namespaces: number): string[] {
  const report = model.lint();
  const problems = sameAsModel(printed, report, 'lint report');
  if (report.findings.length > 0) {
    problems.push(
      `${report.findings.length} findings in ${namespaces} sound namespaces, e.g. ${report.findings[0].message}`,
    );
  }
  return problems;
}

export function checkExplain(model: ClusterModel, printed: unknown, witness: Witness): string[] {
  const explanation = model.explain(witness.from, witness.to, witness.probe);
  const problems = sameAsModel(printed, explanation, 'explanation');
  if (explanation.allowed !== witness.allowed)
    problems.push(`${witness.feature}: explain says ${explanation.allowed}`);
  return problems;
}

interface PrintedDiff {
  probes: Array<{ added: Pair[]; removed: Pair[] }>;
}

const namespaceIndex = (id: string): number => Number(/^team-(\d+)\//.exec(id)?.[1] ?? -1);

/**
 * The flows diff prints equal the set differences of the two reaches, computed here pair by pair; the opened
 * ones are worker -> api in the namespaces that open, the closed ones internet -> web in those that close.
 */
export function checkDiff(
  before: ClusterModel,
  after: ClusterModel,
  probe: Probe,
  printed: PrintedDiff,
): string[] {
  const [was, is] = [before.reach(probe), after.reach(probe)];
  const [wasKeys, isKeys] = [new Set(was.map(pairKey)), new Set(is.map(pairKey))];
  const added = is.filter((pair) => !wasKeys.has(pairKey(pair)));
  const removed = was.filter((pair) => !isKeys.has(pairKey(pair)));
  const problems: string[] = [];
  const { added: printedAdded, removed: printedRemoved } = printed.probes[0];
  if (!isDeepStrictEqual(printedAdded, added))
    problems.push(`printed ${printedAdded.length} opened flows, expected ${added.length}`);
  if (!isDeepStrictEqual(printedRemoved, removed))
    problems.push(`printed ${printedRemoved.length} closed flows, expected ${removed.length}`);
  if (added.length === 0 || removed.length === 0) problems.push('the change should open and close flows');
  for (const [from, to] of added) {
    if (changeOf(namespaceIndex(to)) !== 'opens' || namespaceIndex(from) !== namespaceIndex(to)) {
      problems.push(`${from} -> ${to} opened outside the namespaces that open flows`);
    }
  }
  for (const [from, to] of removed) {
    if (from !== 'internet' || changeOf(namespaceIndex(to)) !== 'closes') {
      problems.push(`${from} -> ${to} closed, but only internet -> web closes`);
    }
  }
  return problems;
}

/**
 * The connectivity list (reach without --probe) equals the model's, and at every probe the feature witnesses use
 * its pairs whose ports hold the probe are exactly what single-probe reach allows; every whole-flow witness agrees.
 */
export function checkConnections(
  model: ClusterModel,
  printed: unknown,
  witnesses: readonly Witness[],
): { problems: string[]; connections: number; probes: number } {
  const problems = sameAsModel(printed, connectionsToJson(model.connections()), 'connectivity list');
  const connections = connectionsFromJson(printed);
  if (connections.length === 0) problems.push('the connectivity list is empty');
  const probes = new Map(witnesses.map(({ probe }) => [formatProbe(probe), probe]));
  for (const [text, probe] of probes) {
    const holding = connections.filter((c) => c.allowed.has(probe)).map((c) => pairKey([c.from, c.to]));
    const reached = model.reach(probe).map(pairKey);
    if (!isDeepStrictEqual(holding, reached)) {
      problems.push(`${text}: the list holds ${holding.length} pairs, reach allows ${reached.length}`);
    }
  }
  const byPair = new Map(connections.map((c) => [pairKey([c.from, c.to]), c.allowed]));
  for (const witness of witnesses.filter((w) => w.side === undefined)) {
    const allowed = byPair.get(pairKey([witness.from, witness.to]))?.has(witness.probe) ?? false;
    if (allowed !== witness.allowed) {
      problems.push(
        `${witness.feature}: the list says ${witness.from} -> ${witness.to} ${formatProbe(witness.probe)} is ${allowed ? 'allowed' : 'denied'}`,
      );
    }
  }
  return { problems, connections: connections.length, probes: probes.size };
}
