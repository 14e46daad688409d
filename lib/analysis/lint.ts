import { CLUSTER_DNS_NAMESPACE, CLUSTER_DNS_POD_LABELS } from '../kubernetes';
import { lintClusterPolicies } from './cluster-lint';
import type { ResolvedClusterPolicy } from './cluster-resolution';
import { describeSource } from './errors';
import { explainFlow } from './explain';
import { applyAcknowledgements } from './lint-acknowledgements';
import type { Finding, LintReport, LintRule } from './lint-rules';
import { DIRECTIONS, type Direction, type PodPeer, type PolicyRule } from './policy';
import { portsMatch } from './ports';
import type { Resolution, ResolvedPolicy, ResolvedRule } from './resolution';
import { pinnedNamespaces, type Selector } from './selectors';
import type { SortedIds } from './sorted-ids';
import type { Probe } from './types';

const DNS: Probe = { protocol: 'UDP', port: 53 };

/** What the checks need about the whole input, computed once per lint run rather than once per policy. */
interface LintContext {
  readonly res: Resolution;
  readonly namespacesWithWorkloads: ReadonlySet<string>;
  /** hostNetwork pods by namespace. */
  readonly hostNetworkEndpoints: ReadonlyMap<string, readonly number[]>;
  readonly kubeDns: readonly number[];
  /** Every `protocol/name` some container declares. */
  readonly declaredPorts: ReadonlySet<string>;
  /** Answers of `declares` per shared selection, and of `allowsDns` per source: policies repeat them. */
  readonly declaredIn: Map<SortedIds, Map<string, boolean>>;
  readonly dnsAllowed: Map<number, boolean>;
}

type Check = (ctx: LintContext, policy: ResolvedPolicy) => Array<[LintRule, string]>;

const rulePath = (rule: PolicyRule): string => `spec.${rule.direction}[${rule.index}]`;
const rulesOf = (policy: ResolvedPolicy): ResolvedRule[] => DIRECTIONS.flatMap((d) => [...policy.rules[d]]);

/** Up to three ids, then how many more. */
function listIds(ids: readonly string[]): string {
  return ids.slice(0, 3).join(', ') + (ids.length > 3 ? `, and ${ids.length - 3} more` : '');
}

/** The hostNetwork pods of `namespaces` that `selector` (null: every pod) would match if selectors saw them. */
function hostNetworkPods(
  { res, hostNetworkEndpoints }: LintContext,
  namespaces: readonly string[],
  selector: Selector | null,
): string[] {
  return namespaces
    .flatMap((namespace) => hostNetworkEndpoints.get(namespace) ?? [])
    .sort((a, b) => a - b)
    .map((id) => res.endpoints[id])
    .filter((endpoint) => !selector || selector.matches(endpoint.labels))
    .map((endpoint) => endpoint.id);
}

/**
 * A namespace-wide policy (empty podSelector) in a namespace without workloads guards the pods to come (the
 * guide's "cover every pod"): only a policy for specific pods that selects nothing is reported, by one rule.
 * hostNetwork pods are never isolated, so a policy that matches them is reported whatever else it selects.
 */
const checkSelection: Check = (ctx, { spec, selected }) => {
  const hostPods = hostNetworkPods(ctx, [spec.namespace], spec.podSelector);
  if (hostPods.length > 0) {
    const message = `spec.podSelector matches hostNetwork pods ${listIds(hostPods)}, which no policy isolates`;
    return [['selects-host-network-pods', message]];
  }
  if (selected.length > 0 || spec.podSelector.isEmpty) return [];
  if (!ctx.namespacesWithWorkloads.has(spec.namespace)) {
    return [
      ['namespace-without-workloads', `namespace ${spec.namespace} has no workload for the policy to select`],
    ];
  }
  return [
    ['selector-matches-nothing', `spec.podSelector selects no workload in namespace ${spec.namespace}`],
  ];
};

/**
 * A peer that names its namespaces (kube-system for DNS, typically) points outside the analysed
 * manifests when none of them is in the input: that is not a stale selector, so it is not reported.
 */
