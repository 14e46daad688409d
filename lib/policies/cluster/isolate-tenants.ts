import { Construct } from 'constructs';
import { Label, LabelSelector } from '../label-selector';
import { ClusterNetworkPolicy } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { ClusterPolicySubject } from './cluster-policy-subject';
import { invalidInput } from '../errors';

/** Props of `IsolateTenants`. */
export interface IsolateTenantsProps {
  /**
   * The namespace label whose value names a namespace's tenant, e.g. 'tenant'. Namespace labels are set by whoever
   * may update the Namespace object (cluster-scoped), normally the platform team only.
   * @default 'tenant'
   */
  readonly tenantLabel?: string;
  /** The tenants (values of `tenantLabel`), one policy each. */
  readonly tenants: readonly string[];
  /**
   * The Admin priority of the tenants' policies. They share it: their subjects (one tenant each) are disjoint.
   * @default 40
   */
  readonly priority?: number;
  /**
   * The prefix of the policies' names, followed by the tenant.
   * @default 'isolate-tenant-'
   */
  readonly namePrefix?: string;
}

/**
 * Admin-tier ClusterNetworkPolicies that keep tenants apart: for each tenant, traffic between its own namespaces is
 * passed on to their NetworkPolicies, and traffic to or from the namespaces of any other tenant (any namespace
 * carrying the tenant label) is denied, both ways, whatever the NetworkPolicies allow. Namespaces without the label
 * (shared services, system namespaces) are not tenants and are left to the other policies. One policy per tenant,
 * because v1alpha2 has no "same label value" peer.
 */
export class IsolateTenants extends Construct {
  /** One ClusterNetworkPolicy per tenant, in the order given. */
  public readonly policies: ClusterNetworkPolicy[];

  public constructor(scope: Construct, id: string, props: IsolateTenantsProps) {
    super(scope, id);
    const label = props.tenantLabel ?? 'tenant';
    if (props.tenants.length === 0) {
      throw invalidInput(
        this,
        'tenants',
        [],
        'no tenants to isolate',
        "list the tenants, e.g. ['team-a', 'team-b']",
      );
    }
    const anyTenant = ClusterPeer.namespaces(LabelSelector.matchExpressions(Label.exists(label)));
    this.policies = props.tenants.map((tenant) => {
      const ownNamespaces = LabelSelector.matchLabels({ [label]: tenant });
      return new ClusterNetworkPolicy(this, tenant, {
        name: `${props.namePrefix ?? 'isolate-tenant-'}${tenant}`,
        tier: 'Admin',
        priority: props.priority ?? 40,
        subject: ClusterPolicySubject.namespaces(ownNamespaces),
        ingress: [
          { name: 'pass-same-tenant', action: 'Pass', from: [ClusterPeer.namespaces(ownNamespaces)] },
          { name: 'deny-other-tenants', action: 'Deny', from: [anyTenant] },
        ],
        egress: [
          { name: 'pass-same-tenant', action: 'Pass', to: [ClusterPeer.namespaces(ownNamespaces)] },
          { name: 'deny-other-tenants', action: 'Deny', to: [anyTenant] },
        ],
      });
    });
  }
}
