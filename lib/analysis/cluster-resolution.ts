import type { ClusterPolicySpec, ClusterRule, Tier } from './cluster-policy';
import type { EndpointIndex } from './endpoint-index';
import { DIRECTIONS, type Direction } from './policy';
import type { SortedIds } from './sorted-ids';
import { compareStrings } from './types';

/** A ClusterNetworkPolicy rule with its peers resolved once to endpoint indexes. */
export interface ResolvedClusterRule {
  /** Unique among cluster rules: keys the caches of the tier decisions. */
  uid: number;
  rule: ClusterRule;
  /**
   * Endpoints each peer matches, in peer order (networks: one peer per CIDR), the index's shared selections as for
   * NetworkPolicy rules: the rule matches the union of these lists.
   */
  peers: readonly SortedIds[];
}

export interface ResolvedClusterPolicy {
  spec: ClusterPolicySpec;
  /** Endpoints the subject selects, ascending (host-networked pods never: types, ClusterNetworkPolicySubject). */
  subject: SortedIds;
  rules: Readonly<Record<Direction, readonly ResolvedClusterRule[]>>;
}

/** The two cluster-wide tiers, resolved once per model. */
export interface ClusterTiers {
  /** Admin first, then Baseline; in each tier by priority (lower first), then by name (see `samePriority`). */
  policies: readonly ResolvedClusterPolicy[];
  /** Per direction, tier and endpoint: the policies (indexes into `policies`) with rules for it, in precedence order. */
  applying: Readonly<Record<Direction, Readonly<Record<Tier, readonly (readonly number[])[]>>>>;
}

/**
 * types, spec.priority: "Policies with lower priority values have higher precedence". Two policies of one tier at
 * the same priority "could match a connection [and] the implementation can apply any of the matching policies":
 * the analyzer orders them by name to be deterministic, and lint reports the overlap (`cluster-priority-overlap`).
 */
function comparePrecedence(a: ClusterPolicySpec, b: ClusterPolicySpec): number {
  if (a.tier !== b.tier) return a.tier === 'Admin' ? -1 : 1;
  return a.priority - b.priority || compareStrings(a.name, b.name);
}

export function resolveClusterPolicies(
  index: EndpointIndex,
  size: number,
  specs: readonly ClusterPolicySpec[],
): ClusterTiers {
  let uid = 0;
  const resolveRule = (rule: ClusterRule): ResolvedClusterRule => ({
    uid: uid++,
    rule,
    peers: rule.peers.map((peer) => index.peerMembers(peer)),
  });
  const policies = [...specs].sort(comparePrecedence).map((spec): ResolvedClusterPolicy => ({
    spec,
    subject: index.peerMembers(spec.subject),
    rules: { ingress: spec.rules.ingress.map(resolveRule), egress: spec.rules.egress.map(resolveRule) },
  }));
  const perEndpoint = (): number[][] => Array.from({ length: size }, (): number[] => []);
  const applying = {
    ingress: { Admin: perEndpoint(), Baseline: perEndpoint() },
    egress: { Admin: perEndpoint(), Baseline: perEndpoint() },
  };
  policies.forEach((policy, p) => {
    for (const direction of DIRECTIONS) {
      // types: "CNPs with no ingress rules do not affect ingress traffic" (and likewise for egress).
      if (policy.rules[direction].length === 0) continue;
      for (const id of policy.subject) applying[direction][policy.spec.tier][id].push(p);
    }
  });
  return { policies, applying };
}