export function namesAbsentNamespaces(res: Resolution, peer: PodPeer): boolean {
  const pinned = pinnedNamespaces(peer.namespaceSelector);
  return pinned !== undefined && pinned.every((name) => !res.namespaces.has(name));
}

function emptyPeerMessage(ctx: LintContext, peer: PodPeer): string {
  const hostPods = hostNetworkPods(ctx, ctx.res.index.peerNamespaces(peer), peer.podSelector);
  if (hostPods.length === 0) return `${peer.path} matches no workload`;
  return `${peer.path} matches only hostNetwork pods (${listIds(hostPods)}), which selectors never match: use an ipBlock of their nodes`;
}

const checkPeers: Check = (ctx, policy) =>
  rulesOf(policy).flatMap(({ rule, peers }) =>
    (rule.peers ?? []).flatMap((peer, i): Array<[LintRule, string]> => {
      const members = peers === 'all' ? [] : peers[i];
      if (peer.kind !== 'pods' || members.length > 0 || namesAbsentNamespaces(ctx.res, peer)) return [];
      return [['peer-matches-nothing', emptyPeerMessage(ctx, peer)]];
    }),
  );

/** Named ports resolve on the destination: the selected pods for ingress, the peers for egress. */
function destinationsOf(policy: ResolvedPolicy, rule: ResolvedRule): readonly SortedIds[] | 'all' {
  return rule.rule.direction === 'ingress' ? [policy.selected] : rule.peers;
}

const portKey = (protocol: string, name: string): string => `${protocol}/${name}`;

/** Whether a container of these endpoints declares the named port, once per shared selection and port. */
function declares(ctx: LintContext, destinations: readonly SortedIds[] | 'all', key: string): boolean {
  if (destinations === 'all') return ctx.declaredPorts.has(key);
  return destinations.some((ids) => {
    let answers = ctx.declaredIn.get(ids);
    if (!answers) ctx.declaredIn.set(ids, (answers = new Map()));
    let declared = answers.get(key);
    if (declared === undefined) {
      declared = ids.some((id) =>
        ctx.res.endpoints[id].ports.some((p) => portKey(p.protocol, p.name ?? '') === key),
      );
      answers.set(key, declared);
    }
    return declared;
  });
}

const checkNamedPorts: Check = (ctx, policy) =>
  rulesOf(policy).flatMap((rule) => {
    const destinations = destinationsOf(policy, rule);
    if (destinations !== 'all' && destinations.every((ids) => ids.length === 0)) return [];
    if (destinations === 'all' && ctx.res.endpoints.length === 0) return [];
    return (rule.rule.ports ?? []).flatMap((port, i): Array<[LintRule, string]> => {
      if (typeof port.port !== 'string') return [];
      if (declares(ctx, destinations, portKey(port.protocol, port.port))) return [];
      const whose = rule.rule.direction === 'ingress' ? 'selected pods' : 'destination pods';
      const message = `${rulePath(rule.rule)}.ports[${i}]: no container of the ${whose} declares ${port.protocol} port "${port.port}"`;
      return [['named-port-unresolved', message]];
    });
  });

/** DNS works when egress reaches kube-dns on UDP/53; without kube-dns in the input, any UDP/53 rule counts. */
function allowsDns({ res, kubeDns, dnsAllowed }: LintContext, source: number): boolean {
  let allowed = dnsAllowed.get(source);
  if (allowed === undefined) {
    allowed =
      kubeDns.length > 0
        ? kubeDns.some((dns) => explainFlow(res, source, dns, DNS).egress.allowed)
        : res.isolatedBy.egress[source].some((policy) =>
            res.policies[policy].rules.egress.some((rule) => portsMatch(rule.rule.ports, DNS, [])),
          );
    dnsAllowed.set(source, allowed);
  }
  return allowed;
}

function kubeDnsEndpoints(res: Resolution): number[] {
  const dnsLabels = Object.entries(CLUSTER_DNS_POD_LABELS);
  return res.endpoints.flatMap((endpoint, id) =>
    endpoint.namespace === CLUSTER_DNS_NAMESPACE &&
    dnsLabels.every(([key, value]) => endpoint.labels[key] === value)
      ? [id]
      : [],
  );
}

