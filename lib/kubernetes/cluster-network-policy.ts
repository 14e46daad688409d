/**
 * The rules of a ClusterNetworkPolicy (`policy.networking.k8s.io/v1alpha2`, kubernetes-sigs/network-policy-api
 * v0.2.0), as predicates returning why a value is invalid, or undefined, plus the API's constants. Sources, all at
 * tag v0.2.0 (commit a17adecd0316b8ff1c3f83939ec0441d68cd6cce):
 * - types: apis/v1alpha2/clusternetworkpolicy_types.go, its kubebuilder markers and CEL (XValidation) rules;
 * - CRDs: config/crd/{standard,experimental}/policy.networking.k8s.io_clusternetworkpolicies.yaml, which the API
 *   server enforces (OpenAPI schema and x-kubernetes-validations);
 * - documentation: site-src/api-overview.md (tiers, actions, priorities, rules).
 * A rule the schema does not enforce but the field's documentation states (e.g. `domainNames` only with Accept)
 * says so where it is defined: implementations may accept such a policy and then do something undefined with it.
 */
import { celCidrProblem } from './cidr';
import { labelSelectorProblem, selectorsCanOverlap, type LabelSelectorFields } from './label-selector';
import { portNameProblem, portNumberProblem } from './network-policy-port';

export const CLUSTER_NETWORK_POLICY_API_VERSION = 'policy.networking.k8s.io/v1alpha2';
export const CLUSTER_NETWORK_POLICY_KIND = 'ClusterNetworkPolicy';

/** `spec.tier` (+kubebuilder:validation:Enum={"Admin", "Baseline"}). */
export const CNP_TIERS = ['Admin', 'Baseline'] as const;
export type CnpTier = (typeof CNP_TIERS)[number];

/**
 * The order tiers are evaluated in (ClusterNetworkPolicySpec.Tier): Admin, the namespaces' NetworkPolicies, then
 * Baseline; a connection no tier decides is allowed (the Kubernetes default).
 */
export const POLICY_TIER_ORDER = ['Admin', 'NetworkPolicy', 'Baseline'] as const;

/** A rule's `action` (+kubebuilder:validation:Enum={"Accept", "Deny", "Pass"}). */
export const CNP_ACTIONS = ['Accept', 'Deny', 'Pass'] as const;
export type CnpAction = (typeof CNP_ACTIONS)[number];

/** `spec.priority` (+kubebuilder:validation:Minimum=0, Maximum=1000); lower values are evaluated first. */
export const CNP_PRIORITY_MIN = 0;
export const CNP_PRIORITY_MAX = 1000;

/** `spec.ingress` and `spec.egress` each (+kubebuilder:validation:MaxItems=25). */
export const CNP_MAX_RULES = 25;
/** A rule's `from` / `to` (MinItems=1, MaxItems=25). */
export const CNP_MAX_PEERS = 25;
/** A rule's `protocols`, when given (MinItems=1, MaxItems=25). */
export const CNP_MAX_PROTOCOLS = 25;
/** An egress peer's `networks` and `domainNames` (MinItems=1, MaxItems=25, listType=set). */
export const CNP_MAX_NETWORKS = 25;
export const CNP_MAX_DOMAIN_NAMES = 25;
/** A rule's `name` (+kubebuilder:validation:MaxLength=100). */
export const CNP_RULE_NAME_MAX_LENGTH = 100;
/** The `CIDR` type (+kubebuilder:validation:MaxLength=43). */
export const CNP_CIDR_MAX_LENGTH = 43;

export type CnpDirection = 'ingress' | 'egress';

/** ClusterNetworkPolicySubject: exactly one of these (MinProperties=1, MaxProperties=1). */
export const CNP_SUBJECT_KINDS = ['namespaces', 'pods'] as const;
export type CnpSubjectKind = (typeof CNP_SUBJECT_KINDS)[number];

export type CnpPeerKind = 'namespaces' | 'pods' | 'nodes' | 'networks' | 'domainNames';

