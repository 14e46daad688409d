/**
 * ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2, kubernetes-sigs/network-policy-api v0.2.0) read into
 * the analyzer's model. Field semantics cite apis/v1alpha2/clusternetworkpolicy_types.go (the "types" below) and
 * site-src/api-overview.md ("overview"); the API's limits are the rules of lib/kubernetes, shared with the
 * construct library.
 */
import {
  CLUSTER_NETWORK_POLICY_API_VERSION,
  PROTOCOLS,
  clusterNetworkPolicyProblem,
  cnpPeerKind,
  type CnpAction,
  type CnpPeerKind,
  type CnpSubjectFields,
  type CnpTier,
} from '../kubernetes';
import { FieldError, InputError } from './errors';
import { LINT_ACKNOWLEDGE_PREFIX } from './lint-rules';
import { Compiler, type Direction, type Peer, type PodPeer } from './policy';
import type { PortRule, PortRules } from './ports';
import type { Selector } from './selectors';
import { isRecord, type SourceRef } from './types';

/** types: "Policy tiers are evaluated in the following order: Admin tier, NetworkPolicy tier, Baseline tier". */
export type Tier = CnpTier;

/** types, ClusterNetworkPolicyRuleAction. */
export type ClusterAction = CnpAction;

/**
 * An experimental egress peer (`nodes`, `domainNames`, "<network-policy-api:experimental>" in the types): the
 * analyzer has no Node objects and resolves no DNS, so it matches nothing here and is reported, never dropped.
 */
export interface UnevaluatedPeer {
  path: string;
  field: Extract<CnpPeerKind, 'nodes' | 'domainNames'>;
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
  /** The subject as written, for `cnpSubjectsCanOverlap`. */
  subjectFields: CnpSubjectFields;
  /** `spec` as written: what `policyChanges` compares. */
  writtenSpec: unknown;
  rules: Readonly<Record<Direction, readonly ClusterRule[]>>;
  acknowledgements: ReadonlyArray<readonly [string, string]>;
}

const clusterPolicyId = (name: string): string => `ClusterNetworkPolicy/${name}`;

type Json = Record<string, unknown>;

/** A list the validation has checked, or none. */
const items = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

/**
 * types, ClusterNetworkPolicyProtocol: `tcp`, `udp` or `sctp` with a destinationPort `number` or inclusive
 * `range`, or `destinationNamedPort`, "a destination port on a pod based on the ContainerPort name". A named port
 * carries no protocol, so it becomes one named PortRule per protocol: it matches whichever protocol the
 * destination's container declares for that name.
 */
function protocolRules(entry: Json): PortRule[] {
  if (typeof entry.destinationNamedPort === 'string') {
    const name = entry.destinationNamedPort;
    return PROTOCOLS.map((protocol) => ({ protocol, port: name }));
  }
  const field = (['tcp', 'udp', 'sctp'] as const).find((key) => isRecord(entry[key])) as
    'tcp' | 'udp' | 'sctp';
  const { number, range } = (entry[field] as { destinationPort: { number?: number; range?: Json } })
    .destinationPort;
  const port =
    number !== undefined ? { port: number } : { port: range?.start as number, endPort: range?.end as number };
  return [{ protocol: field.toUpperCase() as PortRule['protocol'], ...port }];
}

class ClusterCompiler {
  constructor(private readonly compiler: Compiler) {}

  /** NamespacedPod: namespaceSelector (empty: every namespace) AND podSelector. */
  namespacedPods(pods: Json, path: string): PodPeer {
    return {
      kind: 'pods',
      path,
      namespace: '',
      namespaceSelector: this.compiler.selector(pods.namespaceSelector ?? {}, `${path}.namespaceSelector`),
      podSelector: this.compiler.selector(pods.podSelector, `${path}.podSelector`),
    };
  }

  namespaces(raw: unknown, path: string): PodPeer {
    const namespaceSelector: Selector = this.compiler.selector(raw, path);
    return { kind: 'pods', path, namespace: '', namespaceSelector, podSelector: null };
  }

  subject(subject: Json): PodPeer {
    return isRecord(subject.pods)
      ? this.namespacedPods(subject.pods, 'spec.subject.pods')
      : this.namespaces(subject.namespaces, 'spec.subject.namespaces');
  }

