import type { ClusterPolicySpec } from './cluster-policy';
import { resolveClusterPolicies, type ClusterTiers } from './cluster-resolution';
import { EndpointIndex } from './endpoint-index';
import { IdSet } from './id-set';
import { DIRECTIONS, type Direction, type PolicyRule, type PolicySpec } from './policy';
import type { Endpoint, Labels } from './types';

/** A rule with its peers resolved once to endpoint indexes. */
export interface ResolvedRule {
  /** Unique across the model: lets reach cache unions of the same rules. */
  uid: number;
  policy: number;
  rule: PolicyRule;
  /** Endpoints each peer matches, in peer order; `null` when the rule has no peers (all). */
  peerMembers: readonly (readonly number[])[] | null;
  peers: IdSet | 'all';
}

export interface ResolvedPolicy {
  spec: PolicySpec;
  /** Endpoints the podSelector selects in the policy's namespace, ascending. */
  selected: readonly number[];
  rules: Readonly<Record<Direction, readonly ResolvedRule[]>>;
}

/** Everything the questions (reach, explain, coverage, lint) need, computed once per model. */
export interface Resolution {
  /** Sorted by id; an endpoint's position is its index everywhere else. */
  endpoints: readonly Endpoint[];
  indexById: ReadonlyMap<string, number>;
  namespaces: ReadonlyMap<string, Labels>;
  policies: readonly ResolvedPolicy[];
  /** Per endpoint and direction, the policies that select it and isolate that direction. */
  isolatedBy: Readonly<Record<Direction, readonly (readonly number[])[]>>;
  index: EndpointIndex;
  /** The ClusterNetworkPolicies' Admin and Baseline tiers around the NetworkPolicies (see tiers.ts). */
  cluster: ClusterTiers;
}

function resolveRule(
  index: EndpointIndex,
  size: number,
  rule: PolicyRule,
  policy: number,
  uid: number,
): ResolvedRule {
  if (rule.peers === null) return { uid, policy, rule, peerMembers: null, peers: 'all' };
  const peerMembers = rule.peers.map((peer) => index.peerMembers(peer));
  const peers = new IdSet(size);
  for (const members of peerMembers) for (const id of members) peers.add(id);
  return { uid, policy, rule, peerMembers, peers };
}

export function resolve(
  endpoints: readonly Endpoint[],
  namespaces: ReadonlyMap<string, Labels>,
  specs: readonly PolicySpec[],
  clusterSpecs: readonly ClusterPolicySpec[] = [],
): Resolution {
  const index = new EndpointIndex(endpoints, namespaces);
  const isolatedBy = {
    ingress: endpoints.map((): number[] => []),
    egress: endpoints.map((): number[] => []),
  };
  let uid = 0;
  const policies = specs.map((spec, policy): ResolvedPolicy => {
    const selected = index.podsInNamespace(spec.namespace, spec.podSelector);
    for (const direction of DIRECTIONS) {
      if (spec.isolates.has(direction)) for (const id of selected) isolatedBy[direction][id].push(policy);
    }
    const rules = {
      ingress: spec.rules.ingress.map((rule) => resolveRule(index, endpoints.length, rule, policy, uid++)),
      egress: spec.rules.egress.map((rule) => resolveRule(index, endpoints.length, rule, policy, uid++)),
    };
    return { spec, selected, rules };
  });
  return {
    endpoints,
    indexById: new Map(endpoints.map((endpoint, id) => [endpoint.id, id])),
    namespaces,
    policies,
    isolatedBy,
    index,
    cluster: resolveClusterPolicies(index, endpoints.length, clusterSpecs),
  };
}

export function peersInclude(rule: ResolvedRule, id: number): boolean {
  return rule.peers === 'all' || rule.peers.has(id);
}