/**
 * The peers each direction takes, exactly one per peer (MinProperties=1, MaxProperties=1):
 * ClusterNetworkPolicyIngressPeer has `namespaces` and `pods`; ClusterNetworkPolicyEgressPeer adds `networks`, and
 * in the experimental channel `nodes` and `domainNames`.
 */
export const CNP_PEER_KINDS: Readonly<Record<CnpDirection, readonly CnpPeerKind[]>> = {
  ingress: ['namespaces', 'pods'],
  egress: ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'],
};

/** Peers marked `<network-policy-api:experimental>`: absent from the standard channel's CRD. */
export const CNP_EXPERIMENTAL_PEER_KINDS: readonly CnpPeerKind[] = ['nodes', 'domainNames'];

/** ClusterNetworkPolicyProtocol: exactly one of these (MinProperties=1, MaxProperties=1). */
export const CNP_PROTOCOL_FIELDS = ['tcp', 'udp', 'sctp', 'destinationNamedPort'] as const;

/** Port: exactly one of these (MinProperties=1, MaxProperties=1). */
export const CNP_PORT_FIELDS = ['number', 'range'] as const;

/**
 * The DomainName pattern, copied from the types. Upstream writes `[a-zA-z0-9]`, whose `A-z` also admits
 * '[', '\', ']', '^', '_' and '`'; the API server enforces the pattern as written, so this does too.
 */
const DOMAIN_NAME =
  /^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;

export function isCnpTier(value: unknown): value is CnpTier {
  return typeof value === 'string' && (CNP_TIERS as readonly string[]).includes(value);
}

export function cnpTierProblem(tier: unknown): string | undefined {
  return isCnpTier(tier) ? undefined : `unknown tier, not one of ${CNP_TIERS.join(', ')}`;
}

export function isCnpAction(value: unknown): value is CnpAction {
  return typeof value === 'string' && (CNP_ACTIONS as readonly string[]).includes(value);
}

export function cnpActionProblem(action: unknown): string | undefined {
  return isCnpAction(action) ? undefined : `unknown action, not one of ${CNP_ACTIONS.join(', ')}`;
}

export function cnpPriorityProblem(priority: unknown): string | undefined {
  const valid =
    typeof priority === 'number' &&
    Number.isInteger(priority) &&
    priority >= CNP_PRIORITY_MIN &&
    priority <= CNP_PRIORITY_MAX;
  return valid ? undefined : `a priority must be an integer from ${CNP_PRIORITY_MIN} to ${CNP_PRIORITY_MAX}`;
}

/** `spec.ingress` / `spec.egress`: at most 25 rules (an absent or empty list leaves the direction alone). */
export function cnpRuleCountProblem(count: number): string | undefined {
  return count <= CNP_MAX_RULES ? undefined : `at most ${CNP_MAX_RULES} rules per direction (has ${count})`;
}

/** A rule's `from` / `to`: 1 to 25 peers. */
export function cnpPeerCountProblem(count: number): string | undefined {
  return boundedListProblem(count, CNP_MAX_PEERS, 'peers');
}

/** A rule's `protocols`: absent (every protocol and port), or 1 to 25 entries. */
export function cnpProtocolCountProblem(count: number): string | undefined {
  return boundedListProblem(count, CNP_MAX_PROTOCOLS, 'protocols');
}

/** A rule's `name`: optional, at most 100 characters. */
export function cnpRuleNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'must be a string';
  return name.length <= CNP_RULE_NAME_MAX_LENGTH
    ? undefined
    : `must be at most ${CNP_RULE_NAME_MAX_LENGTH} characters (has ${name.length})`;
}

/**
 * Exactly one of `fields` is set (MinProperties=1, MaxProperties=1 on the subject, a peer, a protocol and a port).
 * Fields the schema does not know are pruned by the API server before it validates, so a lone unknown field
 * leaves an empty object: that is reported as setting none of the known fields, naming the unknown one.
 */
