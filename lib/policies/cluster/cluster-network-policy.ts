import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import {
  CNP_PRIORITY_MAX,
  CNP_PRIORITY_MIN,
  CnpSubjectFields,
  CnpTier,
  cnpPriorityProblem,
  cnpRuleCountProblem,
  cnpTierProblem,
  dnsSubdomainProblem,
} from '../../kubernetes';
import {
  ClusterNetworkPolicy as ClusterNetworkPolicyApiObject,
  ClusterNetworkPolicySpecSubject,
  ClusterNetworkPolicySpecTier,
} from '../imports/policy.networking.k8s.io';
import { invalidInput } from '../errors';
import { validateLabel } from '../label-selector';
import { withKeyOrder } from '../ordered-network-policy-object';
import { assertUniquePolicyName } from '../unique-policy-name';
import { ClusterPolicySubject } from './cluster-policy-subject';
import { ClusterEgressRule, ClusterIngressRule, renderEgressRule, renderIngressRule } from './cluster-rule';
import { assertUnambiguousPriority, PrioritizedPolicy } from './unique-priority';

/**
 * The tier of a ClusterNetworkPolicy. Connections are decided by the Admin tier first (rules nobody else can
 * override), then by the namespaces' NetworkPolicies, then by the Baseline tier (defaults a NetworkPolicy can
 * override), then allowed.
 */
export type ClusterPolicyTier = CnpTier;

/** Props of `ClusterNetworkPolicy`. */
export interface ClusterNetworkPolicyProps {
  /**
   * The policy's name (an RFC 1123 subdomain), unique in the cluster.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Labels for the policy object itself (not a selector).
   * @default - the chart's labels only
   */
  readonly labels?: Record<string, string>;
  /** `Admin` (evaluated before NetworkPolicies) or `Baseline` (after them). */
  readonly tier: ClusterPolicyTier;
  /**
   * The policy's precedence in its tier, 0 to 1000: lower values are evaluated first. Two policies of one tier at
   * the same priority whose subjects can overlap are refused: their order would be undefined.
   */
  readonly priority: number;
  /** The pods the policy applies to (host-network pods never are). */
  readonly subject: ClusterPolicySubject;
  /**
   * Rules for traffic into the subject's pods (at most 25), in order: the first that matches decides.
   * @default - the policy leaves incoming traffic alone
   */
  readonly ingress?: ClusterIngressRule[];
  /**
   * Rules for traffic out of the subject's pods (at most 25), in order: the first that matches decides.
   * @default - the policy leaves outgoing traffic alone
   */
  readonly egress?: ClusterEgressRule[];
}

const TIERS: Record<CnpTier, ClusterNetworkPolicySpecTier> = {
  Admin: ClusterNetworkPolicySpecTier.ADMIN,
  Baseline: ClusterNetworkPolicySpecTier.BASELINE,
};

/**
 * A cluster-scoped `policy.networking.k8s.io/v1alpha2` ClusterNetworkPolicy (kubernetes-sigs/network-policy-api
 * v0.2.0), typed by the generated CRD types and validated when it is created by the API's rules
 * (`lib/kubernetes/cluster-network-policy.ts`), with errors naming the construct path, the field, the value and a
 * fix. Unlike a NetworkPolicy, it isolates nothing implicitly: each rule says what happens to what it matches.
 * Every cluster-wide guardrail of this library is built on it.
 */
export class ClusterNetworkPolicy extends Construct implements PrioritizedPolicy {
  /** Whether a construct is a `ClusterNetworkPolicy` (for App-wide checks and tests). */
  public static isClusterNetworkPolicy(construct: IConstruct): construct is ClusterNetworkPolicy {
    return construct instanceof ClusterNetworkPolicy;
  }

