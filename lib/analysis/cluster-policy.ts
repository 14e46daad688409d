/**
 * ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2, kubernetes-sigs/network-policy-api v0.2.0) read into
 * the analyzer's model. Field semantics cite apis/v1alpha2/clusternetworkpolicy_types.go (the "types" below) and
 * site-src/api-overview.md ("overview"); the API's limits are the rules of lib/kubernetes, shared with the
 * construct library.
 */
import { dnsSubdomainProblem, PROTOCOLS } from '../kubernetes';
import { FieldError, InputError } from './errors';
import { LINT_ACKNOWLEDGE_PREFIX } from './lint-rules';
import { Compiler, type Direction, type Peer, type PodPeer } from './policy';
import type { PortRule, PortRules } from './ports';
import type { Selector } from './selectors';
import { isRecord, type SourceRef } from './types';

export const CLUSTER_NETWORK_POLICY_API_VERSION = 'policy.networking.k8s.io/v1alpha2';

/** types: "Policy tiers are evaluated in the following order: Admin tier, NetworkPolicy tier, Baseline tier". */
export type Tier = 'Admin' | 'Baseline';
export const TIERS: readonly Tier[] = ['Admin', 'Baseline'];

/** types, ClusterNetworkPolicyRuleAction. */
export type ClusterAction = 'Accept' | 'Deny' | 'Pass';
const ACTIONS: readonly ClusterAction[] = ['Accept', 'Deny', 'Pass'];

/**
 * An experimental egress peer (`nodes`, `domainNames`, "<network-policy-api:experimental>" in the types): the
 * analyzer has no Node objects and resolves no DNS, so it matches nothing here and is reported, never dropped.
 */
export interface UnevaluatedPeer {
  path: string;
  field: 'nodes' | 'domainNames';
}

export interface ClusterRule {
  direction: Direction;
  /** Position in spec.ingress / spec.egress: "a rule that appears at the top ... would take the highest precedence". */
  index: number;
  name?: string;
  action: ClusterAction;
  /**
   * `namespaces` and `pods` peers as pod peers (host-networked pods are never included, types), `networks` as one
   * ipBlock peer per CIDR: "cluster-internal traffic will be checked against the rule as well", so they match pod
   * IPs as well as external addresses.
   */
  peers: readonly Peer[];
  unevaluated: readonly UnevaluatedPeer[];
  /** `null`: no `protocols`, "protocol-specific attributes will not be used to match traffic". */
  ports: PortRules;
}

/** A validated ClusterNetworkPolicy. */
export interface ClusterPolicySpec {
  /** `ClusterNetworkPolicy/<name>`: the object named in findings (cluster-scoped, so no namespace). */
  id: string;
  name: string;
  tier: Tier;
  priority: number;
  source?: SourceRef;
  /** `subject.namespaces` (podSelector null) or `subject.pods` (namespaces AND pods). */
  subject: PodPeer;
  rules: Readonly<Record<Direction, readonly ClusterRule[]>>;
  acknowledgements: ReadonlyArray<readonly [string, string]>;
}

export const clusterPolicyId = (name: string): string => `ClusterNetworkPolicy/${name}`;

type Json = Record<string, unknown>;

function required(object: Json, field: string, path: string): unknown {
  const value = object[field];
  if (value === undefined || value === null) throw new FieldError(`${path}.${field}`, 'is required');
  return value;
}

function mapping(value: unknown, path: string): Json {
  if (!isRecord(value)) throw new FieldError(path, 'must be an object');
  return value;
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new FieldError(path, 'must be a list');
  return value;
}

/** MinProperties=1, MaxProperties=1 on subjects, peers, protocols and ports: exactly one field. */
function onlyField(object: Json, path: string, allowed: readonly string[]): string {
  const present = Object.keys(object).filter((key) => object[key] !== undefined && object[key] !== null);
  const unknown = present.filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new FieldError(
      `${path}.${unknown[0]}`,
      `is not a field here (expected one of ${allowed.join(', ')})`,
    );
  }
  if (present.length !== 1) {
    throw new FieldError(path, `must set exactly one of ${allowed.join(', ')} (has ${present.length})`);
  }
  return present[0];
}

