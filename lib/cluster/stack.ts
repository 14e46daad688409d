import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Annotations, CfnOutput, CfnResource, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type * as cdk8s from 'cdk8s';
import type { Construct, IConstruct } from 'constructs';
import { accessGrantsOf, ClusterAccess, hasClusterAdmin } from './access';
import { addManagedAddon, VpcCniAddon } from './addons';
import { CalicoPolicyEngine } from './calico';
import { DEFAULT_ENVIRONMENT, type EnvironmentConfig } from './environments';
import { acknowledgeNagFindings } from './nag-acknowledgements';
import { ClusterNetwork } from './network';
import { WorkerNodeGroup } from './node-group';
import { assertValidConfig, resolveAddonVersions } from './validation';
import {
  EXTENDED_SUPPORT_PRICE_FACTOR,
  newestSupportedVersionFix,
  supportPhase,
  VERSION_CATALOGUE,
  type AddonVersions,
  type KubernetesVersionSupport,
} from './versions';

/** Properties of {@link SecureEksStack}. */
export interface SecureEksStackProps extends Omit<StackProps, 'env'> {
  /** The environment's configuration (see lib/cluster/environments.ts); validated again here. */
  readonly config: EnvironmentConfig;
  /**
   * The day the Kubernetes version's EKS support is checked against: the real date in the app (`new Date()`), a
   * fixed day in tests, so that they do not rot as versions age.
   */
  readonly today: Date;
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
   * The project's cdk8s charts (the same objects that are synthesized to `dist/`). The environment's
   * `charts` picks, by id, which of them are applied, once Calico is ready. A chart that depends on another chart
   * (`chart.addDependency`) is applied after it, and the other chart must be applied too.
   * @default - none: no chart is applied, whatever the environment lists (a cluster without the project's charts)
   */
  readonly charts?: readonly cdk8s.Chart[];
}

const ALL_CONTROL_PLANE_LOGS = [
  eks.ClusterLoggingTypes.API,
  eks.ClusterLoggingTypes.AUDIT,
  eks.ClusterLoggingTypes.AUTHENTICATOR,
  eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
  eks.ClusterLoggingTypes.SCHEDULER,
];

/**
 * The guide's `eksctl create cluster` + `kubectl apply` set-up as one stack, secure by default: private API
 * endpoint, envelope-encrypted secrets, all control-plane logs (encrypted, with a retention), access entries,
 * IMDSv2-only nodes without CNI permissions, the VPC CNI with its own IRSA role, Calico in policy-only mode with
 * flow logs, then the environment's NetworkPolicy charts.
 *
 * Creation order (and, reversed, deletion order): VPC → log group → cluster → VPC CNI + kube-proxy → nodes →
 * CoreDNS, Calico CRDs → Calico operator → Calico ready → charts. The kubectl handler depends on the NAT routes, so
 * every Kubernetes resource is removed while the handler can still reach the cluster and the internet.
 */
export class SecureEksStack extends Stack {
  readonly config: EnvironmentConfig;
  /** The version catalogue entry deployed: kubectl layer, add-on pins, Calico release. */
  readonly kubernetes: KubernetesVersionSupport;
  /** The add-on versions deployed: the catalogue's pins with the environment's overrides. */
  readonly addonVersions: AddonVersions;
  readonly network: ClusterNetwork;
  readonly cluster: eks.Cluster;
  readonly secretsKey: kms.Key;
  /** Encrypts every log group of the stack (CloudWatch Logs cannot use an AWS managed key). */
  readonly logsKey: kms.Key;
  /** `/aws/eks/<cluster>/cluster`, created here so EKS does not create it unencrypted and kept forever. */
  readonly controlPlaneLogGroup: logs.LogGroup;
  /** The kubectl handler's Lambdas' own security group: HTTPS out only. */
  readonly kubectlHandlerSecurityGroup: ec2.SecurityGroup;
  /**
   * The additional security group of the control plane's ENIs, which (unlike the EKS cluster security group) no node
   * or pod carries: it admits the kubectl handler on 443, so the handler reaches the API server and nothing else in
   * the cluster.
   */
  readonly controlPlaneSecurityGroup: ec2.SecurityGroup;
  readonly vpcCni: VpcCniAddon;
  readonly kubeProxy: eks.Addon;
  readonly coreDns: eks.Addon;
  readonly nodes: WorkerNodeGroup;
  readonly access: ClusterAccess;
  readonly calico: CalicoPolicyEngine;
  /** One manifest per chart the environment applies, in the order of its `charts`. */
  readonly chartManifests: eks.KubernetesManifest[];

