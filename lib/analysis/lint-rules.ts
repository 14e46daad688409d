/**
 * The lint rules and their acknowledgement annotations: the one catalogue that `netpol lint`, its `--help` and the
 * construct library's typed `lintAcknowledgements` prop all read. Pure data and predicates, so the constructs can
 * import it without the analyzer.
 */

/** Every lint rule with the one-line reason a reviewer cares about (printed by `netpol lint --help`). */
export const LINT_RULES = {
  'selector-matches-nothing':
    'the policy podSelector selects no workload of its namespace, so the policy does nothing',
  'namespace-without-workloads':
    'a policy for specific pods lives in a namespace where no workload runs (typo in the namespace?); ' +
    'a namespace-wide policy there guards future pods and is not reported',
  'peer-matches-nothing':
    'a from/to peer with pod or namespace selectors matches no workload (stale labels?)',
  'selects-host-network-pods':
    'the podSelector matches hostNetwork pods, which policies do not isolate: their traffic is the node traffic',
  'named-port-unresolved':
    'a named port that no container of the pods it applies to declares for that protocol',
  'egress-deny-without-dns':
    'egress is isolated but DNS (UDP/53 to kube-dns) is not allowed, so name lookups fail',
  'allow-all-ingress': 'an ingress rule admits every source (cluster and internet) on every port',
  'allow-all-egress': 'an egress rule admits every destination (cluster and internet) on every port',
  'rules-ignored-by-policy-types':
    'rules are written for a direction that policyTypes leaves out, so they never apply',
  'duplicate-policy-name':
    'two policies share namespace/name (two ClusterNetworkPolicies a name): applying both keeps only the last one',
  'cluster-subject-matches-nothing':
    'a ClusterNetworkPolicy subject selects no workload, so the policy does nothing (stale labels?)',
  'cluster-policy-without-rules':
    'a ClusterNetworkPolicy with neither ingress nor egress rules affects no traffic (rules dropped by mistake?)',
  'cluster-priority-overlap':
    'two ClusterNetworkPolicies of one tier share a priority and select a common pod: the API leaves their order undefined',
  'cluster-rule-shadowed':
    'a ClusterNetworkPolicy rule never decides: an earlier rule of higher precedence in its tier matches every flow it matches',
  'admin-deny-overrides-network-policy':
    'an Admin ClusterNetworkPolicy Deny matches every flow a NetworkPolicy rule admits, so that allow rule is dead',
  'baseline-rule-unreachable':
    'the namespaces a Baseline ClusterNetworkPolicy names are each isolated namespace-wide by NetworkPolicies in that direction, so no pod ever reaches its rules',
  'experimental-peer-not-evaluated':
    'a nodes or domainNames peer (experimental API) that netpol does not evaluate: it matches nothing in reach and explain',
  'invalid-acknowledgement':
    'an acknowledgement annotation names no known rule, or gives no reason; it acknowledges nothing',
  'unused-acknowledgement':
    'an acknowledgement for a rule that reports nothing on this policy: stale, remove it',
} as const;

export type LintRule = keyof typeof LINT_RULES;

/** The rules about acknowledgements themselves cannot be acknowledged. */
const UNACKNOWLEDGEABLE = ['invalid-acknowledgement', 'unused-acknowledgement'] as const;

/** A rule a reviewer may acknowledge on a policy, with a reason. */
export type AcknowledgeableLintRule = Exclude<LintRule, (typeof UNACKNOWLEDGEABLE)[number]>;

export function isAcknowledgeableRule(rule: string): rule is AcknowledgeableLintRule {
  return (
    Object.prototype.hasOwnProperty.call(LINT_RULES, rule) &&
    !(UNACKNOWLEDGEABLE as readonly string[]).includes(rule)
  );
}

/**
 * The annotation prefix: `lint-acknowledge.netpol.io/<rule>: <reason>` on a NetworkPolicy or a
 * ClusterNetworkPolicy acknowledges the findings of that rule on that policy. One annotation per rule keeps each reason next to its rule, needs no JSON
 * inside YAML, and works with `kubectl annotate`.
 */
export const LINT_ACKNOWLEDGE_PREFIX = 'lint-acknowledge.netpol.io/';

export function acknowledgementAnnotation(rule: AcknowledgeableLintRule): string {
  return `${LINT_ACKNOWLEDGE_PREFIX}${rule}`;
}

/** The rules that can be acknowledged, for messages. */
export const ACKNOWLEDGEABLE_RULES: readonly AcknowledgeableLintRule[] =
  Object.keys(LINT_RULES).filter(isAcknowledgeableRule);

/** Why an acknowledgement is not valid (unknown rule, no reason), or undefined. */
export function acknowledgementProblem(rule: string, reason: unknown): string | undefined {
  if (!isAcknowledgeableRule(rule)) return `'${rule}' is not a lint rule that can be acknowledged`;
  if (typeof reason !== 'string' || reason.trim() === '') return 'the reason is empty';
  return undefined;
}

/**
 * One review remark about a policy (`object` is `namespace/name` of a NetworkPolicy, or
 * `ClusterNetworkPolicy/<name>`): the `findings` of `netpol lint --json`.
 */
export interface Finding {
  rule: string;
  object: string;
  message: string;
}

/** A finding a reviewer accepted, with the reason from the policy's annotation. */
export interface AcknowledgedFinding extends Finding {
  reason: string;
  /** Set when a lint config (`.netpol.yaml`), not the policy's annotation, acknowledges it: the config's path. */
  acknowledgedIn?: string;
}

/** `findings` are open (exit 1 when any); `acknowledged` are listed for the record. */
export interface LintReport {
  findings: Finding[];
  acknowledged: AcknowledgedFinding[];
}
