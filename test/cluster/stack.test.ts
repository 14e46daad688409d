import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { DISABLE_ASSET_STAGING_CONTEXT } from 'aws-cdk-lib/cx-api';
import * as cdk8s from 'cdk8s';
import type { IConstruct } from 'constructs';
import { createProjectCharts } from '../../charts';
import { resolveEnvironmentConfig, SecureEksStack, type EnvironmentConfig } from '../../lib/cluster';
import { SYSTEM_NAMESPACES } from '../../lib/policies';
import { createTestApp, logicalIdOfConstruct, normalizeAssetHashes } from '../support/cdk-app';
import { EXPECTED_CALICO_VALUES } from '../support/calico-values';

/** The day the stack is synthesized "on": fixed, so that the tests do not rot as EKS retires versions. */
const TODAY = new Date('2026-11-30T12:00:00Z');
const resolve = (name: string) => resolveEnvironmentConfig(name, { today: TODAY });

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: unknown;
};

/** Two small charts, the second depending on the first, standing in for the project's charts. */
function createTestCharts(): cdk8s.Chart[] {
  const app = new cdk8s.App();
  const namespaces = new cdk8s.Chart(app, 'namespaces');
  new cdk8s.ApiObject(namespaces, 'team', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'team' },
  });
  const policies = new cdk8s.Chart(app, 'policies');
  new cdk8s.ApiObject(policies, 'deny', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace: 'team' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
  policies.addDependency(namespaces);
  return [namespaces, policies];
}

function onlyResource(template: Template, type: string, props?: Record<string, unknown>): [string, Resource] {
  const found = Object.entries(
    template.findResources(type, props ? { Properties: Match.objectLike(props) } : {}),
  );
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
}

function logicalIdOf(template: Template, type: string, props?: Record<string, unknown>): string {
  return onlyResource(template, type, props)[0];
}

/** Renders a string, or an `Fn::Join` with every token replaced by `<token>`; other intrinsics as JSON. */
function joinWithPlaceholders(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) return JSON.stringify(value);
  const [separator, parts] = join;
  return parts.map((part) => (typeof part === 'string' ? part : '<token>')).join(separator);
}

type TemplateJson = { Resources: Record<string, Resource> };

/** The object as the chart wrote it: without the `aws.cdk.eks/prune-*` label aws-eks-v2 adds to each object. */
function withoutPruneLabel({
  metadata: { labels = {}, ...metadata },
  ...object
}: KubernetesObject): KubernetesObject {
  const kept = Object.entries(labels).filter(([key]) => !key.startsWith('aws.cdk.eks/prune-'));
  return {
    ...object,
    metadata: kept.length > 0 ? { ...metadata, labels: Object.fromEntries(kept) } : metadata,
  };
}

/**
 * Replaces each chart manifest by the list of objects it applies: the charts' content is locked by their own
 * snapshots and by the manifest-equals-chart test, so this snapshot shows only what is applied where.
 */
function summarizeManifests(template: TemplateJson): TemplateJson {
  const resources = Object.entries(template.Resources).map(([id, resource]) => {
    if (resource.Type !== 'Custom::AWSCDK-EKS-KubernetesResource') return [id, resource];
    const objects = JSON.parse(resource.Properties.Manifest as string) as KubernetesObject[];
    const summary = objects.map(
      ({ kind, metadata }) => `${kind} ${[metadata.namespace, metadata.name].filter(Boolean).join('/')}`,
    );
    return [id, { ...resource, Properties: { ...resource.Properties, Manifest: summary } }];
  });
  return { ...template, Resources: Object.fromEntries(resources) };
}