const checkDns: Check = (ctx, { spec, selected }) => {
  if (!spec.isolates.has('egress')) return [];
  const blind = selected.filter((id) => !allowsDns(ctx, id)).map((id) => ctx.res.endpoints[id].id);
  if (blind.length === 0) return [];
  return [
    [
      'egress-deny-without-dns',
      `isolates egress of ${listIds(blind)} but no policy lets them reach DNS (UDP/53)`,
    ],
  ];
};

const checkAllowAll: Check = (_ctx, policy) =>
  rulesOf(policy).flatMap(({ rule }): Array<[LintRule, string]> => {
    if (rule.peers !== null || rule.ports !== null) return [];
    const [name, who] =
      rule.direction === 'ingress' ? ['allow-all-ingress', 'source'] : ['allow-all-egress', 'destination'];
    return [[name as LintRule, `${rulePath(rule)} admits every ${who} on every port (no peers, no ports)`]];
  });

const checkIgnoredRules: Check = (_ctx, { spec }) =>
  DIRECTIONS.filter((direction: Direction) => spec.ignoredRules[direction] > 0).map((direction) => [
    'rules-ignored-by-policy-types',
    `spec.${direction} has ${spec.ignoredRules[direction]} rule(s) but policyTypes omits ${direction === 'ingress' ? 'Ingress' : 'Egress'}`,
  ]);

/** NetworkPolicies by `namespace/name`, ClusterNetworkPolicies (cluster-scoped) by `ClusterNetworkPolicy/name`. */
function duplicateNames(res: Resolution): Finding[] {
  const byId = new Map<string, Array<ResolvedPolicy | ResolvedClusterPolicy>>();
  for (const policy of [...res.policies, ...res.cluster.policies]) {
    const same = byId.get(policy.spec.id);
    if (same) same.push(policy);
    else byId.set(policy.spec.id, [policy]);
  }
  return [...byId]
    .filter(([, policies]) => policies.length > 1)
    .map(([id, policies]) => ({
      rule: 'duplicate-policy-name',
      object: id,
      message: `defined ${policies.length} times: ${policies.map((p) => describeSource(p.spec.source)).join('; ')}`,
    }));
}

/** Runs every rule on every policy, then sets the acknowledged findings apart; each list sorted by object, rule. */
const CHECKS: readonly Check[] = [
  checkSelection,
  checkPeers,
  checkNamedPorts,
  checkDns,
  checkAllowAll,
  checkIgnoredRules,
];

function lintContext(res: Resolution): LintContext {
  const hostNetworkEndpoints = new Map<string, number[]>();
  const declaredPorts = new Set<string>();
  res.endpoints.forEach((endpoint, id) => {
    for (const port of endpoint.ports) declaredPorts.add(portKey(port.protocol, port.name ?? ''));
    if (!endpoint.hostNetwork || endpoint.namespace === undefined) return;
    hostNetworkEndpoints.set(endpoint.namespace, [
      ...(hostNetworkEndpoints.get(endpoint.namespace) ?? []),
      id,
    ]);
  });
  return {
    res,
    namespacesWithWorkloads: new Set(res.endpoints.flatMap((endpoint) => endpoint.namespace ?? [])),
    hostNetworkEndpoints,
    kubeDns: kubeDnsEndpoints(res),
    declaredPorts,
    declaredIn: new Map(),
    dnsAllowed: new Map(),
  };
}

export function lintPolicies(res: Resolution): LintReport {
  const ctx = lintContext(res);
  const findings = res.policies.flatMap((policy) =>
    CHECKS.flatMap((check) => check(ctx, policy)).map(([rule, message]) => ({
      rule,
      object: policy.spec.id,
      message,
    })),
  );
  const specs = [...res.policies, ...res.cluster.policies].map((policy) => policy.spec);
  return applyAcknowledgements(specs, [...findings, ...duplicateNames(res), ...lintClusterPolicies(res)]);
}
