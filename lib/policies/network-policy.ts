import { Construct } from 'constructs';
import { PolicyType, dnsLabelProblem, dnsSubdomainProblem } from '../kubernetes';
import { invalidInput } from './errors';
import { LintAcknowledgements, lintAcknowledgementAnnotations } from './lint-acknowledgements';
import { LabelSelector, validateLabel } from './label-selector';
import { OrderedKubeNetworkPolicy } from './ordered-network-policy-object';
import { EgressRule, IngressRule, renderRule } from './rule';
import { assertUniquePolicyName } from './unique-policy-name';

export type { PolicyType } from '../kubernetes';

/** Metadata shared by every policy construct. */
export interface PolicyMetadataProps {
  /**
   * The policy's name (an RFC 1123 subdomain), unique in its namespace.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The namespace the policy applies to.
   * @default - the chart's namespace; with none, kubectl's current namespace at apply time
   */
  readonly namespace?: string;
  /**
   * Labels for the policy object itself (not a selector).
   * @default - the chart's labels only
   */
  readonly labels?: Record<string, string>;
  /**
   * Findings of `netpol lint` that a reviewer accepts for this policy, each with the reason, e.g.
   * `{ 'allow-all-ingress': 'public entry point, reviewed in #123' }`. Written as
   * `lint-acknowledge.netpol.io/<rule>` annotations; the lint lists them apart and does not fail on them.
   * @default - none: every finding fails the lint
   */
  readonly lintAcknowledgements?: LintAcknowledgements;
}

/** A complete NetworkPolicy: which pods it selects, and for each direction it isolates, what it allows. */
export interface NetworkPolicyProps extends PolicyMetadataProps {
  /** The pods the policy applies to, in its namespace. Use `LabelSelector.all()` for every pod on purpose. */
  readonly podSelector: LabelSelector;
  /**
   * Isolates the selected pods for incoming traffic and allows these rules; `[]` denies all incoming traffic.
   * @default - the policy leaves incoming traffic alone ('Ingress' is not in policyTypes)
   */
  readonly ingress?: IngressRule[];
  /**
   * Isolates the selected pods for outgoing traffic and allows these rules; `[]` denies all outgoing traffic.
   * @default - the policy leaves outgoing traffic alone ('Egress' is not in policyTypes)
   */
  readonly egress?: EgressRule[];
}

/**
 * A networking.k8s.io/v1 NetworkPolicy with typed selectors, peers and ports, validated when it is created.
 * `policyTypes` is always written out: a direction is isolated exactly when its rule list is given, so the
 * API server's defaulting (Ingress always, Egress only with egress rules) never decides for the author.
 * Every other policy construct of this library is built on this one.
 */
export class NetworkPolicy extends Construct {
  /** The policy's name in Kubernetes. */
  public readonly name: string;
  /** The policy's namespace, when one is set on the policy or its chart. */
  public readonly namespace?: string;
  /** The directions the policy isolates, as written to `spec.policyTypes`. */
  public readonly policyTypes: PolicyType[];
  /** The typed Kubernetes API object, for dependencies or metadata. */
  public readonly apiObject: OrderedKubeNetworkPolicy;

  public constructor(scope: Construct, id: string, props: NetworkPolicyProps) {
    super(scope, id);
    this.name = props.name ?? id;
    validateMetadata(this, this.name, props);
    this.policyTypes = policyTypesOf(this, props);
    this.apiObject = new OrderedKubeNetworkPolicy(this, 'Resource', {
      metadata: {
        name: this.name,
        namespace: props.namespace,
        labels: props.labels,
        annotations: lintAcknowledgementAnnotations(this, props.lintAcknowledgements),
      },
      spec: {
        podSelector: props.podSelector.render(this, 'spec.podSelector'),
        policyTypes: this.policyTypes,
        ingress: nonEmpty(props.ingress?.map((rule, i) => renderIngress(this, i, rule))),
        egress: nonEmpty(props.egress?.map((rule, i) => renderEgress(this, i, rule))),
      },
    });
    this.namespace = this.apiObject.metadata.namespace;
    assertUniquePolicyName(this, this.apiObject);
  }
}

function validateMetadata(scope: Construct, name: string, props: PolicyMetadataProps): void {
  const nameProblem = dnsSubdomainProblem(name);
  if (nameProblem) {
    throw invalidInput(
      scope,
      'metadata.name',
      name,
      `a policy name ${nameProblem}`,
      "pass `name`, e.g. 'allow-frontend-to-api'",
    );
  }
  const namespaceProblem = props.namespace === undefined ? undefined : dnsLabelProblem(props.namespace);
  if (namespaceProblem) {
    throw invalidInput(
      scope,
      'metadata.namespace',
      props.namespace,
      `a namespace ${namespaceProblem}`,
      "use a name like 'shop'",
    );
  }
  for (const [key, value] of Object.entries(props.labels ?? {})) {
    validateLabel(scope, 'metadata.labels', key, value);
  }
}

function policyTypesOf(scope: Construct, props: NetworkPolicyProps): PolicyType[] {
  const types: PolicyType[] = [];
  if (props.ingress !== undefined) types.push('Ingress');
  if (props.egress !== undefined) types.push('Egress');
  if (types.length === 0) {
    throw invalidInput(
      scope,
      'spec.policyTypes',
      [],
      'a policy with neither ingress nor egress rules isolates nothing',
      'pass ingress and/or egress; an empty list ([]) denies that direction',
    );
  }
  return types;
}

function renderIngress(scope: Construct, index: number, rule: IngressRule) {
  const { peers, ports } = renderRule(scope, `spec.ingress[${index}]`, 'from', rule.from, rule.ports);
  return { from: peers, ports };
}

function renderEgress(scope: Construct, index: number, rule: EgressRule) {
  const { peers, ports } = renderRule(scope, `spec.egress[${index}]`, 'to', rule.to, rule.ports);
  return { to: peers, ports };
}

/** An empty rule list and an absent one mean the same once policyTypes is explicit; write neither. */
function nonEmpty<T>(items: T[] | undefined): T[] | undefined {
  return items !== undefined && items.length > 0 ? items : undefined;
}