  /** The policy's name in Kubernetes. */
  public readonly policyName: string;
  public readonly tier: ClusterPolicyTier;
  public readonly priority: number;
  /** The subject as rendered, for the App-wide priority check. */
  public readonly subject: ClusterNetworkPolicySpecSubject & CnpSubjectFields;
  /** The typed Kubernetes API object, for dependencies or metadata. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: ClusterNetworkPolicyProps) {
    super(scope, id);
    this.policyName = props.name ?? id;
    this.tier = props.tier;
    this.priority = props.priority;
    this.validateSpec(props);
    this.subject = props.subject.render(this, 'spec.subject');
    this.apiObject = new OrderedClusterNetworkPolicyObject(this, 'Resource', {
      metadata: { name: this.policyName, labels: props.labels },
      spec: {
        tier: TIERS[props.tier],
        priority: props.priority,
        subject: this.subject,
        ingress: props.ingress?.map((rule, i) => renderIngressRule(this, `spec.ingress[${i}]`, rule)),
        egress: props.egress?.map((rule, i) => renderEgressRule(this, `spec.egress[${i}]`, rule)),
      },
    });
    if (this.apiObject.metadata.namespace !== undefined) {
      throw invalidInput(
        this,
        'metadata.namespace',
        this.apiObject.metadata.namespace,
        'a ClusterNetworkPolicy is cluster-scoped, but its chart gives it a namespace',
        'create it in a chart without a namespace, e.g. PlatformChart',
      );
    }
    assertUniquePolicyName(this, this.apiObject);
    assertUnambiguousPriority(this, ClusterNetworkPolicy.isClusterNetworkPolicy);
  }

  private validateSpec(props: ClusterNetworkPolicyProps): void {
    const nameProblem = dnsSubdomainProblem(this.policyName);
    if (nameProblem) {
      throw invalidInput(
        this,
        'metadata.name',
        this.policyName,
        `a policy name ${nameProblem}`,
        "pass `name`, e.g. 'deny-imds'",
      );
    }
    for (const [key, value] of Object.entries(props.labels ?? {}))
      validateLabel(this, 'metadata.labels', key, value);
    const tierProblem = cnpTierProblem(props.tier);
    if (tierProblem)
      throw invalidInput(this, 'spec.tier', props.tier, tierProblem, "use 'Admin' or 'Baseline'");
    const priorityProblem = cnpPriorityProblem(props.priority);
    if (priorityProblem) {
      throw invalidInput(
        this,
        'spec.priority',
        props.priority,
        priorityProblem,
        `use an integer from ${CNP_PRIORITY_MIN} (evaluated first) to ${CNP_PRIORITY_MAX}`,
      );
    }
    if (props.ingress === undefined && props.egress === undefined) {
      throw invalidInput(
        this,
        'spec',
        {},
        'a ClusterNetworkPolicy with neither ingress nor egress rules matches no traffic',
        'pass ingress and/or egress rules',
      );
    }
    for (const direction of ['ingress', 'egress'] as const) {
      const rules = props[direction] ?? [];
      const problem =
        rules.length === 0 ? 'an empty rule list does nothing' : cnpRuleCountProblem(rules.length);
      if (problem && props[direction] !== undefined) {
        throw invalidInput(
          this,
          `spec.${direction}`,
          `${rules.length} rules`,
          problem,
          rules.length === 0
            ? `omit ${direction}, or give rules`
            : 'split the rules over policies at different priorities',
        );
      }
    }
  }
}

/** The spec in the order people review it (tier, priority, subject, rules), each rule name and action first. */
class OrderedClusterNetworkPolicyObject extends ClusterNetworkPolicyApiObject {
  public override toJson(): Record<string, unknown> {
    const json = super.toJson() as Record<string, unknown>;
    const spec = withKeyOrder(json.spec as Record<string, unknown>, [
      'tier',
      'priority',
      'subject',
      'ingress',
      'egress',
    ]);
    for (const [direction, peers] of [
      ['ingress', 'from'],
      ['egress', 'to'],
    ] as const) {
      const rules = spec[direction] as Array<Record<string, unknown>> | undefined;
      if (rules)
        spec[direction] = rules.map((rule) => withKeyOrder(rule, ['name', 'action', peers, 'protocols']));
    }
    return { ...json, spec };
  }
}