  peer(peer: Json, path: string): [CnpPeerKind, Peer[]] {
    const kind = cnpPeerKind(peer);
    if (kind === 'pods') return [kind, [this.namespacedPods(peer.pods as Json, `${path}.pods`)]];
    if (kind === 'namespaces') return [kind, [this.namespaces(peer.namespaces, `${path}.namespaces`)]];
    if (kind !== 'networks') return [kind, []];
    const blocks = (peer.networks as string[]).map((cidr, c): Peer => {
      const cidrPath = `${path}.networks[${c}]`;
      return { kind: 'ipBlock', path: cidrPath, block: this.compiler.ipBlock({ cidr }, cidrPath) };
    });
    return [kind, blocks];
  }

  rule(rule: Json, direction: Direction, index: number): ClusterRule {
    const path = `spec.${direction}[${index}]`;
    const peerField = direction === 'ingress' ? 'from' : 'to';
    const peers: Peer[] = [];
    const unevaluated: UnevaluatedPeer[] = [];
    items(rule[peerField]).forEach((raw, i) => {
      const peerPath = `${path}.${peerField}[${i}]`;
      const [kind, compiled] = this.peer(raw, peerPath);
      peers.push(...compiled);
      if (kind === 'nodes' || kind === 'domainNames') {
        unevaluated.push({ path: `${peerPath}.${kind}`, field: kind });
      }
    });
    const ports: PortRules = Array.isArray(rule.protocols)
      ? items(rule.protocols).flatMap(protocolRules)
      : null;
    const name = typeof rule.name === 'string' && rule.name !== '' ? rule.name : undefined;
    const action = rule.action as ClusterAction;
    return { direction, index, ...(name ? { name } : {}), action, peers, unevaluated, ports };
  }

  rules(raw: unknown, direction: Direction): ClusterRule[] {
    return items(raw).map((rule, index) => this.rule(rule, direction, index));
  }
}

function acknowledgementsOf(metadata: Json): Array<[string, string]> {
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  return Object.entries(annotations)
    .filter(([key]) => key.startsWith(LINT_ACKNOWLEDGE_PREFIX))
    .map(([key, reason]) => [key.slice(LINT_ACKNOWLEDGE_PREFIX.length), String(reason)]);
}

/** `spec.priority = 1001` when the field holds a scalar, as NetworkPolicy errors name the value; else the path. */
function describeField(object: Json, field: string): string {
  const value = field
    .split(/\.|\[(\d+)\]/)
    .filter((part) => part !== undefined && part !== '')
    .reduce<unknown>(
      (node, key) => (isRecord(node) || Array.isArray(node) ? (node as Json)[key] : undefined),
      object,
    );
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  return scalar ? `${field} = ${JSON.stringify(value)}` : field;
}

/**
 * `clusterNetworkPolicyProblem` (lib/kubernetes, the rules the constructs apply) has accepted the object: this
 * only reads it. Label selectors and CIDRs are compiled by the NetworkPolicy compiler, which reports what it cannot
 * compile.
 */
function compile(
  compiler: ClusterCompiler,
  object: Json,
  name: string,
  source?: SourceRef,
): ClusterPolicySpec {
  const spec = object.spec as Json;
  return {
    id: clusterPolicyId(name),
    name,
    tier: spec.tier as Tier,
    priority: spec.priority as number,
    source,
    subject: compiler.subject(spec.subject as Json),
    subjectFields: spec.subject as CnpSubjectFields,
    writtenSpec: spec,
    rules: {
      ingress: compiler.rules(spec.ingress, 'ingress'),
      egress: compiler.rules(spec.egress, 'egress'),
    },
    acknowledgements: acknowledgementsOf(isRecord(object.metadata) ? object.metadata : {}),
  };
}

/**
 * Validates a ClusterNetworkPolicy by the CRD's schema and rules (`clusterNetworkPolicyProblem`) and compiles it. Throws an InputError naming the
 * object and the field. One parser per model: it shares compiled selectors between policies.
 */
export class ClusterPolicyParser {
  private readonly compiler = new ClusterCompiler(new Compiler());

  parse(object: Json, source?: SourceRef): ClusterPolicySpec {
    const metadata = isRecord(object.metadata) ? object.metadata : {};
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    const label = `ClusterNetworkPolicy ${name || '<unnamed>'}`;
    if (!name) throw new InputError(source, `${label}: metadata.name is required`);
    // apiVersion may be omitted in our input (model.ts refuses another version before this).
    const problem = clusterNetworkPolicyProblem({
      ...object,
      apiVersion: CLUSTER_NETWORK_POLICY_API_VERSION,
    });
    if (problem)
      throw new InputError(
        source,
        `invalid ${label}: ${describeField(object, problem.field)}: ${problem.problem}`,
      );
    try {
      return compile(this.compiler, object, name, source);
    } catch (error) {
      if (error instanceof FieldError) throw new InputError(source, `invalid ${label}: ${error.message}`);
      throw error;
    }
  }
}
