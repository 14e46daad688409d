import { admits, directionAdmissions, probeAdmission, type DirectionAdmissions } from './admission';
import type { ResolvedClusterRule } from './cluster-resolution';
import { reachesItself } from './explain';
import type { Resolution } from './resolution';
import { unionOf, type SortedIds } from './sorted-ids';
import type { Probe } from './types';

/** An allowed flow: `[source id, destination id]`. */
export type Pair = [string, string];

/** One string per pair, for sets of pairs: ids never contain a NUL character. */
export function pairKey([from, to]: Pair): string {
  return `${from}\u0000${to}`;
}

/**
 * The sources' view of ingress: for each source, the destinations whose ingress admits it, found from the
 * ingress lists that hold it. `cost(s)` is how many destinations that visits, so reach can start from whichever
 * side of a source is smaller.
 */
class IngressBySource {
  /** Destinations not isolated for ingress (or admitting every source). */
  readonly open: SortedIds;
  /** Per source, the ingress lists that hold it. */
  private readonly listsHolding: (SortedIds[] | undefined)[];
  /** Per ingress list, the classes that admit it. */
  private readonly classesOf = new Map<SortedIds, number[]>();
  private readonly weight: Float64Array;

  constructor(private readonly ingress: DirectionAdmissions) {
    const size = ingress.classOf.length;
    this.open = ingress.members[0];
    this.listsHolding = new Array(size);
    this.weight = new Float64Array(size);
    ingress.admissions.forEach((admission, index) => {
      if (admission === 'all') return;
      for (const list of admission) {
        const classes = this.classesOf.get(list);
        if (classes) classes.push(index);
        else this.classesOf.set(list, [index]);
      }
    });
    for (const [list, classes] of this.classesOf) {
      const destinations = classes.reduce((sum, index) => sum + ingress.members[index].length, 0);
      for (const source of list) {
        (this.listsHolding[source] ??= []).push(list);
        this.weight[source] += destinations;
      }
    }
  }

  cost(source: number): number {
    return this.open.length + this.weight[source];
  }

  /** Every destination whose ingress admits `source`, ascending. */
  destinations(source: number): SortedIds {
    const lists: SortedIds[] = [this.open];
    for (const list of this.listsHolding[source] ?? []) {
      for (const index of this.classesOf.get(list) ?? []) lists.push(this.ingress.members[index]);
    }
    return unionOf(lists);
  }
}

/** The destinations an egress class admits, merged once per class (a namespace's sources come in a row). */
class EgressCandidates {
  private lastClass = -1;
  private lastTargets: SortedIds = [];

  constructor(private readonly egress: DirectionAdmissions) {}

  /** How many destinations the class names; Infinity for every destination. */
  cost(source: number): number {
    const admission = this.egress.admissions[this.egress.classOf[source]];
    return admission === 'all' ? Infinity : admission.reduce((sum, ids) => sum + ids.length, 0);
  }

  targets(source: number): SortedIds {
    const index = this.egress.classOf[source];
    if (index !== this.lastClass) {
      this.lastTargets = unionOf(this.egress.admissions[index] as SortedIds[]);
      this.lastClass = index;
    }
    return this.lastTargets;
  }
}

/**
 * Which sources to walk and which pairs to keep: the focus filters of `reach` and `diff`, so that a large cluster
 * is read a namespace at a time. A source that fails `source` is not walked at all.
 */
export interface PairFocus {
  source?(id: number): boolean;
  pair?(from: number, to: number): boolean;
}

/**
 * Visits, per source ascending and then per destination ascending, every pair that the admissions may allow: each
 * source starts from the smaller side (the destinations its egress names, or those whose ingress holds it), so the
 * cost follows the policies' selections and the answer, never sources x endpoints. `fromEgress` says which side
 * produced the candidate, so a single-probe verdict need only check the other. Pairs of two external endpoints
 * never touch the cluster and are not visited; a Pod's pair with itself always is (see `reachesItself`).
 */
export function walkCandidates(
  res: Resolution,
  ingress: DirectionAdmissions,
  egress: DirectionAdmissions,
  visit: (source: number, destination: number, fromEgress: boolean) => void,
  focus: PairFocus = {},
): void {
  const bySource = new IngressBySource(ingress);
  const egressCandidates = new EgressCandidates(egress);
  const external = res.endpoints.map((endpoint) => endpoint.namespace === undefined);
  const keep = focus.pair ?? (() => true);
  for (let s = 0; s < res.endpoints.length; s++) {
    if (focus.source && !focus.source(s)) continue;
    const fromEgress = egressCandidates.cost(s) <= bySource.cost(s);
    const candidates = fromEgress ? egressCandidates.targets(s) : bySource.destinations(s);
    const itself = reachesItself(res, s, s);
    let itselfPending = itself;
    for (const d of candidates) {
      if (itselfPending && d >= s) {
        if (keep(s, s)) visit(s, s, fromEgress);
        itselfPending = false;
      }
      if ((d === s && itself) || (external[s] && external[d]) || !keep(s, d)) continue;
      visit(s, d, fromEgress);
    }
    if (itselfPending && keep(s, s)) visit(s, s, fromEgress);
  }
}

/** Every allowed ordered pair for one probe, sorted: the source's egress AND the destination's ingress admit it. */
export function computeReach(res: Resolution, probe: Probe, focus?: PairFocus): Pair[] {
  return allowedPairs(
    res,
    directionAdmissions(
      res,
      'ingress',
      probeAdmission(res, 'ingress', probe),
      probeAdmission<ResolvedClusterRule>(res, 'ingress', probe),
    ),
    directionAdmissions(
      res,
      'egress',
      probeAdmission(res, 'egress', probe),
      probeAdmission<ResolvedClusterRule>(res, 'egress', probe),
    ),
    focus,
  );
}

/** The pairs that both sides' classes admit, sorted by source then destination (see `walkCandidates`). */
export function allowedPairs(
  res: Resolution,
  ingress: DirectionAdmissions,
  egress: DirectionAdmissions,
  focus?: PairFocus,
): Pair[] {
  const pairs: Pair[] = [];
  const visit = (s: number, d: number, fromEgress: boolean): void => {
    const allowed =
      reachesItself(res, s, d) ||
      (fromEgress
        ? admits(ingress.admissions[ingress.classOf[d]], s)
        : admits(egress.admissions[egress.classOf[s]], d));
    if (allowed) pairs.push([res.endpoints[s].id, res.endpoints[d].id]);
  };
  walkCandidates(res, ingress, egress, visit, focus);
  return pairs;
}