export function exactlyOneFieldProblem(value: unknown, fields: readonly string[]): string | undefined {
  if (!isRecord(value)) return `must be an object with exactly one of ${fields.join(', ')}`;
  const present = Object.keys(value).filter((key) => value[key] !== undefined && value[key] !== null);
  const known = present.filter((key) => fields.includes(key));
  if (known.length === 1) return undefined;
  if (known.length > 1) return `sets ${known.join(' and ')}; exactly one of ${fields.join(', ')} is allowed`;
  const unknown = present.filter((key) => !fields.includes(key));
  const instead =
    unknown.length > 0 ? ` (${unknown.map((key) => `'${key}'`).join(', ')} is not one of them)` : '';
  return `must set exactly one of ${fields.join(', ')}${instead}`;
}

/** ClusterNetworkPolicySubject: `namespaces`, or `pods` (a NamespacedPod). */
export function cnpSubjectProblem(subject: unknown): string | undefined {
  const problem = exactlyOneFieldProblem(subject, CNP_SUBJECT_KINDS);
  if (problem) return problem;
  const fields = subject as Record<string, unknown>;
  return fields.pods !== undefined && fields.pods !== null
    ? namespacedPodProblem(fields.pods)
    : selectorProblem('namespaces', fields.namespaces);
}

/** The kind of a peer: its one field. Call after `cnpPeerProblem` found none. */
export function cnpPeerKind(peer: Readonly<Record<string, unknown>>): CnpPeerKind {
  return Object.keys(peer).find((key) => peer[key] !== undefined && peer[key] !== null) as CnpPeerKind;
}

/**
 * A peer of an ingress (`from`) or egress (`to`) rule: exactly one field, a kind that direction takes, and
 * `networks` / `domainNames` lists within their bounds, each entry valid and none repeated (listType=set).
 */
export function cnpPeerProblem(direction: CnpDirection, peer: unknown): string | undefined {
  const kinds = CNP_PEER_KINDS[direction];
  if (isRecord(peer)) {
    const present = Object.keys(peer).filter((key) => peer[key] !== undefined && peer[key] !== null);
    const misplaced = present.find((key) => !kinds.includes(key as CnpPeerKind) && isPeerKind(key));
    if (present.length === 1 && misplaced) return cnpPeerKindProblem(direction, misplaced);
  }
  const problem = exactlyOneFieldProblem(peer, kinds);
  if (problem) return problem;
  const fields = peer as Record<string, unknown>;
  switch (cnpPeerKind(fields)) {
    case 'namespaces':
    case 'nodes':
      return selectorProblem(cnpPeerKind(fields), fields[cnpPeerKind(fields)]);
    case 'pods':
      return namespacedPodProblem(fields.pods);
    case 'networks':
      return setProblem(fields.networks, CNP_MAX_NETWORKS, 'networks', cnpNetworkProblem);
    case 'domainNames':
      return setProblem(fields.domainNames, CNP_MAX_DOMAIN_NAMES, 'domainNames', cnpDomainNameProblem);
  }
}

/** Whether a direction takes a peer kind: only egress rules reach `networks`, `nodes` and `domainNames`. */
export function cnpPeerKindProblem(direction: CnpDirection, kind: unknown): string | undefined {
  const kinds = CNP_PEER_KINDS[direction];
  if (kinds.includes(kind as CnpPeerKind)) return undefined;
  const where = direction === 'ingress' ? 'an ingress (from) peer' : 'an egress (to) peer';
  const only = isPeerKind(kind) ? ` (${kind} is an egress peer only)` : '';
  return `'${String(kind)}' is not ${where}: use one of ${kinds.join(', ')}${only}`;
}

/**
 * The actions a peer kind supports. `domainNames` is Accept only: its documentation says "DomainNames is only
 * supported for Accept rules" (to be paired with a lower-precedence Deny, an allow-list). The v0.2.0 CRD does not
 * enforce it, so the API server accepts a Deny or Pass to domain names that implementations may not honour.
 */
