import { parseCidr, type Cidr } from '../kubernetes';
import type { ClusterRule, Tier } from './cluster-policy';
import type { ResolvedClusterPolicy } from './cluster-resolution';
import { InputError } from './errors';
import type { IpBlock } from './ip-block';
import { PortSet, type PortSetJson } from './port-set';
import { DIRECTIONS, type Direction, type Peer, type PodPeer, type PolicyRule } from './policy';
import { portSetOf, type PortRules } from './ports';
import type { Resolution, ResolvedPolicy } from './resolution';
import { pinnedNamespaces, type Requirement, type Selector } from './selectors';
import { compareStrings, type Endpoint } from './types';

/**
 * Where clusters put pod addresses when the reviewer does not say (`--pod-cidr`): the private IPv4 ranges (RFC 1918),
 * the shared range EKS custom networking often uses for pods (RFC 6598), and IPv6 unique local addresses (RFC 4193).
 * Pods with global IPv6 addresses (EKS IPv6 clusters) are only recognised with `--pod-cidr`.
 */
export const DEFAULT_POD_CIDRS: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  'fc00::/7',
];

/** Why a rule admits more than the input shows. */
export type ExposureReason = 'any-peer' | 'namespace-selector' | 'absent-namespace' | 'ip-block';

/** A rule's peer that admits pods or addresses beyond the input's workloads: a potential peer for a reviewer. */
export interface PotentialPeer {
  /** `namespace/name` of a NetworkPolicy, `ClusterNetworkPolicy/name` of a ClusterNetworkPolicy. */
  policy: string;
  /** A ClusterNetworkPolicy's tier (its rule's action is Accept); absent for a NetworkPolicy. */
  tier?: Tier;
  direction: Direction;
  rule: number;
  /**
   * `spec.ingress[0].from[1]`, or the rule's own path when it has no peers; for a ClusterNetworkPolicy the peer's
   * field (`spec.ingress[0].from[0].namespaces`, `spec.egress[1].to[0].networks[2]`).
   */
  path: string;
  reason: ExposureReason;
  /** Who the peer admits, in words. */
  peer: string;
  /**
   * The ports the rule admits (all of them when it lists none): numbers, and for ingress its named ports as they
   * resolve on the workloads it opens (the destinations).
   */
  ports: PortSet;
  /**
   * Named ports as written (`TCP/http`; a ClusterNetworkPolicy's `destinationNamedPort` has no protocol: `http`): for
   * egress they resolve on a destination that is not in the input.
   */
  namedPorts: string[];
  /** The input's workloads the policy selects (a ClusterNetworkPolicy's subject): what the rule opens to the peer. */
  workloads: string[];
}

export interface ExposureOptions {
  /** Where pod addresses live, for ipBlock peers. @default DEFAULT_POD_CIDRS */
  podCidrs?: readonly string[];
  /**
   * Keeps the NetworkPolicies of matching namespaces, and the ClusterNetworkPolicies' subject workloads in them.
   * @default - every policy
   */
  namespace?: (namespace: string) => boolean;
  /** Keeps the workloads that pass (egress rules test sources, ingress rules destinations). @default - all */
  workload?: (endpoint: Endpoint, direction: Direction) => boolean;
}

function describeRequirement({ key, operator, values }: Requirement): string {
  const list = [...values].sort().join(',');
  switch (operator) {
    case 'In':
      return values.size === 1 ? `${key}=${list}` : `${key} in (${list})`;
    case 'NotIn':
      return `${key} notin (${list})`;
    case 'Exists':
      return key;
    case 'DoesNotExist':
      return `!${key}`;
  }
}

/** kubectl's selector notation: `team=x,env notin (staging)`. */
const describeSelector = (selector: Selector): string =>
  selector.requirements.map(describeRequirement).join(',');

const describePods = (selector: Selector | null): string =>
  !selector || selector.isEmpty ? 'every pod' : `pods with ${describeSelector(selector)}`;

