import { Construct } from 'constructs';
import { ClusterNetworkPolicy } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { ClusterPolicySubject } from './cluster-policy-subject';
import { ALL_NETWORKS } from './baseline-default-deny';

/** Props of `DelegateToNamespacePolicies`. */
export interface DelegateToNamespacePoliciesProps {
  /**
   * The policy's name.
   * @default 'delegate-to-namespace-policies'
   */
  readonly name?: string;
  /** The namespaces, by name, whose traffic their own NetworkPolicies decide. */
  readonly namespaces: readonly string[];
  /**
   * The Admin priority. Admin policies before it still apply to these namespaces (e.g. the metadata deny); Admin
   * policies after it no longer do.
   * @default 500
   */
  readonly priority?: number;
}

/**
 * An Admin-tier ClusterNetworkPolicy whose rules `Pass` all traffic into and out of the given namespaces: later
 * Admin policies are skipped for them and their own NetworkPolicies decide (then the Baseline tier, for pods no
 * NetworkPolicy selects). This is how a platform team hands a namespace's decisions to its owners on purpose,
 * below the guardrails it keeps (give those a lower priority number).
 */
export class DelegateToNamespacePolicies extends Construct {
  /** The ClusterNetworkPolicy. */
  public readonly policy: ClusterNetworkPolicy;

  public constructor(scope: Construct, id: string, props: DelegateToNamespacePoliciesProps) {
    super(scope, id);
    this.policy = new ClusterNetworkPolicy(this, 'Policy', {
      name: props.name ?? 'delegate-to-namespace-policies',
      tier: 'Admin',
      priority: props.priority ?? 500,
      subject: ClusterPolicySubject.namespaceNamed(...props.namespaces),
      ingress: [{ name: 'pass-all-ingress', action: 'Pass', from: [ClusterPeer.allNamespaces()] }],
      egress: [
        {
          name: 'pass-all-egress',
          action: 'Pass',
          to: [ClusterPeer.allNamespaces(), ClusterPeer.networks(...ALL_NETWORKS)],
        },
      ],
    });
  }
}
