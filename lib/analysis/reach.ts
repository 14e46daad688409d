import { reachesItself } from './explain';
import { IdSet } from './id-set';
import { hasNamedPort, portsMatch } from './ports';
import type { Direction, PolicyRule } from './policy';
import type { Resolution, ResolvedRule } from './resolution';
import { applyClusterTiers } from './tiers';
import type { Probe } from './types';

/** An allowed flow: `[source id, destination id]`. */
export type Pair = [string, string];

/** One string per pair, for sets of pairs: ids never contain a NUL character. */
export function pairKey([from, to]: Pair): string {
  return `${from}\u0000${to}`;
}

/** `'all'`: the direction is not isolated, or a rule admits every peer. */
export type Allowed = IdSet | 'all';

interface Group {
  uid: number;
  members: Allowed;
}

/**
 * Unions of rule groups, cached by the rules that make them up: every pod behind the same policies
 * (typically a whole namespace) shares one union instead of recomputing it.
 */
class UnionCache {
  private readonly unions = new Map<string, Allowed>();

  constructor(private readonly size: number) {}

  union(groups: readonly Group[]): Allowed {
    const key = groups.map((group) => group.uid).join(',');
    let allowed = this.unions.get(key);
    if (allowed === undefined) {
      allowed = groups.some((group) => group.members === 'all') ? 'all' : new IdSet(this.size);
      if (allowed !== 'all') for (const group of groups) allowed.addAll(group.members as IdSet);
      this.unions.set(key, allowed);
    }
    return allowed;
  }
}

/**
 * Per endpoint, what its `direction` admits: the union of the member sets `membersOf` gives for the
 * rules of the policies isolating it (`undefined` when a rule does not admit the probe).
 */
function allowedPerEndpoint(
  res: Resolution,
  direction: Direction,
  unions: UnionCache,
  membersOf: (rule: ResolvedRule, self: number) => Allowed | undefined,
): Allowed[] {
  return res.endpoints.map((_, self) => {
    const policies = res.isolatedBy[direction][self];
    if (policies.length === 0) return 'all';
    const groups: Group[] = [];
    for (const policy of policies) {
      for (const rule of res.policies[policy].rules[direction]) {
        const members = membersOf(rule, self);
        if (members) groups.push({ uid: rule.uid, members });
      }
    }
    return unions.union(groups);
  });
}

/**
 * The destinations an egress rule admits for this probe: its peers, filtered by named ports when it has any.
 * ClusterNetworkPolicy rules share it (tiers.ts): they have the same peers and ports.
 */
export function egressTargets(
  res: Resolution,
  probe: Probe,
  rule: { rule: Pick<PolicyRule, 'ports'>; peers: Allowed },
): Allowed | undefined {
  const ports = rule.rule.ports;
  if (!hasNamedPort(ports)) return portsMatch(ports, probe, []) ? rule.peers : undefined;
  const targets = new IdSet(res.endpoints.length);
  const keep = (d: number): void => {
    if (portsMatch(ports, probe, res.endpoints[d].ports)) targets.add(d);
  };
  if (rule.peers === 'all') res.endpoints.forEach((_, d) => keep(d));
  else rule.peers.forEach(keep);
  return targets;
}

/**
 * Every allowed ordered pair for one probe, sorted: the source's egress AND the destination's
 * ingress must admit it. Cost follows the policies' selections: unions are built per distinct set
 * of rules, and only a source's admitted destinations are visited. Pairs of two external endpoints
 * never touch the cluster and are left out; a Pod always reaches itself (see `reachesItself`).
 */
export function computeReach(res: Resolution, probe: Probe): Pair[] {
  const size = res.endpoints.length;
  const unions = new UnionCache(size);
  // Ingress: the sources each destination admits; named ports resolve on that destination.
  const ingress = applyClusterTiers(
    res,
    'ingress',
    probe,
    allowedPerEndpoint(res, 'ingress', unions, (rule, destination) =>
      portsMatch(rule.rule.ports, probe, res.endpoints[destination].ports) ? rule.peers : undefined,
    ),
  );
  // Egress: the destinations each source admits; a rule's targets are the same for every source.
  const targets = new Map<number, Allowed | undefined>();
  const egress = applyClusterTiers(
    res,
    'egress',
    probe,
    allowedPerEndpoint(res, 'egress', unions, (rule) => {
      if (!targets.has(rule.uid)) targets.set(rule.uid, egressTargets(res, probe, rule));
      return targets.get(rule.uid);
    }),
  );
  const external = res.endpoints.map((endpoint) => endpoint.namespace === undefined);
  const pairs: Pair[] = [];
  for (let s = 0; s < size; s++) {
    const destinations: number[] = [];
    const visit = (d: number): void => {
      if (external[s] && external[d]) return;
      const admitted = ingress[d];
      if (admitted === 'all' || admitted.has(s)) destinations.push(d);
    };
    const targets = egress[s];
    if (targets === 'all') for (let d = 0; d < size; d++) visit(d);
    else targets.forEach(visit);
    if (reachesItself(res, s, s)) insertAscending(destinations, s);
    const source = res.endpoints[s].id;
    for (const d of destinations) pairs.push([source, res.endpoints[d].id]);
  }
  return pairs;
}

function insertAscending(ids: number[], id: number): void {
  const at = ids.findIndex((other) => other >= id);
  if (at === -1) ids.push(id);
  else if (ids[at] !== id) ids.splice(at, 0, id);
}
