import { Construct } from 'constructs';
import { ClusterNetworkPolicy } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { ClusterPolicySubject } from './cluster-policy-subject';
import { namespacesExcept } from './namespaces-except';

/**
 * The EC2 instance metadata service (IMDS): its IPv4 address and, on Nitro instances with IPv6, its IPv6 address
 * (EC2 User Guide, "Access instance metadata": http://169.254.169.254 and http://[fd00:ec2::254]). The EKS Pod
 * Identity agent (169.254.170.23, fd00:ec2::23) is a different address and stays reachable.
 */
export const INSTANCE_METADATA_NETWORKS: readonly string[] = ['169.254.169.254/32', 'fd00:ec2::254/128'];

/** Props of `DenyInstanceMetadata`. */
export interface DenyInstanceMetadataProps {
  /**
   * The policy's name.
   * @default 'deny-instance-metadata'
   */
  readonly name?: string;
  /**
   * The priority in the Admin tier; keep it before any policy that accepts or passes egress broadly.
   * @default 10
   */
  readonly priority?: number;
  /**
   * Namespaces whose pods may still reach the metadata service, by name, on purpose.
   * @default [] - none: on this cluster no pod needs it (AWS access is per service account, IRSA)
   */
  readonly exemptNamespaces?: readonly string[];
}

/**
 * An Admin-tier ClusterNetworkPolicy denying egress to the instance metadata service from every pod, so no pod
 * can read the node's IAM role credentials, whatever its namespace's NetworkPolicies allow. Defence in depth
 * beside the nodes' IMDSv2-only setting with a hop limit of 1 (lib/cluster/node-group.ts): it holds even if a launch
 * template changes those, and it is visible to `netpol`. Host-network pods (aws-node, kube-proxy, calico-node) are not subjects of any
 * ClusterNetworkPolicy and keep the node's access, which they need.
 */
export class DenyInstanceMetadata extends Construct {
  /** The ClusterNetworkPolicy. */
  public readonly policy: ClusterNetworkPolicy;

  public constructor(scope: Construct, id: string, props: DenyInstanceMetadataProps = {}) {
    super(scope, id);
    this.policy = new ClusterNetworkPolicy(this, 'Policy', {
      name: props.name ?? 'deny-instance-metadata',
      tier: 'Admin',
      priority: props.priority ?? 10,
      subject: ClusterPolicySubject.namespaces(
        namespacesExcept(this, 'exemptNamespaces', props.exemptNamespaces ?? []),
      ),
      egress: [
        {
          name: 'deny-instance-metadata',
          action: 'Deny',
          to: [ClusterPeer.networks(...INSTANCE_METADATA_NETWORKS)],
        },
      ],
    });
  }
}
