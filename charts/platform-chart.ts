import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  BaselineDefaultDeny,
  DelegateToNamespacePolicies,
  DenyInstanceMetadata,
  IsolateTenants,
  ProtectSystemNamespaces,
  SYSTEM_NAMESPACES,
} from '../lib/policies';

/** Props of `PlatformChart`. */
export interface PlatformChartProps {
  /**
   * The namespaces the guardrails must not break: left out of the baseline default deny, and protected from
   * other namespaces.
   * @default SYSTEM_NAMESPACES - kube-system, calico-system, tigera-operator
   */
  readonly systemNamespaces?: readonly string[];
  /**
   * Tenants to keep apart, by the value of their namespaces' `tenantLabel`.
   * @default [] - no tenant isolation policies
   */
  readonly tenants?: readonly string[];
  /**
   * The namespace label naming a namespace's tenant.
   * @default 'tenant'
   */
  readonly tenantLabel?: string;
  /**
   * Namespaces whose traffic, below the guardrails, their own NetworkPolicies decide (Admin `Pass`).
   * @default [] - no delegation policy
   */
  readonly delegatedNamespaces?: readonly string[];
}

/**
 * The cluster-wide guardrails, as ClusterNetworkPolicies (policy.networking.k8s.io/v1alpha2) only the platform team
 * can change, in the order they are evaluated:
 * 1. Admin 10: no pod reaches the instance metadata service;
 * 2. Admin 20 and 30: only the system namespaces reach each other, except DNS queries, which every pod may send;
 * 3. Admin 40: tenants are kept apart (when `tenants` are given);
 * 4. Admin 500: delegated namespaces skip later Admin rules (when `delegatedNamespaces` are given);
 * then the namespaces' NetworkPolicies; then
 * 5. Baseline 1000: every pod of every namespace but the system ones, present and future, is denied all traffic
 *    except DNS, unless its namespace's NetworkPolicies decide otherwise.
 * Cluster-scoped objects, so the chart has no namespace. It needs the ClusterNetworkPolicy CRD on the cluster, and
 * an enforcer (Calico 3.32 or later).
 */
export class PlatformChart extends Chart {
  public constructor(scope: Construct, id = 'platform', props: PlatformChartProps = {}) {
    super(scope, id);
    const systemNamespaces = props.systemNamespaces ?? SYSTEM_NAMESPACES;
    new DenyInstanceMetadata(this, 'deny-instance-metadata');
    new ProtectSystemNamespaces(this, 'protect-system-namespaces', { namespaces: systemNamespaces });
    if (props.tenants && props.tenants.length > 0) {
      new IsolateTenants(this, 'isolate-tenants', { tenants: props.tenants, tenantLabel: props.tenantLabel });
    }
    if (props.delegatedNamespaces && props.delegatedNamespaces.length > 0) {
      new DelegateToNamespacePolicies(this, 'delegate', { namespaces: props.delegatedNamespaces });
    }
    new BaselineDefaultDeny(this, 'baseline-default-deny', { exemptNamespaces: systemNamespaces });
  }
}
