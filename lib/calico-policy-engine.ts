import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Properties of {@link CalicoPolicyEngine}. */
export interface CalicoPolicyEngineProps {
  readonly cluster: eks.ICluster;
  /** Pinned `tigera-operator` chart version, e.g. `v3.31.4`. */
  readonly chartVersion: string;
  /**
   * How long Helm waits in each phase: for the operator to become ready on install, and on uninstall first for
   * the chart's pre-delete hook, then for the chart's objects to be gone. Both uninstall phases together must
   * end within the kubectl handler's 15-minute Lambda limit, hence at most {@link MAX_HELM_TIMEOUT}.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
}

/** The longest Helm timeout whose two uninstall phases still fit in the kubectl handler's 15-minute run. */
export const MAX_HELM_TIMEOUT = Duration.minutes(7);

/**
 * Calico in policy-only mode beside the Amazon VPC CNI: the VPC CNI keeps pod networking and IPAM, Calico
 * only enforces NetworkPolicies. Installed by the Tigera operator Helm chart (not the guide's `calico.yaml`,
 * which would install Calico's own CNI and IPAM next to aws-node).
 *
 * Anything that needs policies enforced should depend on this construct, so that CloudFormation creates it
 * after Calico and deletes it before. This construct itself must depend on the nodes (the caller adds it).
 *
 * Why stack deletion does not hang on Calico: the chart's `Installation` CR (`default`) carries a finalizer
 * that only the running operator removes, so `helm uninstall` first runs the chart's pre-delete hook (Job
 * `tigera-operator-uninstall`, host network), which deletes the Installation and waits until the operator
 * has torn down `calico-system`; only then does Helm delete the operator. The hook's pod needs a node, hence
 * the dependency on the nodes. Every Helm phase is bounded by `timeout`, and the aws-eks-v2 handler logs and
 * ignores a failed uninstall, so at worst objects are left behind in a cluster that is deleted next.
 * Left on purpose: the CRDs (Helm never deletes a chart's `crds/`) and the `tigera-operator` namespace
 * (created by `--create-namespace`, not owned by the release); both go with the cluster.
 */
export class CalicoPolicyEngine extends Construct {
  readonly chart: eks.HelmChart;

  constructor(scope: Construct, id: string, props: CalicoPolicyEngineProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.minutes(5);
    if (timeout.toSeconds() > MAX_HELM_TIMEOUT.toSeconds()) {
      throw new Error(
        `${this.node.path}: timeout = ${timeout.toHumanString()} is too long: an uninstall waits up to twice the timeout ` +
          `(pre-delete hook, then deletion), which must end within the kubectl handler's 15-minute limit. ` +
          `Fix: use at most ${MAX_HELM_TIMEOUT.toHumanString()}.`,
      );
    }
    this.chart = new eks.HelmChart(this, 'TigeraOperator', {
      cluster: props.cluster,
      repository: 'https://docs.tigera.io/calico/charts',
      chart: 'tigera-operator',
      namespace: 'tigera-operator',
      release: 'calico',
      version: props.chartVersion,
      createNamespace: true,
      // Wait for the operator so that "installed" means running before the policies are applied.
      wait: true,
      timeout,
      values: {
        installation: {
          kubernetesProvider: 'EKS',
          cni: { type: 'AmazonVPC' },
          calicoNetwork: { bgp: 'Disabled' },
        },
      },
    });
  }
}