export function cnpActionForPeerProblem(action: CnpAction, kind: CnpPeerKind): string | undefined {
  if (kind === 'domainNames' && action !== 'Accept') {
    return `domainNames peers support only the Accept action (not ${action}); deny the rest with a later Deny rule`;
  }
  return undefined;
}

/**
 * An egress rule with a `destinationNamedPort` cannot have `networks`, `nodes` or `domainNames` peers: they have no
 * named ports. The experimental CRD enforces it (CEL on ClusterNetworkPolicyEgressRule); the standard CRD only says
 * so on the field ("You can't use this in a rule that targets resources without named ports").
 */
export function cnpNamedPortPeerProblem(peerKinds: readonly CnpPeerKind[]): string | undefined {
  const unnamed = peerKinds.filter(
    (kind) => kind === 'networks' || kind === 'nodes' || kind === 'domainNames',
  );
  return unnamed.length === 0
    ? undefined
    : `a destinationNamedPort cannot be used with ${[...new Set(unnamed)].join(', ')} peers, which have no named ports`;
}

/**
 * ClusterNetworkPolicyProtocol: exactly one of `tcp`, `udp`, `sctp` (each with a `destinationPort`,
 * MinProperties=1) or `destinationNamedPort` (a non-empty string).
 */
export function cnpProtocolProblem(protocol: unknown): string | undefined {
  const problem = exactlyOneFieldProblem(protocol, CNP_PROTOCOL_FIELDS);
  if (problem) return problem;
  const fields = protocol as Record<string, unknown>;
  if (fields.destinationNamedPort !== undefined && fields.destinationNamedPort !== null) {
    const name = fields.destinationNamedPort;
    return typeof name === 'string' && name.length > 0
      ? undefined
      : 'destinationNamedPort must be a non-empty string';
  }
  const [protocolName, match] = Object.entries(fields).find(
    ([, value]) => value !== undefined && value !== null,
  )!;
  if (!isRecord(match) || match.destinationPort === undefined || match.destinationPort === null) {
    return `${protocolName} must set destinationPort (every port is the range 1 to 65535)`;
  }
  const portProblem = cnpPortProblem(match.destinationPort);
  return portProblem && `${protocolName}.destinationPort ${portProblem}`;
}

/** Port: a `number` from 1 to 65535, or a `range`. */
export function cnpPortProblem(port: unknown): string | undefined {
  const problem = exactlyOneFieldProblem(port, CNP_PORT_FIELDS);
  if (problem) return problem;
  const fields = port as Record<string, unknown>;
  if (fields.number !== undefined && fields.number !== null) return portNumberProblem(fields.number);
  const range = fields.range;
  if (!isRecord(range)) return 'range must be an object with start and end';
  return cnpPortRangeProblem(range.start, range.end);
}

/** PortRange: `start` and `end` from 1 to 65535, start < end ("Start port must be less than End port"). */
export function cnpPortRangeProblem(start: unknown, end: unknown): string | undefined {
  const startProblem = portNumberProblem(start);
  if (startProblem) return `range start: ${startProblem}`;
  const endProblem = portNumberProblem(end);
  if (endProblem) return `range end: ${endProblem}`;
  if ((start as number) >= (end as number)) {
    return `range start ${String(start)} must be less than end ${String(end)} (a single port is a number)`;
  }
  return undefined;
}

/**
 * A `destinationNamedPort` that can match a container port. The CRD takes any string, but container port names
 * are IANA_SVC_NAMEs (IsValidPortName), so any other name matches nothing: e.g. '8080' is not a name at all.
 * Where policies are written this is worth refusing; a reader can report it as a rule that matches nothing.
 */
export function cnpNamedPortProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'a named port must be a string';
  if (/^\d+$/.test(name)) return `'${name}' is a port number, not a port name (use a destinationPort number)`;
  return portNameProblem(name);
}

