import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { NamespaceBaseline } from '../lib/policies';

/**
 * Namespaces that exist in every cluster and that this project does not create, but where workloads land when
 * a manifest names no namespace. Left open, such a pod would be reachable from, and reach, everything.
 */
export const PRE_EXISTING_WORKLOAD_NAMESPACES = ['default'];

/**
 * The cluster-wide baseline: default deny in both directions plus DNS egress for the namespaces no app chart
 * owns. Namespaces the project creates for workloads get the same baseline from `SecureNamespace`, in the
 * same chart as their workloads, so no apply order between charts can leave a pod unprotected.
 */
export class BaselineChart extends Chart {
  public constructor(scope: Construct, id = 'baseline') {
    super(scope, id);
    for (const namespace of PRE_EXISTING_WORKLOAD_NAMESPACES) {
      new NamespaceBaseline(this, namespace, { namespace });
    }
  }
}