/** types, Port: `number`, or `range` with start < end ("Start port must be less than End port"). */
function destinationPort(raw: unknown, path: string): { port: number; endPort?: number } {
  const port = mapping(raw, path);
  const field = onlyField(port, path, ['number', 'range']);
  if (field === 'number') return { port: checkedPort(port.number, `${path}.number`) };
  const range = mapping(port.range, `${path}.range`);
  const start = checkedPort(range.start, `${path}.range.start`);
  const end = checkedPort(range.end, `${path}.range.end`);
  if (!(start < end)) throw FieldError.invalid(`${path}.range`, range, 'start must be less than end');
  return { port: start, endPort: end };
}

function checkedPort(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw FieldError.invalid(path, value, 'a port number must be an integer from 1 to 65535');
  }
  return value;
}

/**
 * types, ClusterNetworkPolicyProtocol: `tcp`, `udp` or `sctp` with a destinationPort (their MinProperties=1), or
 * `destinationNamedPort`, "a destination port on a pod based on the ContainerPort name". A named port carries no
 * protocol, so it becomes one named PortRule per protocol: it matches whichever protocol the container declares.
 */
function protocolRules(raw: unknown, path: string): PortRule[] {
  const entry = mapping(raw, path);
  const field = onlyField(entry, path, ['tcp', 'udp', 'sctp', 'destinationNamedPort']);
  if (field === 'destinationNamedPort') {
    const name = entry.destinationNamedPort;
    if (typeof name !== 'string' || name === '') {
      throw FieldError.invalid(`${path}.destinationNamedPort`, name, 'must be a container port name');
    }
    return PROTOCOLS.map((protocol) => ({ protocol, port: name }));
  }
  const attributes = mapping(entry[field], `${path}.${field}`);
  const port = destinationPort(
    required(attributes, 'destinationPort', `${path}.${field}`),
    `${path}.${field}.destinationPort`,
  );
  return [{ protocol: field.toUpperCase() as PortRule['protocol'], ...port }];
}

const PEER_FIELDS: Readonly<Record<Direction, readonly string[]>> = {
  // types, ClusterNetworkPolicyIngressPeer: namespaces or pods only.
  ingress: ['namespaces', 'pods'],
  // types, ClusterNetworkPolicyEgressPeer: nodes and domainNames are experimental.
  egress: ['namespaces', 'pods', 'networks', 'nodes', 'domainNames'],
};

class ClusterCompiler {
  constructor(private readonly compiler: Compiler) {}

  /** NamespacedPod: namespaceSelector (empty: every namespace) AND podSelector (required). */
  namespacedPods(raw: unknown, path: string): PodPeer {
    const pods = mapping(raw, path);
    const podSelector = required(pods, 'podSelector', path);
    return {
      kind: 'pods',
      path,
      namespace: '',
      namespaceSelector: this.compiler.selector(pods.namespaceSelector ?? {}, `${path}.namespaceSelector`),
      podSelector: this.compiler.selector(podSelector, `${path}.podSelector`),
    };
  }

  namespaces(raw: unknown, path: string): PodPeer {
    const namespaceSelector: Selector = this.compiler.selector(raw, path);
    return { kind: 'pods', path, namespace: '', namespaceSelector, podSelector: null };
  }

  subject(raw: unknown): PodPeer {
    const subject = mapping(raw, 'spec.subject');
    const field = onlyField(subject, 'spec.subject', ['namespaces', 'pods']);
    return field === 'pods'
      ? this.namespacedPods(subject.pods, 'spec.subject.pods')
      : this.namespaces(subject.namespaces, 'spec.subject.namespaces');
  }