  constructor(scope: Construct, id: string, props: SecureEksStackProps) {
    super(scope, id, { ...props, env: { account: props.account, region: props.config.region } });
    // The IAM OIDC provider behind IRSA as a native AWS::IAM::OIDCProvider rather than aws-eks-v2's legacy
    // custom resource (one more Lambda to run and review), whether or not the app's cdk.json sets this flag.
    // A flag can only be set before the first child is added.
    this.node.setContext(cxapi.EKS_USE_NATIVE_OIDC_PROVIDER, true);
    const environmentName = props.environmentName ?? DEFAULT_ENVIRONMENT;
    assertValidConfig(props.config, `${this.node.path} (environment "${environmentName}")`, props.today);
    const config = (this.config = props.config);
    this.kubernetes = VERSION_CATALOGUE[config.cluster.kubernetesVersion];
    this.addonVersions = resolveAddonVersions(config);
    this.warnAboutExtendedSupport(props.today);

    this.secretsKey = this.retainedKey(
      'SecretsKey',
      'secrets',
      `Envelope encryption of the Kubernetes secrets of EKS cluster ${config.cluster.name}`,
    );
    this.logsKey = this.retainedKey(
      'LogsKey',
      'logs',
      `Encryption of the log groups of EKS cluster ${config.cluster.name}`,
    );
    // CloudWatch Logs may use the key for this account's log groups in this region only (the encryption context
    // condition of the CloudWatch Logs user guide, "Encrypt log data in CloudWatch Logs using AWS KMS").
    this.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`,
          },
        },
      }),
    );

    this.network = new ClusterNetwork(this, 'Network', {
      vpcCidr: config.network.vpcCidr,
      availabilityZones: config.network.availabilityZones,
      natGateways: config.network.natGateways,
      flowLogRetention: config.network.flowLogRetentionDays as logs.RetentionDays,
      encryptionKey: this.logsKey,
    });
    this.controlPlaneLogGroup = new logs.LogGroup(this, 'ControlPlaneLogs', {
      logGroupName: `/aws/eks/${config.cluster.name}/cluster`,
      retention: config.cluster.logRetentionDays as logs.RetentionDays,
      encryptionKey: this.logsKey,
      // Audit evidence outlives the stack; delete it by hand (or import it) before re-creating the cluster.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.kubectlHandlerSecurityGroup = new ec2.SecurityGroup(this, 'KubectlHandlerSecurityGroup', {
      vpc: this.network.vpc,
      description:
        'kubectl handler Lambdas: HTTPS to the EKS API endpoint, AWS APIs and the Calico chart repository',
      allowAllOutbound: false,
    });
    this.controlPlaneSecurityGroup = new ec2.SecurityGroup(this, 'ControlPlaneSecurityGroup', {
      vpc: this.network.vpc,
      description: 'EKS control plane ENIs only (nodes do not carry it): admits the kubectl handler on 443',
      // The control plane's egress comes from the EKS cluster security group, which its ENIs carry too.
      allowAllOutbound: false,
    });
    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: config.cluster.name,
      version: this.kubernetes.version,
      vpc: this.network.vpc,
      securityGroup: this.controlPlaneSecurityGroup,
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
      kubectlProviderOptions: {
        kubectlLayer: this.kubernetes.kubectlLayer(this, 'KubectlLayer'),
        securityGroups: [this.kubectlHandlerSecurityGroup],
      },
    });
    // EKS writes to the log group it finds; created first, it is ours (encrypted, with a retention).
    this.cluster.node.addDependency(this.controlPlaneLogGroup);
    (this.cluster.node.defaultChild as eks.CfnCluster).upgradePolicy = {
      supportType: config.cluster.upgradePolicy,
    };
    this.cluster.kubectlProvider?.node.addDependency(...this.network.privateEgress);
    this.restrictKubectlHandler();

    this.vpcCni = new VpcCniAddon(this, 'VpcCni', {
      cluster: this.cluster,
      addonVersion: this.addonVersions.vpcCni,
    });
    this.kubeProxy = addManagedAddon(this, 'KubeProxy', {
      cluster: this.cluster,
      name: 'kube-proxy',
      version: this.addonVersions.kubeProxy,
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
      version: this.addonVersions.coreDns,
    });
    // CoreDNS is a Deployment: the add-on only turns ACTIVE once nodes can run it.
    this.coreDns.node.addDependency(this.nodes);

    const grants = accessGrantsOf(config.cluster);
    this.access = new ClusterAccess(this, 'Access', { cluster: this.cluster, grants });
    if (!hasClusterAdmin(grants)) {
      Annotations.of(this).addWarningV2(
        'secure-eks:no-human-admin',
        `Environment "${environmentName}" grants no human cluster admin: only the CDK kubectl handler can administer ` +
          "the cluster. Add your administrators' role ARNs to cluster.adminRoleArns (and break-glass roles to " +
          'cluster.breakGlassRoleArns) in lib/cluster/environments.ts; -c adminPrincipalArn=<ARN> lasts one deploy only.',
      );
    }
    this.calico = new CalicoPolicyEngine(this, 'Calico', {
      cluster: this.cluster,
      version: this.kubernetes.calico.version,
    });
    // The operator needs nodes to run on, and must be uninstalled while they still exist.
    this.calico.node.addDependency(this.nodes);
    this.chartManifests = props.charts
      ? this.attachCharts(selectCharts(props.charts, config.charts, environmentName))
      : [];

    new CfnOutput(this, 'ClusterName', { value: this.cluster.clusterName });
    new CfnOutput(this, 'UpdateKubeconfigCommand', {
      description:
        'Run with credentials of a principal in cluster.access, from a network that reaches the endpoint',
      value: `aws eks update-kubeconfig --name ${config.cluster.name} --region ${config.region}`,
    });
    new CfnOutput(this, 'WhiskerCommand', {
      description: 'Opens Whisker (Calico flow logs with policy verdicts) on http://localhost:8081',
      value: 'kubectl port-forward -n calico-system svc/whisker 8081:8081',
    });
    this.encryptCustomResourceProviderLogs();
    acknowledgeNagFindings({
      cluster: this.cluster,
      vpcCniRole: this.vpcCni.role,
      nodeRole: this.nodes.role,
      vpc: this.network.vpc,
      flowLogRole: this.network.flowLogRole,
    });
  }

  /** Pins the availability zones so that synth never looks them up, even with a concrete account. */
  override get availabilityZones(): string[] {
    return [...this.config.network.availabilityZones];
  }

  /** A warning in `cdk synth` output while the version is in (paid) extended support. */
  private warnAboutExtendedSupport(today: Date): void {
    const version = this.config.cluster.kubernetesVersion;
    const phase = supportPhase(version, today);
    if (phase.phase !== 'extended') return;
    Annotations.of(this).addWarningV2(
      'secure-eks:extended-support',
      `Kubernetes ${version} is in EKS extended support until ${phase.until}: the cluster is billed at ` +
        `${EXTENDED_SUPPORT_PRICE_FACTOR} times the standard cluster-hour price, and EKS upgrades it after that day. ` +
        `Fix: ${newestSupportedVersionFix(today)}.`,
    );
  }

  /** A KMS key kept on stack deletion (what it encrypts outlives the stack), rotated, with an alias to find it by. */
  private retainedKey(id: string, purpose: string, description: string): kms.Key {
    return new kms.Key(this, id, {
      description,
      enableKeyRotation: true,
      alias: `alias/eks/${this.config.cluster.name}/${purpose}`,
      // Kept when the stack is deleted or the key replaced: a key deleted under a live cluster makes its secrets,
      // and the cluster, unrecoverable, and retained log groups unreadable. Schedule deletion by hand afterwards.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * The kubectl handler's Lambdas (handler and provider framework) get their own security group instead of the
   * EKS cluster security group, which opens every port to nodes and pods: HTTPS out only, to the control plane's
   * private endpoint and to the internet through NAT, for AWS APIs (EKS, Lambda, the CloudFormation response URL in
   * S3) and the Calico chart repository (docs.tigera.io). Inside the cluster only the control plane admits them, through its own security group: the
   * EKS cluster security group, which the nodes (and so the pods) carry as well, gets no rule for them. The handler
   * role keeps only what it uses: the ECR read policies aws-eks-v2 attaches for OCI charts go, as no OCI chart is used.
   */
  private restrictKubectlHandler(): void {
    const handlerSecurityGroup = this.kubectlHandlerSecurityGroup;
    const controlPlane = this.controlPlaneSecurityGroup;
    handlerSecurityGroup.addEgressRule(controlPlane, ec2.Port.tcp(443), 'EKS API server (private endpoint)');
    controlPlane.addIngressRule(handlerSecurityGroup, ec2.Port.tcp(443), 'kubectl handler Lambdas');
    handlerSecurityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'AWS APIs (EKS, Lambda, the CloudFormation response in S3) and the Calico Helm repository, through NAT',
    );
    const handler = this.cluster.kubectlProvider!.node.findChild('Handler');
    // The condition only chose the ECR Public policy removed below.
    handler.node.tryRemoveChild('HasEcrPublic');
    const handlerRole = handler.node.findChild('ServiceRole') as iam.Role;
    const cfnRole = handlerRole.node.defaultChild as iam.CfnRole;
    cfnRole.managedPolicyArns = [
      'service-role/AWSLambdaBasicExecutionRole',
      'service-role/AWSLambdaVPCAccessExecutionRole',
    ].map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name).managedPolicyArn);
    for (const logGroup of kubectlHandlerLogGroups(this.cluster.kubectlProvider!)) {
      logGroup.kmsKeyId = this.logsKey.keyArn;
      logGroup.retentionInDays = this.config.cluster.logRetentionDays;
    }
  }

  /**
   * aws-cdk-lib's singleton custom resource providers (the default security group restriction, CfnJson) are Lambda
   * functions without a log group of their own: Lambda would create `/aws/lambda/<name>` on first run, unencrypted
   * and kept forever. Each gets it here, encrypted and with the retention, before any custom resource runs.
   */
  private encryptCustomResourceProviderLogs(): void {
    const isLambda = (c: IConstruct): c is CfnResource =>
      c instanceof CfnResource &&
      c.cfnResourceType === 'AWS::Lambda::Function' &&
      !(c instanceof lambda.CfnFunction);
    const providerFunctions = this.node.findAll().filter(isLambda);
    const customResources = this.node
      .findAll()
      .filter((c): c is CfnResource => c instanceof CfnResource && c.cfnResourceType.startsWith('Custom::'))
      .filter((c) => !c.cfnResourceType.startsWith('Custom::AWSCDK-EKS-'));
    for (const fn of providerFunctions) {
      const logGroup = new logs.LogGroup(fn.node.scope!, 'LogGroup', {
        logGroupName: `/aws/lambda/${fn.ref}`,
        retention: this.config.cluster.logRetentionDays as logs.RetentionDays,
        encryptionKey: this.logsKey,
        // Like every log group of the stack (and the key that encrypts them), kept when the stack goes.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      for (const customResource of customResources) customResource.node.addDependency(logGroup);
    }
  }

  /**
   * Applies each chart once Calico is ready (so its policies are enforced from the first pod on), and after the
   * charts it depends on in cdk8s; on deletion each is removed before Calico.
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

/** The CloudWatch log groups aws-cdk-lib creates for the kubectl handler's Lambdas (handler and framework). */
function kubectlHandlerLogGroups(provider: IConstruct): logs.CfnLogGroup[] {
  return provider.node
    .findAll()
    .filter((construct): construct is lambda.Function => construct instanceof lambda.Function)
    .map((fn) => fn.node.tryFindChild('LogGroup'))
    .filter((child): child is logs.LogGroup => child instanceof logs.LogGroup)
    .map((group) => group.node.defaultChild as logs.CfnLogGroup);
}

/**
 * The charts an environment applies, in its order: each id must name a project chart, and a chart's cdk8s
 * dependencies must be applied too (else it would be applied without what it needs).
 */
export function selectCharts(
  charts: readonly cdk8s.Chart[],
  ids: readonly string[],
  environmentName: string,
): cdk8s.Chart[] {
  const byId = new Map(charts.map((chart) => [chart.node.id, chart]));
  const selected = ids.map((id, i) => {
    const chart = byId.get(id);
    if (!chart) {
      throw new Error(
        `Environment "${environmentName}": charts[${i}] = ${JSON.stringify(id)} is not a project chart. ` +
          `Fix: use one of ${[...byId.keys()].join(', ')} (charts/index.ts).`,
      );
    }
    return chart;
  });
  for (const chart of selected) {
    for (const dependency of chart.node.dependencies) {
      if (byId.get(dependency.node.id) === dependency && !selected.includes(dependency as cdk8s.Chart)) {
        throw new Error(
          `Environment "${environmentName}": chart "${chart.node.id}" depends on chart "${dependency.node.id}", which ` +
            `the environment does not apply. Fix: add "${dependency.node.id}" to its charts.`,
        );
      }
    }
  }
  return selected;
}

/** Private only, unless the environment lists CIDRs for the public endpoint (validated in validation.ts). */
function endpointAccess(publicAccessCidrs: readonly string[]): eks.EndpointAccess {
  return publicAccessCidrs.length === 0
    ? eks.EndpointAccess.PRIVATE
    : eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...publicAccessCidrs);
}