describe('SecureEksStack with the default environment and the project charts, as bin/app.ts builds it', () => {
  const charts = createProjectCharts(new cdk8s.App());
  let stack: SecureEksStack;
  let template: Template;
  let assemblyDir: string;
  /** What synth printed: the validation report, which CDK prints when it holds a warning. */
  let synthOutput: string;

  beforeAll(() => {
    const app = createTestApp();
    stack = new SecureEksStack(app, 'SecureEks-default', {
      config: resolve('default'),
      today: TODAY,
      charts,
    });
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      assemblyDir = app.synth().directory;
      synthOutput = printed.mock.calls.flat().join('\n');
    } finally {
      printed.mockRestore();
    }
    template = Template.fromStack(stack);
  });

  test('synth prints the warning that no human admin is configured, as `cdk synth` shows it', () => {
    expect(synthOutput).toContain('WARNING Environment "default" grants no human cluster admin');
    expect(synthOutput).toContain("Acknowledge with 'Annotation::secure-eks:no-human-admin'");
  });

  const resourceOf = (construct: IConstruct): Resource =>
    template.toJSON().Resources[logicalIdOfConstruct(construct)];
  const privateSubnetRefs = () =>
    stack.network.vpc.privateSubnets.map((subnet) => ({ Ref: logicalIdOfConstruct(subnet) }));
  /** The objects a chart's manifest applies, parsed from its `Manifest` property. */
  const appliedObjects = (chartId: string): KubernetesObject[] => {
    const manifest = stack.chartManifests.find((m) => m.node.id === `Cdk8sChart-${chartId}`)!;
    return JSON.parse(resourceOf(manifest).Properties.Manifest as string) as KubernetesObject[];
  };
  const networkPolicies = (chartId: string) =>
    appliedObjects(chartId).filter((object) => object.kind === 'NetworkPolicy');

  test("us-east-1, and no account at synth: the CLI's credentials pick it at deploy time", () => {
    expect(stack.region).toBe('us-east-1');
    expect(Token.isUnresolved(stack.account)).toBe(true);
  });

  describe('control plane', () => {
    test('cluster my-eks-cluster runs Kubernetes 1.36 (the default: EKS no longer creates 1.31) in the private subnets', () => {
      template.hasResourceProperties('AWS::EKS::Cluster', {
        Name: 'my-eks-cluster',
        Version: '1.36',
        ResourcesVpcConfig: {
          SubnetIds: privateSubnetRefs(),
        },
      });
    });

    test('the API endpoint is private only', () => {
      template.hasResourceProperties('AWS::EKS::Cluster', {
        ResourcesVpcConfig: {
          EndpointPrivateAccess: true,
          EndpointPublicAccess: false,
          PublicAccessCidrs: Match.absent(),
        },
      });
    });

    test('the upgrade policy is explicit: STANDARD in the default environment', () => {
      template.hasResourceProperties('AWS::EKS::Cluster', { UpgradePolicy: { SupportType: 'STANDARD' } });
    });

    test('the kubectl handler carries the kubectl layer of the cluster version (v36, with Helm 4)', () => {
      const [, handler] = onlyResource(template, 'AWS::Lambda::Function', {
        Description: 'onEvent handler for EKS kubectl resource provider',
      });
      const layerRefs = (handler.Properties.Layers as { Ref: string }[]).map((layer) => layer.Ref);
      const layer = template.toJSON().Resources[
        logicalIdOfConstruct(stack.node.findChild('KubectlLayer'))
      ] as Resource;
      expect(layerRefs).toContain(logicalIdOfConstruct(stack.node.findChild('KubectlLayer')));
      expect(layer.Properties.Description).toBe('/opt/kubectl/kubectl 1.36.3; /opt/helm/helm 4.2.3');
      expect(stack.kubernetes.kubectlLayerPackage).toBe('@aws-cdk/lambda-layer-kubectl-v36');
    });

    test('the cluster is created after its control-plane log group, so EKS writes into the one the stack owns', () => {
      const [, cluster] = onlyResource(template, 'AWS::EKS::Cluster');
      expect(cluster.DependsOn).toContain(logicalIdOfConstruct(stack.controlPlaneLogGroup));
    });

    test('all five control-plane log types are on', () => {
      const [, cluster] = onlyResource(template, 'AWS::EKS::Cluster');
      const logging = cluster.Properties.Logging as { ClusterLogging: { EnabledTypes: { Type: string }[] } };
      expect(logging.ClusterLogging.EnabledTypes.map((t) => t.Type).sort()).toEqual(
        ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].sort(),
      );
    });

    test('secrets are envelope-encrypted with a customer-managed KMS key that rotates', () => {
      const keyId = logicalIdOfConstruct(stack.secretsKey);
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      expect(resourceOf(stack.secretsKey).Properties.EnableKeyRotation).toBe(true);
      template.hasResourceProperties('AWS::EKS::Cluster', {
        EncryptionConfig: [
          { Provider: { KeyArn: { 'Fn::GetAtt': [keyId, 'Arn'] } }, Resources: ['secrets'] },
        ],
      });
    });

    test('both KMS keys outlive the stack, and each has an alias to find it by afterwards', () => {
      const keys = template.findResources('AWS::KMS::Key');
      expect(Object.keys(keys).sort()).toEqual(
        [logicalIdOfConstruct(stack.secretsKey), logicalIdOfConstruct(stack.logsKey)].sort(),
      );
      for (const key of Object.values(keys)) {
        expect(key).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
      const aliases = Object.values(template.findResources('AWS::KMS::Alias')).map((alias) => [
        (alias as Resource).Properties.AliasName,
        ((alias as Resource).Properties.TargetKeyId as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0],
      ]);
      expect(aliases.sort()).toEqual(
        [
          ['alias/eks/my-eks-cluster/secrets', logicalIdOfConstruct(stack.secretsKey)],
          ['alias/eks/my-eks-cluster/logs', logicalIdOfConstruct(stack.logsKey)],
        ].sort(),
      );
    });

    test('authentication is API mode (access entries) and the creator gets no implicit admin', () => {
      template.hasResourceProperties('AWS::EKS::Cluster', {
        AccessConfig: { AuthenticationMode: 'API', BootstrapClusterCreatorAdminPermissions: false },
        BootstrapSelfManagedAddons: false,
      });
    });

    test('the default environment names no human admin, so synth warns (and the handler is the only entry)', () => {
      let annotations!: Annotations;
      // Synthesizes again, printing the warning again: the first test checks what synth prints.
      printedBy(() => (annotations = Annotations.fromStack(stack)));
      const warnings = annotations.findWarning('*', Match.stringLikeRegexp('grants no human cluster admin'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0].entry.data).toContain('cluster.adminRoleArns');
    });

    test('the only access entry by default is the kubectl handler, as cluster admin', () => {
      const [, entry] = onlyResource(template, 'AWS::EKS::AccessEntry');
      expect(entry.Properties.PrincipalArn).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^ClusterKubectlProviderHandlerServiceRole/), 'Arn'],
      });
      const policies = entry.Properties.AccessPolicies as { AccessScope: unknown; PolicyArn: unknown }[];
      expect(policies.map((p) => [joinWithPlaceholders(p.PolicyArn), p.AccessScope])).toEqual([
        ['arn:<token>:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', { Type: 'cluster' }],
      ]);
    });

    test('the kubectl handler keeps its access until Calico and every chart are removed', () => {
      const [entryId] = onlyResource(template, 'AWS::EKS::AccessEntry');
      const [barrierId, barrier] = onlyResource(template, 'AWS::SSM::Parameter');
      expect(barrier.DependsOn).toContain(entryId);
      const kubernetesResources = [
        ...Object.values(template.findResources('Custom::AWSCDK-EKS-HelmChart')),
        ...Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')),
      ];
      expect(kubernetesResources).toHaveLength(2 + charts.length);
      for (const resource of kubernetesResources) expect(resource.DependsOn).toContain(barrierId);
    });

    test('the IAM OIDC provider is native (AWS::IAM::OIDCProvider) and trusts the cluster issuer', () => {
      const clusterId = logicalIdOf(template, 'AWS::EKS::Cluster');
      template.hasResourceProperties('AWS::IAM::OIDCProvider', {
        Url: { 'Fn::GetAtt': [clusterId, 'OpenIdConnectIssuerUrl'] },
        ClientIdList: ['sts.amazonaws.com'],
      });
      template.resourceCountIs('Custom::AWSCDKOpenIdConnectProvider', 0);
    });
  });

  describe('network', () => {
    test('public subnets assign no public IP on launch (only the NAT gateways live there, with Elastic IPs)', () => {
      const publicSubnets = stack.network.vpc.publicSubnets.map((subnet) => resourceOf(subnet));
      expect(publicSubnets).toHaveLength(3);
      for (const subnet of publicSubnets) expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    });

    test('a VPC over three explicit zones, with one NAT gateway and every flow logged', () => {
      const azs = Object.values(template.findResources('AWS::EC2::Subnet')).map(
        (subnet) => (subnet as Resource).Properties.AvailabilityZone,
      );
      expect([...new Set(azs)].sort()).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
      template.resourceCountIs('AWS::EC2::NatGateway', 1);
      template.hasResourceProperties('AWS::EC2::FlowLog', {
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
      });
    });

    test('every log group of the stack is encrypted with the logs key and expires after the retention', () => {
      const groups = Object.values(template.findResources('AWS::Logs::LogGroup')) as Resource[];
      // Flow logs, control plane, kubectl handler and its provider framework, and the two singleton providers.
      expect(groups).toHaveLength(6);
      for (const group of groups) {
        expect(group.Properties).toMatchObject({
          KmsKeyId: { 'Fn::GetAtt': [logicalIdOfConstruct(stack.logsKey), 'Arn'] },
          RetentionInDays: 90,
        });
        // The audit trail outlives the stack (README, "Tear down").
        expect(group).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
    });

    test('every Lambda function of the stack writes to a log group of the stack', () => {
      const functions = Object.keys(template.findResources('AWS::Lambda::Function'));
      const logGroupNames = (Object.values(template.findResources('AWS::Logs::LogGroup')) as Resource[]).map(
        (g) => JSON.stringify(g.Properties.LogGroupName),
      );
      expect(functions).toHaveLength(4);
      for (const fn of functions) {
        expect(logGroupNames).toContain(JSON.stringify({ 'Fn::Join': ['', ['/aws/lambda/', { Ref: fn }]] }));
      }
    });

    test('the control-plane log group /aws/eks/<cluster>/cluster is created by the stack and kept', () => {
      expect(resourceOf(stack.controlPlaneLogGroup)).toMatchObject({
        DeletionPolicy: 'Retain',
        Properties: { LogGroupName: '/aws/eks/my-eks-cluster/cluster', RetentionInDays: 90 },
      });
    });

    test("CloudWatch Logs may use the logs key, for this account's log groups in this region only", () => {
      const statements = (
        resourceOf(stack.logsKey).Properties.KeyPolicy as {
          Statement: { Principal: unknown; Action: string[]; Condition?: unknown }[];
        }
      ).Statement;
      const forLogs = statements.filter(
        (statement) =>
          JSON.stringify(statement.Principal) === JSON.stringify({ Service: 'logs.us-east-1.amazonaws.com' }),
      );
      expect(forLogs).toHaveLength(1);
      expect(forLogs[0].Action).toEqual(
        expect.arrayContaining(['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*']),
      );
      expect(forLogs[0].Condition).toEqual({
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': {
            'Fn::Join': ['', ['arn:aws:logs:us-east-1:', { Ref: 'AWS::AccountId' }, ':log-group:*']],
          },
        },
      });
    });

    test('the kubectl handler is created after, and deleted before, the private subnets lose egress', () => {
      const [, handler] = onlyResource(template, 'AWS::Lambda::Function', {
        Description: 'onEvent handler for EKS kubectl resource provider',
      });
      const routes = Object.keys(
        template.findResources('AWS::EC2::Route', {
          Properties: { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: Match.anyValue() },
        }),
      );
      expect(routes).toHaveLength(3);
      expect(handler.DependsOn).toEqual(expect.arrayContaining(routes));
    });

    test('the kubectl Lambdas run in the private subnets in their own security group, not the cluster one', () => {
      const handlerGroup = {
        'Fn::GetAtt': [logicalIdOfConstruct(stack.kubectlHandlerSecurityGroup), 'GroupId'],
      };
      const functions = Object.values(
        template.findResources('AWS::Lambda::Function', {
          Properties: { VpcConfig: Match.anyValue() },
        }),
      ) as Resource[];
      expect(functions).toHaveLength(2); // the handler and its provider framework
      for (const fn of functions) {
        expect(fn.Properties.VpcConfig).toEqual({
          SubnetIds: privateSubnetRefs(),
          SecurityGroupIds: [handlerGroup],
        });
      }
    });

    test('their security group allows HTTPS out only, and only the control plane admits it, on 443', () => {
      const groupId = logicalIdOfConstruct(stack.kubectlHandlerSecurityGroup);
      const clusterGroup = {
        'Fn::GetAtt': [logicalIdOfConstruct(stack.controlPlaneSecurityGroup), 'GroupId'],
      };
      const group = resourceOf(stack.kubectlHandlerSecurityGroup);
      expect(group.Properties.SecurityGroupIngress).toBeUndefined();
      expect(group.Properties.SecurityGroupEgress).toEqual([
        expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
      ]);
      const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')) as Resource[];
      expect(egress.map((rule) => rule.Properties)).toEqual([
        expect.objectContaining({
          GroupId: { 'Fn::GetAtt': [groupId, 'GroupId'] },
          DestinationSecurityGroupId: clusterGroup,
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
        }),
      ]);
      const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')) as Resource[];
      expect(ingress.map((rule) => rule.Properties)).toEqual([
        expect.objectContaining({
          GroupId: clusterGroup,
          SourceSecurityGroupId: { 'Fn::GetAtt': [groupId, 'GroupId'] },
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
        }),
      ]);
    });

    test('the group that admits the handler is on the control plane ENIs only: nodes and pods do not carry it', () => {
      const controlPlaneGroup = {
        'Fn::GetAtt': [logicalIdOfConstruct(stack.controlPlaneSecurityGroup), 'GroupId'],
      };
      template.hasResourceProperties('AWS::EKS::Cluster', {
        ResourcesVpcConfig: { SecurityGroupIds: [controlPlaneGroup] },
      });
      // Managed nodes (and their pods, on the nodes' ENIs) get the EKS cluster security group, as neither the node
      // group nor its launch template names a security group.
      const [, nodegroup] = onlyResource(template, 'AWS::EKS::Nodegroup');
      expect(nodegroup.Properties.RemoteAccess).toBeUndefined();
      const [, launchTemplate] = onlyResource(template, 'AWS::EC2::LaunchTemplate');
      const data = launchTemplate.Properties.LaunchTemplateData as Record<string, unknown>;
      expect(data.SecurityGroupIds).toBeUndefined();
      expect(data.NetworkInterfaces).toBeUndefined();
      // The one ingress rule naming the handler's group is the control plane's.
      const handlerGroup = {
        'Fn::GetAtt': [logicalIdOfConstruct(stack.kubectlHandlerSecurityGroup), 'GroupId'],
      };
      const clusterSecurityGroup = {
        'Fn::GetAtt': [logicalIdOf(template, 'AWS::EKS::Cluster'), 'ClusterSecurityGroupId'],
      };
      const rules = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')) as Resource[];
      expect(
        rules
          .filter((rule) => JSON.stringify(rule).includes(JSON.stringify(handlerGroup)))
          .map((r) => r.Properties.GroupId),
      ).toEqual([controlPlaneGroup]);
      // The EKS cluster security group (nodes, pods and control plane) gets no rule from the stack at all.
      const allRules = [
        ...Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')),
        ...Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')),
      ];
      expect(allRules.length).toBeGreaterThan(0);
      for (const rule of allRules)
        expect(JSON.stringify(rule)).not.toContain(JSON.stringify(clusterSecurityGroup));
    });

    test('the kubectl handler role keeps only the Lambda execution policies: no ECR read, no ECR Public condition', () => {
      const [, handler] = onlyResource(template, 'AWS::Lambda::Function', {
        Description: 'onEvent handler for EKS kubectl resource provider',
      });
      const roleId = (handler.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
      const role = template.toJSON().Resources[roleId] as Resource;
      expect((role.Properties.ManagedPolicyArns as unknown[]).map(joinWithPlaceholders)).toEqual([
        'arn:<token>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        'arn:<token>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
      ]);
      expect(JSON.stringify(template.toJSON())).not.toMatch(
        /ContainerRegistryReadOnly|ContainerRegistryPublic/,
      );
      expect(Object.keys(template.toJSON().Conditions ?? {})).toEqual([]);
    });
  });

  describe('managed node group ng-eks', () => {
    test('t3.medium, desired 3, min 2, max 4, AL2023, private subnets', () => {
      template.hasResourceProperties('AWS::EKS::Nodegroup', {
        NodegroupName: 'ng-eks',
        InstanceTypes: ['t3.medium'],
        ScalingConfig: { DesiredSize: 3, MinSize: 2, MaxSize: 4 },
        AmiType: 'AL2023_x86_64_STANDARD',
        Subnets: privateSubnetRefs(),
      });
    });

    test('its launch template requires IMDSv2 with hop limit 1 and encrypts the root volume', () => {
      const templateId = logicalIdOf(template, 'AWS::EC2::LaunchTemplate');
      template.hasResourceProperties('AWS::EKS::Nodegroup', {
        LaunchTemplate: {
          Id: { Ref: templateId },
          Version: { 'Fn::GetAtt': [templateId, 'LatestVersionNumber'] },
        },
      });
      template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
        LaunchTemplateData: {
          MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
          BlockDeviceMappings: [
            { DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 20 } },
          ],
        },
      });
    });

    test('the node role has no CNI permissions: worker node and image pull policies only', () => {
      const [, nodegroup] = onlyResource(template, 'AWS::EKS::Nodegroup');
      const roleId = (nodegroup.Properties.NodeRole as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const role = template.toJSON().Resources[roleId] as Resource;
      expect((role.Properties.ManagedPolicyArns as unknown[]).map(joinWithPlaceholders)).toEqual([
        'arn:<token>:iam::aws:policy/AmazonEKSWorkerNodePolicy',
        'arn:<token>:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly',
      ]);
      expect(role.Properties.Policies).toBeUndefined();
    });

    test('AmazonEKS_CNI_Policy is attached to exactly one role: the VPC CNI add-on role', () => {
      const holders = Object.entries(template.findResources('AWS::IAM::Role'))
        .filter(([, role]) =>
          ((role as Resource).Properties.ManagedPolicyArns as unknown[] | undefined)
            ?.map(joinWithPlaceholders)
            .some((arn) => arn.endsWith('/AmazonEKS_CNI_Policy')),
        )
        .map(([id]) => id);
      expect(holders).toEqual([logicalIdOfConstruct(stack.vpcCni.role)]);
    });

    test('nodes join only after the VPC CNI add-on (with its role) and kube-proxy exist', () => {
      const [, nodegroup] = onlyResource(template, 'AWS::EKS::Nodegroup');
      expect(nodegroup.DependsOn).toEqual(
        expect.arrayContaining([
          logicalIdOf(template, 'AWS::EKS::Addon', { AddonName: 'vpc-cni' }),
          logicalIdOf(template, 'AWS::EKS::Addon', { AddonName: 'kube-proxy' }),
          logicalIdOfConstruct(stack.vpcCni.role),
        ]),
      );
    });
  });

  describe('add-ons', () => {
    test('vpc-cni is pinned, uses its IRSA role, keeps its policy agent off and annotates pod IPs', () => {
      const [, addon] = onlyResource(template, 'AWS::EKS::Addon', { AddonName: 'vpc-cni' });
      expect(addon.Properties).toMatchObject({
        AddonVersion: 'v1.22.4-eksbuild.3',
        ResolveConflicts: 'OVERWRITE',
        ServiceAccountRoleArn: {
          'Fn::GetAtt': [logicalIdOfConstruct(stack.vpcCni.role), 'Arn'],
        },
      });
      expect(JSON.parse(addon.Properties.ConfigurationValues as string)).toEqual({
        enableNetworkPolicy: 'false',
        env: { ANNOTATE_POD_IP: 'true' },
      });
    });

    test('the VPC CNI role trusts only kube-system/aws-node with audience sts.amazonaws.com via the OIDC provider', () => {
      const providerId = logicalIdOf(template, 'AWS::IAM::OIDCProvider');
      const [conditionsId, conditions] = onlyResource(template, 'Custom::AWSCDKCfnJson');
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRoleWithWebIdentity',
              Principal: { Federated: { Ref: providerId } },
              Condition: { StringEquals: { 'Fn::GetAtt': [conditionsId, 'Value'] } },
            },
          ],
        },
        ManagedPolicyArns: [Match.objectLike({})],
      });
      expect(JSON.parse(joinWithPlaceholders(conditions.Properties.Value))).toEqual({
        '<token>:sub': 'system:serviceaccount:kube-system:aws-node',
        '<token>:aud': 'sts.amazonaws.com',
      });
      // The issuer in the condition keys is the provider's own (its ARN minus the `oidc-provider/` prefix).
      expect(JSON.stringify(conditions.Properties.Value)).toContain(
        JSON.stringify({ 'Fn::Split': [':oidc-provider/', { Ref: providerId }] }),
      );
    });

    test('every add-on overwrites drift on the cluster, so the configuration in code is what runs', () => {
      template.resourceCountIs('AWS::EKS::Addon', 3);
      template.allResourcesProperties('AWS::EKS::Addon', { ResolveConflicts: 'OVERWRITE' });
    });

    test('coredns and kube-proxy are managed add-ons pinned for 1.36 by the catalogue; coredns waits for nodes', () => {
      template.hasResourceProperties('AWS::EKS::Addon', {
        AddonName: 'kube-proxy',
        AddonVersion: 'v1.36.0-eksbuild.17',
      });
      const [, coreDns] = onlyResource(template, 'AWS::EKS::Addon', {
        AddonName: 'coredns',
        AddonVersion: 'v1.14.3-eksbuild.14',
      });
      expect(coreDns.DependsOn).toContain(logicalIdOf(template, 'AWS::EKS::Nodegroup'));
    });
  });

  describe('Calico and the NetworkPolicy charts', () => {
    test('Calico 3.33.1 (tested with 1.36): the CRD chart first, then the operator chart', () => {
      const crds = resourceOf(stack.calico.crds);
      expect(crds.Properties).toMatchObject({
        Chart: 'crd.projectcalico.org.v1',
        Repository: 'https://docs.tigera.io/calico/charts',
        Version: 'v3.33.1',
        Release: 'calico-crds',
      });
      expect(resourceOf(stack.calico.chart).DependsOn).toContain(logicalIdOfConstruct(stack.calico.crds));
    });

    test('Calico is the pinned Tigera operator chart in policy-only mode beside the VPC CNI, with flow logs', () => {
      const [, calico] = onlyResource(template, 'Custom::AWSCDK-EKS-HelmChart', { Chart: 'tigera-operator' });
      expect(calico.Properties).toMatchObject({
        Chart: 'tigera-operator',
        Repository: 'https://docs.tigera.io/calico/charts',
        Version: 'v3.33.1',
        Release: 'calico',
        Namespace: 'tigera-operator',
        CreateNamespace: true,
        Wait: true,
        // Uninstall waits twice (pre-delete hook, then deletion): 2 x 5 min fits the handler's 15-minute run.
        Timeout: '300s',
      });
      expect(JSON.parse(calico.Properties.Values as string)).toEqual(EXPECTED_CALICO_VALUES);
    });

    test('the guardrails exempt every namespace the stack installs into (Helm releases; EKS add-ons in kube-system)', () => {
      const helmNamespaces = Object.values(template.findResources('Custom::AWSCDK-EKS-HelmChart')).map(
        (resource) => (resource as Resource).Properties.Namespace,
      );
      expect(helmNamespaces.length).toBeGreaterThan(0);
      for (const namespace of [...helmNamespaces, 'kube-system'])
        expect(SYSTEM_NAMESPACES).toContain(namespace);
    });

    test('Calico is installed once nodes exist and uninstalled before they go', () => {
      for (const chart of [stack.calico.crds, stack.calico.chart]) {
        expect(resourceOf(chart).DependsOn).toContain(logicalIdOf(template, 'AWS::EKS::Nodegroup'));
      }
    });

    test('every chart of the default environment is applied as one manifest holding exactly its objects', () => {
      expect(charts.map((chart) => chart.node.id)).toEqual(['platform', 'guide', 'baseline', 'shop']);
      expect(stack.chartManifests.map((manifest) => manifest.node.id)).toEqual([
        'Cdk8sChart-platform',
        'Cdk8sChart-baseline',
        'Cdk8sChart-guide',
        'Cdk8sChart-shop',
      ]);
      template.resourceCountIs('Custom::AWSCDK-EKS-KubernetesResource', charts.length);
      for (const chart of charts) {
        // The only difference from the chart (and from dist/) is the prune label aws-eks-v2 adds.
        expect(appliedObjects(chart.node.id).map(withoutPruneLabel)).toEqual(chart.toJson());
      }
    });

    test("the guide's four policies reach the cluster verbatim, each in its own namespace", () => {
      const selectDemoApp = { matchLabels: { app: 'application-demo' } };
      const policies = networkPolicies('guide').map(({ metadata, spec }) => [
        metadata.namespace,
        metadata.name,
        spec,
      ]);
      expect(policies).toEqual([
        [
          'guide-allow-all-to-pod',
          'pod-network-policy',
          { podSelector: selectDemoApp, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] },
        ],
        [
          'guide-deny-all-to-pod',
          'pod-network-policy',
          { podSelector: selectDemoApp, policyTypes: ['Ingress', 'Egress'] },
        ],
        ['guide-block-all-incoming', 'pod-network-policy', { podSelector: {}, policyTypes: ['Ingress'] }],
        ['guide-block-all-outgoing', 'pod-network-policy', { podSelector: {}, policyTypes: ['Egress'] }],
      ]);
    });

    test('the shop reaches the cluster default-deny, with DNS and its own flows allowed', () => {
      const policies = networkPolicies('shop');
      expect(new Set(policies.map((policy) => policy.metadata.namespace))).toEqual(new Set(['shop']));
      expect(policies.find((policy) => policy.metadata.name === 'default-deny')?.spec).toEqual({
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      });
      expect(policies.map((policy) => policy.metadata.name)).toContain('allow-dns-egress');
      expect(policies.length).toBeGreaterThan(2);
    });

    test('in each manifest a Namespace comes before the objects in it (kubectl creates in order)', () => {
      for (const chart of charts) {
        const objects = appliedObjects(chart.node.id);
        const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
        objects.forEach((object, i) => {
          // Objects in a namespace the chart does not create (e.g. `default`) need no order.
          if (!namespaces.includes(object.metadata.namespace ?? '')) return;
          const namespaceAt = objects.findIndex(
            (o) => o.kind === 'Namespace' && o.metadata.name === object.metadata.namespace,
          );
          expect(namespaceAt).toBeLessThan(i);
        });
      }
    });

    test('the charts are applied once Calico is ready (after the CRDs, the operator and the readiness read)', () => {
      const readyId = logicalIdOfConstruct(stack.calico.ready);
      template.hasResourceProperties('Custom::AWSCDK-EKS-KubernetesObjectValue', {
        ObjectType: 'installation.operator.tigera.io',
        JsonPath: '.status.calicoVersion',
      });
      for (const manifest of stack.chartManifests) {
        expect(resourceOf(manifest).DependsOn).toEqual(
          expect.arrayContaining([
            readyId,
            logicalIdOfConstruct(stack.calico.chart),
            logicalIdOfConstruct(stack.calico.crds),
          ]),
        );
      }
    });
  });

  describe('compliance', () => {
    const report = () =>
      JSON.parse(fs.readFileSync(path.join(assemblyDir, 'validation-report.json'), 'utf8')) as {
        pluginReports: {
          pluginName: string;
          conclusion: string;
          violations: unknown[];
          suppressedViolations: {
            ruleName: string;
            reason: string;
            violatingConstructs: { constructPath: string }[];
          }[];
        }[];
      };

    test('cdk-nag AwsSolutions and NIST 800-53 rev 5, and CloudFormation validation, pass with no open finding', () => {
      const plugins = report().pluginReports;
      expect(plugins.map((p) => [p.pluginName, p.conclusion, p.violations.length])).toEqual([
        ['AwsSolutions', 'success', 0],
        ['NIST.800.53.R5', 'success', 0],
        ['CloudFormation Validate', 'success', 0],
        // The warning that no human admin is configured (a warning: the conclusion stays success).
        ['Construct Annotations', 'success', 1],
      ]);
      const annotations = plugins.find((p) => p.pluginName === 'Construct Annotations')!;
      expect(JSON.stringify(annotations.violations)).toContain('secure-eks:no-human-admin');
    });

    test('every acknowledged finding is listed, per resource, with its own reason', () => {
      const acknowledged = report().pluginReports.flatMap((p) => p.suppressedViolations ?? []);
      const findings = acknowledged.flatMap((finding) =>
        finding.violatingConstructs.map((construct) => `${construct.constructPath}: ${finding.ruleName}`),
      );
      expect(findings.sort()).toMatchSnapshot();
      for (const finding of acknowledged) expect(finding.reason.length).toBeGreaterThan(40);
    });

    test('acknowledgement reasons state what the template holds (runtime, flow log role policy)', () => {
      const acknowledged = report().pluginReports.flatMap((p) => p.suppressedViolations ?? []);
      const reasonFor = (rule: string, pathEnd: string) =>
        acknowledged.find(
          (f) => f.ruleName === rule && f.violatingConstructs.some((c) => c.constructPath.endsWith(pathEnd)),
        )!.reason;
      const [, handler] = onlyResource(template, 'AWS::Lambda::Function', {
        Description: 'onEvent handler for EKS kubectl resource provider',
      });
      expect(reasonFor('AwsSolutions-L1', 'KubectlProvider/Handler/Resource')).toContain(
        `runs ${handler.Properties.Runtime as string},`,
      );
      // "create log streams in, describe and write to the one flow log group", and nothing else (no iam:PassRole).
      const flowLogPolicy = resourceOf(stack.network.flowLogRole.node.findChild('DefaultPolicy'));
      expect(flowLogPolicy.Properties.PolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
            Resource: {
              'Fn::GetAtt': [
                logicalIdOf(template, 'AWS::Logs::LogGroup', {
                  RetentionInDays: 90,
                  LogGroupName: Match.absent(),
                }),
                'Arn',
              ],
            },
          },
        ],
      });
      expect(
        reasonFor('NIST.800.53.R5-IAMNoInlinePolicy', 'Vpc/All/IAMRole/DefaultPolicy/Resource'),
      ).toContain('create log streams in, describe and write to the one flow log group');
    });

    test('outputs name the cluster, how to get a kubeconfig and how to open Whisker', () => {
      template.hasOutput('WhiskerCommand', {
        Value: 'kubectl port-forward -n calico-system svc/whisker 8081:8081',
      });
      template.hasOutput('ClusterName', { Value: { Ref: logicalIdOf(template, 'AWS::EKS::Cluster') } });
      template.hasOutput('UpdateKubeconfigCommand', {
        Value: 'aws eks update-kubeconfig --name my-eks-cluster --region us-east-1',
      });
    });
  });

  test('the template matches the snapshot (asset hashes normalized, chart manifests summarized)', () => {
    expect(summarizeManifests(normalizeAssetHashes(template.toJSON()) as TemplateJson)).toMatchSnapshot();
  });
});