  rule(raw: unknown, direction: Direction, index: number): ClusterRule {
    const path = `spec.${direction}[${index}]`;
    const rule = mapping(raw, path);
    const action = required(rule, 'action', path);
    if (!ACTIONS.includes(action as ClusterAction)) {
      throw FieldError.invalid(`${path}.action`, action, `not one of ${ACTIONS.join(', ')}`);
    }
    const peerField = direction === 'ingress' ? 'from' : 'to';
    const rawPeers = list(required(rule, peerField, path), `${path}.${peerField}`);
    if (rawPeers.length === 0) throw new FieldError(`${path}.${peerField}`, 'must list at least one peer');
    const peers: Peer[] = [];
    const unevaluated: UnevaluatedPeer[] = [];
    rawPeers.forEach((rawPeer, i) => {
      const peerPath = `${path}.${peerField}[${i}]`;
      const peer = mapping(rawPeer, peerPath);
      const field = onlyField(peer, peerPath, PEER_FIELDS[direction]);
      if (field === 'pods') peers.push(this.namespacedPods(peer.pods, `${peerPath}.pods`));
      else if (field === 'namespaces') peers.push(this.namespaces(peer.namespaces, `${peerPath}.namespaces`));
      else if (field === 'networks') {
        list(peer.networks, `${peerPath}.networks`).forEach((cidr, c) => {
          const cidrPath = `${peerPath}.networks[${c}]`;
          peers.push({ kind: 'ipBlock', path: cidrPath, block: this.compiler.ipBlock({ cidr }, cidrPath) });
        });
      } else unevaluated.push({ path: `${peerPath}.${field}`, field: field as UnevaluatedPeer['field'] });
    });
    const protocols = rule.protocols === undefined || rule.protocols === null ? null : rule.protocols;
    const ports =
      protocols === null
        ? null
        : list(protocols, `${path}.protocols`).flatMap((entry, i) =>
            protocolRules(entry, `${path}.protocols[${i}]`),
          );
    const name = typeof rule.name === 'string' && rule.name !== '' ? rule.name : undefined;
    return {
      direction,
      index,
      ...(name ? { name } : {}),
      action: action as ClusterAction,
      peers,
      unevaluated,
      ports,
    };
  }

  rules(raw: unknown, direction: Direction): ClusterRule[] {
    if (raw === undefined || raw === null) return [];
    return list(raw, `spec.${direction}`).map((rule, index) => this.rule(rule, direction, index));
  }
}

function acknowledgementsOf(metadata: Json): Array<[string, string]> {
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  return Object.entries(annotations)
    .filter(([key]) => key.startsWith(LINT_ACKNOWLEDGE_PREFIX))
    .map(([key, reason]) => [key.slice(LINT_ACKNOWLEDGE_PREFIX.length), String(reason)]);
}

function compile(
  compiler: ClusterCompiler,
  object: Json,
  name: string,
  source?: SourceRef,
): ClusterPolicySpec {
  const nameProblem = dnsSubdomainProblem(name);
  if (nameProblem) throw FieldError.invalid('metadata.name', name, nameProblem);
  const spec = mapping(object.spec, 'spec');
  const tier = required(spec, 'tier', 'spec');
  if (!TIERS.includes(tier as Tier))
    throw FieldError.invalid('spec.tier', tier, `not one of ${TIERS.join(', ')}`);
  const priority = required(spec, 'priority', 'spec');
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0 || priority > 1000) {
    throw FieldError.invalid('spec.priority', priority, 'must be an integer from 0 to 1000');
  }
  return {
    id: clusterPolicyId(name),
    name,
    tier: tier as Tier,
    priority,
    source,
    subject: compiler.subject(required(spec, 'subject', 'spec')),
    rules: {
      ingress: compiler.rules(spec.ingress, 'ingress'),
      egress: compiler.rules(spec.egress, 'egress'),
    },
    acknowledgements: acknowledgementsOf(isRecord(object.metadata) ? object.metadata : {}),
  };
}

/**
 * Validates a ClusterNetworkPolicy by the CRD's schema and rules and compiles it. Throws an InputError naming the
 * object and the field. One parser per model: it shares compiled selectors between policies.
 */
export class ClusterPolicyParser {
  private readonly compiler = new ClusterCompiler(new Compiler());

  parse(object: Json, source?: SourceRef): ClusterPolicySpec {
    const metadata = isRecord(object.metadata) ? object.metadata : {};
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    const label = `ClusterNetworkPolicy ${name || '<unnamed>'}`;
    if (!name) throw new InputError(source, `${label}: metadata.name is required`);
    try {
      return compile(this.compiler, object, name, source);
    } catch (error) {
      if (error instanceof FieldError) throw new InputError(source, `invalid ${label}: ${error.message}`);
      throw error;
    }
  }
}