function podPeerExposure(res: Resolution, peer: PodPeer): [ExposureReason, string] | undefined {
  const selector = peer.namespaceSelector;
  // Without a namespaceSelector the peer stays in the policy's own namespace, whose pods its owner controls.
  if (!selector) return undefined;
  const pods = describePods(peer.podSelector);
  const pinned = pinnedNamespaces(selector)?.slice().sort();
  if (pinned) {
    const absent = pinned.filter((name) => !res.namespaces.has(name));
    if (absent.length === 0) return undefined;
    return ['absent-namespace', `${pods} in namespace ${absent.join(', ')} (not in the input)`];
  }
  if (selector.isEmpty) {
    const where =
      pods === 'every pod' ? 'every pod of every namespace (the whole cluster)' : `${pods} in any namespace`;
    return ['namespace-selector', where];
  }
  return ['namespace-selector', `${pods} in any namespace with ${describeSelector(selector)}`];
}

function ipBlockExposure(block: IpBlock, podCidrs: readonly Cidr[]): [ExposureReason, string] | undefined {
  const overlapping = podCidrs.filter((range) => block.mayOverlap(range)).map((range) => range.text);
  if (overlapping.length === 0) return undefined;
  const except = block.except.length > 0 ? ` except ${block.except.join(', ')}` : '';
  return [
    'ip-block',
    `pods with addresses in ${block.cidr}${except} (overlaps pod range ${overlapping.join(', ')})`,
  ];
}

function peerExposure(
  res: Resolution,
  peer: Peer,
  podCidrs: readonly Cidr[],
): [ExposureReason, string] | undefined {
  return peer.kind === 'ipBlock' ? ipBlockExposure(peer.block, podCidrs) : podPeerExposure(res, peer);
}

function namedPortsOf(rules: PortRules): string[] {
  return (rules ?? [])
    .filter((rule) => typeof rule.port === 'string')
    .map((rule) => `${rule.protocol}/${rule.port}`);
}

/** Ingress rules resolve named ports on the workloads they open; egress ones on a destination not in the input. */
function admittedPorts(
  { direction, ports }: Pick<PolicyRule, 'direction' | 'ports'>,
  workloads: readonly Endpoint[],
): PortSet {
  const numbered = portSetOf(ports, []);
  if (direction === 'egress') return numbered;
  return workloads.reduce((set, endpoint) => set.union(portSetOf(ports, endpoint.ports)), numbered);
}

function parsePodCidrs(texts: readonly string[]): Cidr[] {
  return texts.map((text) => {
    const cidr = parseCidr(text);
    if (!cidr) throw new InputError(undefined, `pod CIDR "${text}" is not a CIDR block such as 10.0.0.0/16`);
    return cidr;
  });
}

function ruleExposure(
  res: Resolution,
  policy: ResolvedPolicy,
  rule: PolicyRule,
  podCidrs: readonly Cidr[],
  workloads: readonly Endpoint[],
): PotentialPeer[] {
  const found: Array<[string, ExposureReason, string]> =
    rule.peers === null
      ? [
          [
            `spec.${rule.direction}[${rule.index}]`,
            'any-peer',
            'any peer: every pod of every namespace, and every address',
          ],
        ]
      : rule.peers.flatMap((peer) => {
          const exposure = peerExposure(res, peer, podCidrs);
          return exposure ? [[peer.path, ...exposure]] : [];
        });
  return found.map(([path, reason, peer]) => ({
    policy: policy.spec.id,
    direction: rule.direction,
    rule: rule.index,
    path,
    reason,
    peer,
    ports: admittedPorts(rule, workloads),
    namedPorts: namedPortsOf(rule.ports),
    workloads: workloads.map((endpoint) => endpoint.id),
  }));
}

function networkPolicyExposure(
  res: Resolution,
  podCidrs: readonly Cidr[],
  options: ExposureOptions,
): PotentialPeer[] {
  const filtered = options.namespace || options.workload;
  return res.policies
    .filter((policy) => !options.namespace || options.namespace(policy.spec.namespace))
    .flatMap((policy) =>
      DIRECTIONS.flatMap((direction) => {
        const workloads = policy.selected
          .map((id) => res.endpoints[id])
          .filter((endpoint) => !options.workload || options.workload(endpoint, direction));
        if (filtered && workloads.length === 0) return [];
        return policy.spec.rules[direction].flatMap((rule) =>
          ruleExposure(res, policy, rule, podCidrs, workloads),
        );
      }),
    );
}

