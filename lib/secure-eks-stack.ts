import { KubectlV31Layer } from '@aws-cdk/lambda-layer-kubectl-v31';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type * as cdk8s from 'cdk8s';
import type { Construct } from 'constructs';
import { CalicoPolicyEngine } from './calico-policy-engine';
import { ClusterAccess } from './cluster-access';
import {
  assertValidConfig,
  DEFAULT_ENVIRONMENT,
  type EnvironmentConfig,
  type KubernetesVersionString,
} from './config';
import { addManagedAddon } from './managed-addon';
import { acknowledgeNagFindings } from './nag-suppressions';
import { ClusterNetwork } from './network';
import { WorkerNodeGroup } from './node-group';
import { VpcCniAddon } from './vpc-cni-addon';

/** Properties of {@link SecureEksStack}. */
export interface SecureEksStackProps extends Omit<StackProps, 'env'> {
  /** The environment's configuration (see lib/config.ts); validated again here. */
  readonly config: EnvironmentConfig;
  /**
   * Name of the environment, for error messages.
   * @default DEFAULT_ENVIRONMENT ('default')
   */
  readonly environmentName?: string;
  /**
   * AWS account to deploy to.
   * @default - account-agnostic: the CLI's credentials decide at deploy time
   */
  readonly account?: string;
  /**
   * cdk8s charts to apply to the cluster once Calico runs (the same objects that are synthesized to `dist/`).
   * A chart that depends on another chart (`chart.addDependency`) is applied after it.
   * @default - none
   */
  readonly charts?: readonly cdk8s.Chart[];
}

/** Kubernetes versions the app can deploy, each with the kubectl layer that matches it. */
const KUBERNETES_VERSIONS: Record<
  KubernetesVersionString,
  { version: eks.KubernetesVersion; kubectlLayer: (scope: Construct) => lambda.ILayerVersion }
> = {
  '1.31': {
    version: eks.KubernetesVersion.V1_31,
    kubectlLayer: (scope) => new KubectlV31Layer(scope, 'KubectlLayer'),
  },
};

const ALL_CONTROL_PLANE_LOGS = [
  eks.ClusterLoggingTypes.API,
  eks.ClusterLoggingTypes.AUDIT,
  eks.ClusterLoggingTypes.AUTHENTICATOR,
  eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
  eks.ClusterLoggingTypes.SCHEDULER,
];

/**
 * The guide's `eksctl create cluster` + `kubectl apply` set-up as one stack, secure by default: private API
 * endpoint, envelope-encrypted secrets, all control-plane logs, access entries, IMDSv2-only nodes without
 * CNI permissions, the VPC CNI with its own IRSA role, Calico in policy-only mode, then the NetworkPolicy
 * charts.
 *
 * Creation order (and, reversed, deletion order): VPC → cluster → VPC CNI + kube-proxy → nodes → CoreDNS,
 * Calico → charts. The kubectl handler depends on the NAT routes, so every Kubernetes resource is removed
 * while the handler can still reach the cluster and the internet.
 */
export class SecureEksStack extends Stack {
  readonly config: EnvironmentConfig;
  readonly network: ClusterNetwork;
  readonly cluster: eks.Cluster;
  readonly secretsKey: kms.Key;
  readonly vpcCni: VpcCniAddon;
  readonly kubeProxy: eks.Addon;
  readonly coreDns: eks.Addon;
  readonly nodes: WorkerNodeGroup;
  readonly access: ClusterAccess;
  readonly calico: CalicoPolicyEngine;
  /** One manifest per chart, in the order of `props.charts`. */
  readonly chartManifests: eks.KubernetesManifest[];

