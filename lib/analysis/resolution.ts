import type { ClusterPolicySpec } from './cluster-policy';
import { resolveClusterPolicies, type ClusterTiers } from './cluster-resolution';
import { EndpointIndex } from './endpoint-index';
import { type Direction, type PolicyRule, type PolicySpec } from './policy';
import { anyIncludes, type SortedIds } from './sorted-ids';
import type { Endpoint, Labels } from './types';

/** A rule with its peers resolved once to endpoint indexes. */
export interface ResolvedRule {
  /** Unique across the model: names the rule in the keys of admission classes. */
  uid: number;
  policy: number;
  rule: PolicyRule;
  /**
   * Endpoints each peer matches, in peer order (the index's shared selections, not copies); `'all'` when the rule
   * has no peers. The rule admits the union of these lists.
   */
  peers: readonly SortedIds[] | 'all';
}

export interface ResolvedPolicy {
  spec: PolicySpec;
  /** Endpoints the podSelector selects in the policy's namespace, ascending. */
  selected: SortedIds;
  rules: Readonly<Record<Direction, readonly ResolvedRule[]>>;
}

/** Everything the questions (reach, explain, coverage, lint) need, computed once per model. */
export interface Resolution {
  /** Sorted by id; an endpoint's position is its index everywhere else. */
  endpoints: readonly Endpoint[];
  indexById: ReadonlyMap<string, number>;
  namespaces: ReadonlyMap<string, Labels>;
  policies: readonly ResolvedPolicy[];
  /**
   * Per endpoint and direction, the policies that select it and isolate that direction, ascending. Endpoints behind
   * the same policies share one array, so the array's identity names the group.
   */
  isolatedBy: Readonly<Record<Direction, readonly (readonly number[])[]>>;
  index: EndpointIndex;
  /** The ClusterNetworkPolicies' Admin and Baseline tiers around the NetworkPolicies (see tiers.ts). */
  cluster: ClusterTiers;
}

const NO_POLICY: readonly number[] = [];

function resolveRule(index: EndpointIndex, rule: PolicyRule, policy: number, uid: number): ResolvedRule {
  if (rule.peers === null) return { uid, policy, rule, peers: 'all' };
  return { uid, policy, rule, peers: rule.peers.map((peer) => index.peerMembers(peer)) };
}

/** Per endpoint, the isolating policies of one direction; equal lists are one shared array. */
function isolation(endpointCount: number, selections: ReadonlyArray<SortedIds | undefined>): number[][] {
  const lists: number[][] = Array.from({ length: endpointCount }, () => NO_POLICY as number[]);
  selections.forEach((selected, policy) => {
    for (const id of selected ?? []) {
      if (lists[id] === NO_POLICY) lists[id] = [policy];
      else lists[id].push(policy);
    }
  });
  const shared = new Map<string, number[]>();
  return lists.map((policies) => {
    if (policies.length === 0) return policies;
    const key = policies.join(',');
    let list = shared.get(key);
    if (!list) shared.set(key, (list = policies));
    return list;
  });
}

export function resolve(
  endpoints: readonly Endpoint[],
  namespaces: ReadonlyMap<string, Labels>,
  specs: readonly PolicySpec[],
  clusterSpecs: readonly ClusterPolicySpec[] = [],
): Resolution {
  const index = new EndpointIndex(endpoints, namespaces);
  let uid = 0;
  const policies = specs.map((spec, policy): ResolvedPolicy => {
    const selected = index.podsInNamespace(spec.namespace, spec.podSelector);
    const rules = {
      ingress: spec.rules.ingress.map((rule) => resolveRule(index, rule, policy, uid++)),
      egress: spec.rules.egress.map((rule) => resolveRule(index, rule, policy, uid++)),
    };
    return { spec, selected, rules };
  });
  const isolating = (direction: Direction) =>
    policies.map((policy) => (policy.spec.isolates.has(direction) ? policy.selected : undefined));
  return {
    endpoints,
    indexById: new Map(endpoints.map((endpoint, id) => [endpoint.id, id])),
    namespaces,
    policies,
    isolatedBy: {
      ingress: isolation(endpoints.length, isolating('ingress')),
      egress: isolation(endpoints.length, isolating('egress')),
    },
    index,
    cluster: resolveClusterPolicies(index, endpoints.length, clusterSpecs),
  };
}

export function peersInclude(rule: ResolvedRule, id: number): boolean {
  return rule.peers === 'all' || anyIncludes(rule.peers, id);
}