describe('SecureEksStack with a customized environment', () => {
  const teamRole = 'arn:aws:iam::111122223333:role/shop-team';
  const adminRole = 'arn:aws:iam::111122223333:role/platform-admins';
  const base = resolve('default');
  const breakGlassRole = 'arn:aws:iam::111122223333:role/break-glass';
  const config: EnvironmentConfig = {
    ...base,
    cluster: {
      ...base.cluster,
      endpoint: {
        publicAccessCidrs: ['203.0.113.0/24', '198.51.100.0/24'],
        allowPublicAccessFromAnywhere: false,
      },
      adminRoleArns: [adminRole],
      breakGlassRoleArns: [breakGlassRole],
      access: [
        {
          principalArn: teamRole,
          accessPolicy: 'AmazonEKSEditPolicy',
          scope: { type: 'namespace', namespaces: ['shop'] },
        },
        { principalArn: teamRole, accessPolicy: 'AmazonEKSViewPolicy', scope: { type: 'cluster' } },
      ],
    },
  };
  let stack: SecureEksStack;
  let template: Template;
  let missingContext: unknown;

  beforeAll(() => {
    const app = createTestApp();
    // A concrete account must not make synth look anything up (zones are pinned by the configuration).
    stack = new SecureEksStack(app, 'Custom', {
      config: { ...config, charts: ['namespaces', 'policies'] },
      today: TODAY,
      account: '111122223333',
      charts: createTestCharts(),
    });
    missingContext = app.synth().manifest.missing;
    template = Template.fromStack(stack);
  });

  test('synth with a concrete account needs no context look-up', () => {
    expect(missingContext).toBeUndefined();
  });

  test('the public endpoint opens to the listed CIDRs only, the private endpoint stays on', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: {
        EndpointPrivateAccess: true,
        EndpointPublicAccess: true,
        PublicAccessCidrs: ['203.0.113.0/24', '198.51.100.0/24'],
      },
    });
  });

  test('no warning about human admins once the configuration names one', () => {
    expect(
      Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('no human cluster admin')),
    ).toEqual([]);
  });

  test.each([
    ['admin', 'arn:aws:iam::111122223333:role/platform-admins'],
    ['break-glass', 'arn:aws:iam::111122223333:role/break-glass'],
  ])('the %s role of the configuration gets a cluster-admin access entry', (_kind, roleArn) => {
    template.hasResourceProperties('AWS::EKS::AccessEntry', {
      PrincipalArn: roleArn,
      AccessPolicies: [
        {
          AccessScope: { Type: 'cluster' },
          PolicyArn: Match.objectLike({
            'Fn::Join': [
              '',
              Match.arrayWith([':eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy']),
            ],
          }),
        },
      ],
    });
  });

  test('a team gets one access entry carrying all its policies, each with its scope', () => {
    const [, entry] = onlyResource(template, 'AWS::EKS::AccessEntry', { PrincipalArn: teamRole });
    const policies = entry.Properties.AccessPolicies as { AccessScope: unknown; PolicyArn: unknown }[];
    expect(policies.map((p) => [joinWithPlaceholders(p.PolicyArn), p.AccessScope])).toEqual([
      [
        'arn:<token>:eks::aws:cluster-access-policy/AmazonEKSEditPolicy',
        { Type: 'namespace', Namespaces: ['shop'] },
      ],
      ['arn:<token>:eks::aws:cluster-access-policy/AmazonEKSViewPolicy', { Type: 'cluster' }],
    ]);
  });

  test('a chart that depends on another chart in cdk8s is applied after it, and both after Calico', () => {
    const calicoId = logicalIdOfConstruct(stack.calico.ready);
    const [namespaces, policies] = stack.chartManifests.map(logicalIdOfConstruct);
    const dependsOn = (id: string) => template.toJSON().Resources[id].DependsOn as string[];
    expect(dependsOn(policies)).toEqual(expect.arrayContaining([namespaces, calicoId]));
    expect(dependsOn(namespaces)).toContain(calicoId);
    expect(dependsOn(namespaces)).not.toContain(policies);
  });
});

