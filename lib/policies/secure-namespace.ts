import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { dnsLabelProblem } from '../kubernetes';
import { invalidInput } from './errors';
import { validateLabel } from './label-selector';
import { NamespaceBaseline } from './namespace-baseline';

/** The Pod Security Standards levels (pod-security.kubernetes.io). */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** Props of `SecureNamespace`. */
export interface SecureNamespaceProps {
  /** The namespace's name (an RFC 1123 label). */
  readonly name: string;
  /**
   * Extra labels for the namespace, e.g. a team label that other namespaces' policies can select.
   * @default - only the Pod Security labels
   */
  readonly labels?: Record<string, string>;
  /**
   * The Pod Security Standard the namespace enforces, warns and audits.
   * @default 'restricted'
   */
  readonly podSecurity?: PodSecurityLevel;
}

/**
 * A namespace that is safe to run workloads in from its first pod: created together with its
 * `NamespaceBaseline` (default deny both ways, DNS egress) and enforcing a Pod Security Standard.
 */
export class SecureNamespace extends Construct {
  /** The namespace's name, for the `namespace` of the workloads and policies put in it. */
  public readonly namespaceName: string;
  /** The Namespace API object. */
  public readonly apiObject: k8s.KubeNamespace;
  /** The namespace's default deny and DNS egress. */
  public readonly baseline: NamespaceBaseline;

  public constructor(scope: Construct, id: string, props: SecureNamespaceProps) {
    super(scope, id);
    const problem = dnsLabelProblem(props.name);
    if (problem) {
      throw invalidInput(this, 'name', props.name, `a namespace name ${problem}`, "use a name like 'shop'");
    }
    const level = props.podSecurity ?? 'restricted';
    const labels = {
      ...props.labels,
      'pod-security.kubernetes.io/enforce': level,
      'pod-security.kubernetes.io/warn': level,
      'pod-security.kubernetes.io/audit': level,
    };
    for (const [key, value] of Object.entries(labels)) validateLabel(this, 'labels', key, value);
    this.namespaceName = props.name;
    this.apiObject = new ClusterScopedNamespace(this, 'Resource', { metadata: { name: props.name, labels } });
    this.baseline = new NamespaceBaseline(this, 'baseline', { namespace: props.name });
    // cdk8s writes objects in dependency order: the Namespace first, so `kubectl apply` never meets a
    // policy for a namespace that does not exist yet.
    this.baseline.defaultDeny.apiObject.addDependency(this.apiObject);
    this.baseline.dnsEgress.apiObject.addDependency(this.apiObject);
  }
}

/**
 * cdk8s stamps a chart's namespace on every object, including this cluster-scoped one; a Namespace with
 * `metadata.namespace` is wrong and kubectl may refuse it. So a SecureNamespace also works in a namespaced chart.
 */
class ClusterScopedNamespace extends k8s.KubeNamespace {
  public override toJson(): Record<string, unknown> {
    const json: Record<string, unknown> = super.toJson();
    const metadata = { ...(json.metadata as Record<string, unknown>) };
    delete metadata.namespace;
    return { ...json, metadata };
  }
}