/** The `CIDR` type of `networks`: at most 43 characters and `isCIDR(self)` (CEL). */
export function cnpNetworkProblem(text: unknown): string | undefined {
  if (typeof text === 'string' && text.length > CNP_CIDR_MAX_LENGTH) {
    return `must be at most ${CNP_CIDR_MAX_LENGTH} characters (has ${text.length})`;
  }
  return celCidrProblem(text);
}

/** The `DomainName` type: an exact name, or '*.' and a name to match one or more labels in front of it. */
export function cnpDomainNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'a domain name must be a string';
  return DOMAIN_NAME.test(name)
    ? undefined
    : "not a domain name ('example.com', or '*.example.com' for its subdomains; '*' only as a whole first label)";
}

/** A subject's namespace and pod selectors as written: `namespaces`, or `pods` (namespace AND pod selectors). */
export interface CnpSubjectFields {
  readonly namespaces?: LabelSelectorFields;
  readonly pods?: {
    readonly namespaceSelector?: LabelSelectorFields;
    readonly podSelector?: LabelSelectorFields;
  };
}

/**
 * Whether some pod could be selected by both subjects. Two policies of one tier at the same priority whose subjects
 * overlap have no defined order ("the implementation can apply any of the matching policies to the connection"),
 * so a policy set that relies on their order is ambiguous. A `namespaces` subject selects every pod of its
 * namespaces (an empty pod selector).
 */
export function cnpSubjectsCanOverlap(a: CnpSubjectFields, b: CnpSubjectFields): boolean {
  const [aNamespaces, aPods] = subjectSelectors(a);
  const [bNamespaces, bPods] = subjectSelectors(b);
  return selectorsCanOverlap(aNamespaces, bNamespaces) && selectorsCanOverlap(aPods, bPods);
}

function subjectSelectors(subject: CnpSubjectFields): [LabelSelectorFields, LabelSelectorFields] {
  if (subject.pods) return [subject.pods.namespaceSelector ?? {}, subject.pods.podSelector ?? {}];
  return [subject.namespaces ?? {}, {}];
}

/** NamespacedPod: `podSelector` is required, `namespaceSelector` optional (empty selects every namespace). */
function namespacedPodProblem(pods: unknown): string | undefined {
  if (pods === undefined) return undefined;
  if (!isRecord(pods)) return 'pods must be an object with namespaceSelector and podSelector';
  if (!isRecord(pods.podSelector)) return 'pods.podSelector is required ({} selects every pod)';
  const namespaces = pods.namespaceSelector;
  const namespacesProblem =
    namespaces === undefined || namespaces === null
      ? undefined
      : selectorProblem('pods.namespaceSelector', namespaces);
  return namespacesProblem ?? selectorProblem('pods.podSelector', pods.podSelector);
}

function selectorProblem(field: string, selector: unknown): string | undefined {
  const problem = labelSelectorProblem(selector);
  return problem && `${field}: ${problem}`;
}

function setProblem(
  values: unknown,
  max: number,
  field: string,
  itemProblem: (value: unknown) => string | undefined,
): string | undefined {
  if (!Array.isArray(values)) return `${field} must be a list`;
  const countProblem = boundedListProblem(values.length, max, field);
  if (countProblem) return `${field}: ${countProblem}`;
  for (const [i, value] of values.entries()) {
    const problem = itemProblem(value);
    if (problem) return `${field}[${i}] '${String(value)}': ${problem}`;
    if (values.indexOf(value) < i) return `${field}[${i}] '${String(value)}' is repeated (the list is a set)`;
  }
  return undefined;
}

function boundedListProblem(count: number, max: number, what: string): string | undefined {
  if (count < 1) return `needs at least one entry in ${what}`;
  return count <= max ? undefined : `at most ${max} ${what} (has ${count})`;
}

function isPeerKind(value: unknown): value is CnpPeerKind {
  return CNP_PEER_KINDS.egress.includes(value as CnpPeerKind);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