describe('SecureEksStack in an app without the feature flags of cdk.json', () => {
  test('still gets the native IAM OIDC provider its IRSA trust needs, not the legacy custom resource', () => {
    const app = new App({ context: { [DISABLE_ASSET_STAGING_CONTEXT]: true } });
    const stack = new SecureEksStack(app, 'Bare', { config: resolve('default'), today: TODAY });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    template.resourceCountIs('Custom::AWSCDKOpenIdConnectProvider', 0);
  });
});

describe('SecureEksStack validates its configuration', () => {
  test('an invalid configuration fails in the constructor, naming the stack, the environment and the field', () => {
    const base = resolve('default');
    const config = { ...base, nodeGroup: { ...base.nodeGroup, minSize: 5 } };
    expect(
      () =>
        new SecureEksStack(createTestApp({ validation: false }), 'Broken', {
          config,
          environmentName: 'qa',
          today: TODAY,
        }),
    ).toThrow(/Invalid configuration of Broken \(environment "qa"\):\n {2}- nodeGroup\.minSize = 5: exceeds/);
  });

  test("a configuration asking for the guide's 1.31 fails with the dates and the fix", () => {
    const base = resolve('default');
    const config = {
      ...base,
      cluster: { ...base.cluster, kubernetesVersion: '1.31', upgradePolicy: 'EXTENDED' as const },
    };
    expect(
      () => new SecureEksStack(createTestApp({ validation: false }), 'Old', { config, today: TODAY }),
    ).toThrow(
      'cluster.kubernetesVersion = "1.31": EKS ended extended support for Kubernetes 1.31 on 2026-11-26',
    );
  });

  test('an environment listing a chart the project does not have is refused with the known ones', () => {
    const config = { ...resolve('default'), charts: ['baseline', 'platfrom'] };
    expect(
      () =>
        new SecureEksStack(createTestApp({ validation: false }), 'Typo', {
          config,
          today: TODAY,
          charts: createProjectCharts(new cdk8s.App()),
        }),
    ).toThrow(
      'Environment "default": charts[1] = "platfrom" is not a project chart. Fix: use one of platform, guide, baseline, shop',
    );
  });

  test('a chart whose cdk8s dependency the environment does not apply is refused', () => {
    const config = { ...resolve('default'), charts: ['policies'] };
    expect(
      () =>
        new SecureEksStack(createTestApp({ validation: false }), 'Partial', {
          config,
          today: TODAY,
          charts: createTestCharts(),
        }),
    ).toThrow('chart "policies" depends on chart "namespaces", which the environment does not apply');
  });
});

