import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Where the Tigera operator chart comes from. */
export const TIGERA_OPERATOR_CHART = {
  repository: 'https://docs.tigera.io/calico/charts',
  chart: 'tigera-operator',
  namespace: 'tigera-operator',
} as const;

/** Properties of {@link CalicoPolicyEngine}. */
export interface CalicoPolicyEngineProps {
  readonly cluster: eks.ICluster;
  /** Pinned `tigera-operator` chart version, e.g. `v3.31.4`. */
  readonly chartVersion: string;
  /**
   * How long Helm waits for the operator to become ready.
   * @default Duration.minutes(10)
   */
  readonly timeout?: Duration;
}

/**
 * Calico in policy-only mode beside the Amazon VPC CNI: the VPC CNI keeps pod networking and IPAM, Calico
 * only enforces NetworkPolicies. Installed by the Tigera operator Helm chart (not the guide's `calico.yaml`,
 * which would install Calico's own CNI and IPAM next to aws-node).
 *
 * Anything that needs policies enforced should depend on this construct, so that CloudFormation creates it
 * after Calico and deletes it before: the operator goes last, and stack deletion does not hang on it.
 */
export class CalicoPolicyEngine extends Construct {
  readonly chart: eks.HelmChart;

  constructor(scope: Construct, id: string, props: CalicoPolicyEngineProps) {
    super(scope, id);
    this.chart = new eks.HelmChart(this, 'TigeraOperator', {
      cluster: props.cluster,
      ...TIGERA_OPERATOR_CHART,
      release: 'calico',
      version: props.chartVersion,
      createNamespace: true,
      // Wait for the operator so that "installed" means running before the policies are applied.
      wait: true,
      timeout: props.timeout ?? Duration.minutes(10),
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
