import { hasNamedPort, portsMatch, type PortRules } from './ports';
import type { Direction } from './policy';
import type { ResolvedClusterRule } from './cluster-resolution';
import type { Resolution, ResolvedRule } from './resolution';
import { anyIncludes, type SortedIds } from './sorted-ids';
import { ClusterTierAdmissions } from './tiers';
import type { Probe } from './types';

/** What one side of a flow admits for a probe: every peer, or the peers in any of these lists. */
export type Admission = 'all' | readonly SortedIds[];

export function admits(admission: Admission, peer: number): boolean {
  return admission === 'all' || anyIncludes(admission, peer);
}

/**
 * What every endpoint's `direction` admits for one probe, grouped: endpoints admitted the same peers by the same
 * rules (typically the pods of a namespace with one role) share one class, so the cost follows the distinct
 * policy sets and their selections, not endpoints x rules. Class 0 is the open class ('all': not isolated, or a
 * rule without peers). Built from a RuleAdmission (`probeAdmission` for one probe), so other questions (every
 * port at once) group with another one; a tiered decision (admin, NetworkPolicy, baseline) plugs in here too, per
 * direction, as another way to build the classes that `allowedPairs` (reach.ts) consumes.
 */
export interface DirectionAdmissions {
  direction: Direction;
  /** Per endpoint, its class. */
  classOf: Int32Array;
  admissions: readonly Admission[];
  /** Per class, its endpoints, ascending. */
  members: readonly number[][];
}

/** What a rule admission reads of a rule: NetworkPolicy and ClusterNetworkPolicy rules alike (uids per kind). */
type PortsAndPeers = Pick<ResolvedRule, 'uid' | 'peers'> & { rule: { ports: PortRules } };

/** Egress rules: named ports resolve on each destination, so the rule admits only the peers that declare them. */
class EgressTargets {
  private readonly byRule = new Map<number, Admission | undefined>();
  private readonly everyPeerByPorts = new Map<string, SortedIds>();

  constructor(
    private readonly res: Resolution,
    private readonly probe: Probe,
  ) {}

  of(rule: PortsAndPeers): Admission | undefined {
    if (!this.byRule.has(rule.uid)) this.byRule.set(rule.uid, this.compute(rule));
    return this.byRule.get(rule.uid);
  }

  private compute(rule: PortsAndPeers): Admission | undefined {
    const ports = rule.rule.ports;
    if (!hasNamedPort(ports)) return portsMatch(ports, this.probe, []) ? rule.peers : undefined;
    if (rule.peers !== 'all') return rule.peers.map((ids) => this.declaring(ports, ids));
    const key = JSON.stringify(ports);
    let targets = this.everyPeerByPorts.get(key);
    if (!targets) {
      targets = this.declaring(
        ports,
        this.res.endpoints.map((_, id) => id),
      );
      this.everyPeerByPorts.set(key, targets);
    }
    return [targets];
  }

  private declaring(ports: PortRules, ids: SortedIds): number[] {
    return ids.filter((id) => portsMatch(ports, this.probe, this.res.endpoints[id].ports));
  }
}

/**
 * Whether one rule of an endpoint's isolating policies applies to it (for a probe: its ports match), and the
 * peers it then admits. The peers may depend on the rule only, never on the endpoint: endpoints to which the
 * same rules apply share one class.
 */
export type RuleAdmission<R extends PortsAndPeers = ResolvedRule> = (
  rule: R,
  self: number,
) => Admission | undefined;

/**
 * The rules that admit one probe: named ports resolve on the destination, whichever side the rule is on. For
 * NetworkPolicy rules, or (`R` = ResolvedClusterRule, in an admission of their own: uids are per kind) for
 * ClusterNetworkPolicy rules.
 */
export function probeAdmission<R extends PortsAndPeers = ResolvedRule>(
  res: Resolution,
  direction: Direction,
  probe: Probe,
): RuleAdmission<R> {
  if (direction === 'egress') {
    const targets = new EgressTargets(res, probe);
    return (rule) => targets.of(rule);
  }
  // Ingress: the endpoint itself is the destination.
  return (rule, self) =>
    portsMatch(rule.rule.ports, probe, res.endpoints[self].ports) ? rule.peers : undefined;
}

/** The rules of the endpoint's isolating policies that apply, and the peers they admit. */
function admittingRules(
  res: Resolution,
  direction: Direction,
  self: number,
  admittedBy: RuleAdmission,
): { key: string; admission: Admission } {
  const uids: number[] = [];
  const lists = new Set<SortedIds>();
  for (const policy of res.isolatedBy[direction][self]) {
    for (const rule of res.policies[policy].rules[direction]) {
      const admitted = admittedBy(rule, self);
      if (admitted === undefined) continue;
      if (admitted === 'all') return { key: '', admission: 'all' };
      uids.push(rule.uid);
      for (const ids of admitted) if (ids.length > 0) lists.add(ids);
    }
  }
  return { key: uids.join(','), admission: [...lists] };
}

/**
 * The rules that admit anything on any port: the candidates of the connectivity list, which judges the ports of
 * each pair (see DirectionPorts). A rule whose named ports resolve on no destination makes candidates that allow
 * nothing, and those are dropped there.
 */
export const anyPortAdmission: RuleAdmission = (rule) => rule.peers;

/**
 * Groups the endpoints of one direction into admission classes (see DirectionAdmissions), the NetworkPolicy tier's
 * by `admittedBy`, then the ClusterNetworkPolicy tiers around it by `clusterAdmittedBy` (see ClusterTierAdmissions):
 * for one probe, or `'any-port'` for the connectivity list's candidates (every peer a tier may admit on some port).
 */
export function directionAdmissions(
  res: Resolution,
  direction: Direction,
  admittedBy: RuleAdmission,
  clusterAdmittedBy: RuleAdmission<ResolvedClusterRule> | 'any-port',
): DirectionAdmissions {
  const classOf = new Int32Array(res.endpoints.length);
  const admissions: Admission[] = ['all'];
  const members: number[][] = [[]];
  const classByKey = new Map<string, number>();
  const classFor = (key: string, admission: Admission): number => {
    let index = classByKey.get(key) ?? -1;
    if (index === -1) {
      index = admissions.push(admission) - 1;
      members.push([]);
      classByKey.set(key, index);
    }
    return index;
  };
  const tiers = new ClusterTierAdmissions(res, direction, clusterAdmittedBy);
  res.endpoints.forEach((_, self) => {
    let index = 0;
    if (res.isolatedBy[direction][self].length > 0) {
      const { key, admission } = admittingRules(res, direction, self, admittedBy);
      if (admission !== 'all') index = classFor(key, admission);
    }
    const tiered = tiers.admission(self, index, admissions[index]);
    // Admitting every peer is the open class, whichever tier decided it (reach reads class 0 as "open").
    if (tiered) index = tiered.admission === 'all' ? 0 : classFor(tiered.key, tiered.admission);
    classOf[self] = index;
    members[index].push(self);
  });
  return { direction, classOf, admissions, members };
}