/** Runs `synthesize` and returns what it printed to stderr, where `cdk synth` shows the warnings. */
function printedBy(synthesize: () => unknown): string {
  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    synthesize();
    return printed.mock.calls.flat().join('\n');
  } finally {
    printed.mockRestore();
  }
}

describe('SecureEksStack on a version in extended support (1.34 after 2026-12-02)', () => {
  const inExtendedSupport = new Date('2026-12-10T12:00:00Z');
  test('synthesizes with a warning saying until when, and that it costs six times the standard price', () => {
    const base = resolveEnvironmentConfig('default', { today: inExtendedSupport });
    const config: EnvironmentConfig = {
      ...base,
      cluster: { ...base.cluster, kubernetesVersion: '1.34', upgradePolicy: 'EXTENDED' },
    };
    const stack = new SecureEksStack(createTestApp({ validation: false }), 'Extended', {
      config,
      today: inExtendedSupport,
    });
    let template!: Template;
    const printed = printedBy(() => (template = Template.fromStack(stack)));
    // As `cdk synth` prints it.
    expect(printed).toContain('WARNING Kubernetes 1.34 is in EKS extended support until 2027-12-02');
    expect(printed).toContain("Acknowledge with 'Annotation::secure-eks:extended-support'");
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Version: '1.34',
      UpgradePolicy: { SupportType: 'EXTENDED' },
    });
    // 1.34 brings its own layer, add-on pins and the Calico tested with it (3.32, as 3.33 is not tested on 1.34).
    expect(stack.kubernetes.kubectlLayerPackage).toBe('@aws-cdk/lambda-layer-kubectl-v34');
    template.hasResourceProperties('AWS::Lambda::LayerVersion', {
      Description: Match.stringLikeRegexp('^/opt/kubectl/kubectl 1\\.34\\.'),
    });
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'kube-proxy',
      AddonVersion: 'v1.34.6-eksbuild.21',
    });
    template.hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', {
      Chart: 'tigera-operator',
      Version: 'v3.32.1',
    });
    let annotations!: Annotations;
    printedBy(() => (annotations = Annotations.fromStack(stack)));
    const warnings = annotations.findWarning('*', Match.stringLikeRegexp('extended support'));
    expect(warnings.map((w) => w.entry.data)).toEqual([
      'Kubernetes 1.34 is in EKS extended support until 2027-12-02: the cluster is billed at 6 times the standard ' +
        'cluster-hour price, and EKS upgrades it after that day. Fix: use "1.36", the newest supported version ' +
        '(README, "Kubernetes versions"). [ack: secure-eks:extended-support]',
    ]);
  });

  test('the same version in standard support synthesizes without that warning', () => {
    const base = resolve('default');
    const config: EnvironmentConfig = { ...base, cluster: { ...base.cluster, kubernetesVersion: '1.34' } };
    const stack = new SecureEksStack(createTestApp({ validation: false }), 'Standard', {
      config,
      today: TODAY,
    });
    let annotations!: Annotations;
    const printed = printedBy(() => (annotations = Annotations.fromStack(stack)));
    expect(annotations.findWarning('*', Match.stringLikeRegexp('extended support'))).toEqual([]);
    expect(printed).not.toContain('extended support');
  });
});

