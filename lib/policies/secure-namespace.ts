import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { dnsLabelProblem } from '../kubernetes';
import { invalidInput } from './errors';
import { validateLabel } from './label-selector';
import { NamespaceBaseline } from './namespace-baseline';

/** The Pod Security Standards levels (pod-security.kubernetes.io). */
export const POD_SECURITY_LEVELS = ['restricted', 'baseline', 'privileged'] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/** The Pod Security admission modes a namespace label sets: `pod-security.kubernetes.io/<mode>: <level>`. */
const POD_SECURITY_MODES = ['enforce', 'warn', 'audit'] as const;

/**
 * The labels that make Pod Security admission enforce `level` in a namespace, and warn and audit at the same
 * level, so what `kubectl apply` warns about is exactly what admission refuses.
 */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  return Object.fromEntries(POD_SECURITY_MODES.map((mode) => [`pod-security.kubernetes.io/${mode}`, level]));
}

/** Props of `SecureNamespace`. */
export interface SecureNamespaceProps {
  /** The namespace's name (an RFC 1123 label). */
  readonly name: string;
  /**
   * Extra labels for the namespace, e.g. a team label that other namespaces' policies can select. The Pod
   * Security level labels are set from `podSecurity` and refused here.
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
    if (!POD_SECURITY_LEVELS.includes(level)) {
      throw invalidInput(
        this,
        'podSecurity',
        level,
        `not a Pod Security Standard level (${POD_SECURITY_LEVELS.join(', ')})`,
        "use 'restricted' unless a workload needs more",
      );
    }
    const securityLabels = podSecurityLabels(level);
    for (const [key, value] of Object.entries(props.labels ?? {})) {
      if (key in securityLabels) {
        throw invalidInput(
          this,
          `labels.${key}`,
          value,
          'the Pod Security level is set from podSecurity, and this label would be overwritten',
          `drop the label and set podSecurity: '${value}'`,
        );
      }
      validateLabel(this, 'labels', key, value);
    }
    const labels = { ...props.labels, ...securityLabels };
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