/**
 * A ClusterNetworkPolicy's `destinationNamedPort` becomes one named PortRule per protocol (cluster-policy.ts): it is
 * shown once, as written, without a protocol.
 */
const clusterNamedPorts = (rule: ClusterRule): string[] => [
  ...new Set((rule.ports ?? []).flatMap((port) => (typeof port.port === 'string' ? [port.port] : []))),
];

/**
 * An Accept rule admits its peers whatever the namespaces' NetworkPolicies say (Admin) or where they say nothing
 * (Baseline); Deny and Pass admit no one. Its `namespaces` and `pods` peers always carry a namespace selector (a
 * `pods` peer's empty one is every namespace), so they are read as a NetworkPolicy peer with a namespaceSelector;
 * `networks` as ipBlocks. Experimental peers (`nodes`, `domainNames`) are not evaluated and not listed here
 * (explain and lint report them).
 */
function clusterRuleExposure(
  res: Resolution,
  policy: ResolvedClusterPolicy,
  rule: ClusterRule,
  podCidrs: readonly Cidr[],
  workloads: readonly Endpoint[],
): PotentialPeer[] {
  if (rule.action !== 'Accept') return [];
  return rule.peers.flatMap((peer) => {
    const exposure = peerExposure(res, peer, podCidrs);
    if (!exposure) return [];
    const [reason, described] = exposure;
    return [
      {
        policy: policy.spec.id,
        tier: policy.spec.tier,
        direction: rule.direction,
        rule: rule.index,
        path: peer.path,
        reason,
        peer: described,
        ports: admittedPorts(rule, workloads),
        namedPorts: clusterNamedPorts(rule),
        workloads: workloads.map((endpoint) => endpoint.id),
      },
    ];
  });
}

function clusterPolicyExposure(
  res: Resolution,
  podCidrs: readonly Cidr[],
  options: ExposureOptions,
): PotentialPeer[] {
  const filtered = options.namespace || options.workload;
  return res.cluster.policies.flatMap((policy) =>
    DIRECTIONS.flatMap((direction) => {
      const workloads = policy.subject
        .map((id) => res.endpoints[id])
        .filter(
          (endpoint) =>
            !options.namespace || (endpoint.namespace !== undefined && options.namespace(endpoint.namespace)),
        )
        .filter((endpoint) => !options.workload || options.workload(endpoint, direction));
      if (filtered && workloads.length === 0) return [];
      return policy.spec.rules[direction].flatMap((rule) =>
        clusterRuleExposure(res, policy, rule, podCidrs, workloads),
      );
    }),
  );
}

/**
 * What the policies admit beyond the workloads in the input: rules without peers, namespaceSelectors that match
 * namespaces by labels (so namespaces created later get in), namespaceSelectors naming namespaces absent from the
 * input, and ipBlocks that may hold pod addresses. A podSelector alone stays in the policy's own namespace and is
 * not reported. ClusterNetworkPolicies' Accept rules are read the same way (their `namespaces` and `pods` peers
 * select namespaces, their `networks` are ipBlocks). Ports are the rule's: numbers as a set, names as written (they
 * resolve on a destination that for egress is not in the input). Sorted by policy, direction, rule and peer.
 */
export function computeExposure(res: Resolution, options: ExposureOptions = {}): PotentialPeer[] {
  const podCidrs = parsePodCidrs(options.podCidrs ?? DEFAULT_POD_CIDRS);
  return [
    ...networkPolicyExposure(res, podCidrs, options),
    ...clusterPolicyExposure(res, podCidrs, options),
  ].sort(
    // Stable: a rule's peers keep their order.
    (a, b) =>
      compareStrings(a.policy, b.policy) || compareStrings(a.direction, b.direction) || a.rule - b.rule,
  );
}

/** The `--json` form: ports in the `allowed` form of the connections contract. */
export function exposureToJson(peers: readonly PotentialPeer[]) {
  return peers.map((peer) => ({ ...peer, ports: peer.ports.toJSON() as PortSetJson }));
}