describe('SecureEksStack for prod', () => {
  let stack: SecureEksStack;
  let template: Template;
  let assemblyDir: string;
  beforeAll(() => {
    const app = createTestApp();
    stack = new SecureEksStack(app, 'SecureEks-prod', {
      config: resolveEnvironmentConfig('prod', {
        today: TODAY,
        adminPrincipalArn: 'arn:aws:iam::111122223333:role/platform-admins',
      }),
      environmentName: 'prod',
      today: TODAY,
      charts: createProjectCharts(new cdk8s.App()),
    });
    assemblyDir = app.synth().directory;
    template = Template.fromStack(stack);
  });

  test('both cdk-nag packs and CloudFormation validation pass with no open finding, and nothing to warn about', () => {
    const report = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; conclusion: string; violations: unknown[] }[];
    };
    expect(report.pluginReports.map((p) => [p.pluginName, p.conclusion, p.violations.length])).toEqual([
      ['AwsSolutions', 'success', 0],
      ['NIST.800.53.R5', 'success', 0],
      ['CloudFormation Validate', 'success', 0],
    ]);
  });

  test('applies the platform guardrails and the baseline only: no demo chart reaches prod', () => {
    expect(stack.chartManifests.map((manifest) => manifest.node.id)).toEqual([
      'Cdk8sChart-platform',
      'Cdk8sChart-baseline',
    ]);
    template.resourceCountIs('Custom::AWSCDK-EKS-KubernetesResource', 2);
  });

  test('stays on its version in extended support if an upgrade is late (upgrade policy EXTENDED), and keeps logs a year', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', { UpgradePolicy: { SupportType: 'EXTENDED' } });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/eks/my-eks-cluster-prod/cluster',
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/eks/my-eks-cluster-prod/secrets' });
  });
});