  constructor(scope: Construct, id: string, props: SecureEksStackProps) {
    super(scope, id, { ...props, env: { account: props.account, region: props.config.region } });
    // The IAM OIDC provider behind IRSA as a native AWS::IAM::OIDCProvider rather than aws-eks-v2's legacy
    // custom resource (one more Lambda to run and review), whether or not the app's cdk.json sets this flag.
    // A flag can only be set before the first child is added.
    this.node.setContext(cxapi.EKS_USE_NATIVE_OIDC_PROVIDER, true);
    const environmentName = props.environmentName ?? DEFAULT_ENVIRONMENT;
    assertValidConfig(props.config, `${this.node.path} (environment "${environmentName}")`);
    const config = (this.config = props.config);
    const kubernetes = KUBERNETES_VERSIONS[config.cluster.kubernetesVersion as KubernetesVersionString];

    this.network = new ClusterNetwork(this, 'Network', {
      vpcCidr: config.network.vpcCidr,
      availabilityZones: config.network.availabilityZones,
      natGateways: config.network.natGateways,
      flowLogRetention: config.network.flowLogRetentionDays as logs.RetentionDays,
    });
    this.secretsKey = new kms.Key(this, 'SecretsKey', {
      description: `Envelope encryption of the Kubernetes secrets of EKS cluster ${config.cluster.name}`,
      enableKeyRotation: true,
      // Kept when the stack is deleted or the key replaced: a key deleted under a live cluster makes its secrets,
      // and the cluster, unrecoverable. Schedule its deletion by hand once the cluster is gone.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: config.cluster.name,
      version: kubernetes.version,
      vpc: this.network.vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
      endpointAccess: endpointAccess(config.cluster.endpoint.publicAccessCidrs),
      clusterLogging: ALL_CONTROL_PLANE_LOGS,
      secretsEncryptionKey: this.secretsKey,
      // Managed node groups, added below; no EKS Auto Mode and no default capacity.
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      // The creator would be the CloudFormation execution role: access goes through explicit entries only.
      bootstrapClusterCreatorAdminPermissions: false,
      // The networking add-ons are managed add-ons below, not EKS's unmanaged defaults.
      bootstrapSelfManagedAddons: false,
      kubectlProviderOptions: { kubectlLayer: kubernetes.kubectlLayer(this) },
    });
    this.cluster.kubectlProvider?.node.addDependency(...this.network.privateEgress);

    this.vpcCni = new VpcCniAddon(this, 'VpcCni', {
      cluster: this.cluster,
      addonVersion: config.addons.vpcCni,
    });
    this.kubeProxy = addManagedAddon(this, 'KubeProxy', {
      cluster: this.cluster,
      name: 'kube-proxy',
      version: config.addons.kubeProxy,
    });
    this.nodes = new WorkerNodeGroup(this, 'Nodes', {
      cluster: this.cluster,
      nodegroupName: config.nodeGroup.name,
      instanceType: new ec2.InstanceType(config.nodeGroup.instanceType),
      minSize: config.nodeGroup.minSize,
      desiredSize: config.nodeGroup.desiredSize,
      maxSize: config.nodeGroup.maxSize,
      diskSizeGiB: config.nodeGroup.diskSizeGiB,
    });
    // Nodes without CNI permissions only become Ready once aws-node runs with its own role, and aws-node
    // reaches the API server through the kubernetes Service, which kube-proxy programs.
    this.nodes.node.addDependency(this.vpcCni, this.kubeProxy);
    this.coreDns = addManagedAddon(this, 'CoreDns', {
      cluster: this.cluster,
      name: 'coredns',
      version: config.addons.coreDns,
    });
    // CoreDNS is a Deployment: the add-on only turns ACTIVE once nodes can run it.
    this.coreDns.node.addDependency(this.nodes);

    this.access = new ClusterAccess(this, 'Access', { cluster: this.cluster, grants: config.cluster.access });
    this.calico = new CalicoPolicyEngine(this, 'Calico', {
      cluster: this.cluster,
      chartVersion: config.calico.chartVersion,
    });
    // The operator needs nodes to run on, and must be uninstalled while they still exist.
    this.calico.node.addDependency(this.nodes);
    this.chartManifests = this.attachCharts(props.charts ?? []);

    new CfnOutput(this, 'ClusterName', { value: this.cluster.clusterName });
    new CfnOutput(this, 'UpdateKubeconfigCommand', {
      description:
        'Run with credentials of a principal in cluster.access, from a network that reaches the endpoint',
      value: `aws eks update-kubeconfig --name ${config.cluster.name} --region ${config.region}`,
    });
    acknowledgeNagFindings(this);
  }

  /** Pins the availability zones so that synth never looks them up, even with a concrete account. */
  override get availabilityZones(): string[] {
    return [...this.config.network.availabilityZones];
  }

  /**
   * Applies each chart after Calico's operator runs, and after the charts it depends on in cdk8s; on deletion
   * each is removed before the operator. Helm only waits for the operator: on a first deploy, Calico's node
   * agents may still be starting when the charts' pods start, and they enforce the policies once running.
   */
  private attachCharts(charts: readonly cdk8s.Chart[]): eks.KubernetesManifest[] {
    const manifests = new Map<cdk8s.Chart, eks.KubernetesManifest>();
    for (const chart of charts) {
      const manifest = this.cluster.addCdk8sChart(`Cdk8sChart-${chart.node.id}`, chart);
      manifest.node.addDependency(this.calico);
      manifests.set(chart, manifest);
    }
    for (const [chart, manifest] of manifests) {
      for (const dependency of chart.node.dependencies) {
        const prerequisite = manifests.get(dependency as cdk8s.Chart);
        if (prerequisite) manifest.node.addDependency(prerequisite);
      }
    }
    return [...manifests.values()];
  }
}

/** Private only, unless the environment lists CIDRs for the public endpoint (validated in lib/config.ts). */
function endpointAccess(publicAccessCidrs: readonly string[]): eks.EndpointAccess {
  return publicAccessCidrs.length === 0
    ? eks.EndpointAccess.PRIVATE
    : eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...publicAccessCidrs);
}
