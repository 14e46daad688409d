/**
 * Every cdk-nag finding (AwsSolutions and NIST 800-53 rev 5 packs) and built-in CloudFormation validation finding of
 * the stack that is not fixed
 * is acknowledged here, one by one, on the narrowest construct, with the reason it is accepted. A new
 * finding fails synth until it is fixed or reviewed into this file.
 */
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The constructs whose findings are acknowledged: given by the stack, so this file does not import it. */
export interface NagSubjects {
  readonly cluster: eks.Cluster;
  /** The IRSA role of aws-node. */
  readonly vpcCniRole: IConstruct;
  /** The node group's role. */
  readonly nodeRole: IConstruct;
  readonly vpc: ec2.IVpc;
  /** The role the VPC flow log writes to CloudWatch Logs with. */
  readonly flowLogRole: IConstruct;
}

const NAG = 'AwsSolutions::AwsSolutions';
const NIST = 'NIST.800.53.R5::NIST.800.53.R5';
const CFN_VALIDATE = 'CloudFormation-Validate';

/** `AwsSolutions-IAM4` for one AWS managed policy, as cdk-nag names the finding. */
function managedPolicyFinding(policyPath: string): string {
  return `${NAG}-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policyPath}]`;
}

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** Acknowledges `AwsSolutions-IAM4` for each of the AWS managed policies attached to `role`, for one reason. */
function acknowledgeManagedPolicies(role: IConstruct, policyPaths: readonly string[], reason: string): void {
  for (const policyPath of policyPaths) acknowledge(role, managedPolicyFinding(policyPath), reason);
}

/** What aws-cdk-lib attaches to the role of every Lambda function it runs in a VPC. */
const LAMBDA_VPC_EXECUTION_POLICIES = [
  'service-role/AWSLambdaBasicExecutionRole',
  'service-role/AWSLambdaVPCAccessExecutionRole',
];

/** Acknowledges the accepted findings of the secured EKS stack; called at the end of its constructor. */
export function acknowledgeNagFindings(subjects: NagSubjects): void {
  acknowledgeClusterFindings(subjects.cluster);
  acknowledgeKubectlHandlerFindings(subjects.cluster);
  acknowledgeManagedPolicies(
    subjects.vpcCniRole,
    ['AmazonEKS_CNI_Policy'],
    'The IRSA role of aws-node: AmazonEKS_CNI_Policy is the AWS managed policy of the VPC CNI and it is broad (ENI and ' +
      'private-address actions on all resources), because the ENIs and addresses are created at run time and cannot be ' +
      'named in advance. What limits it is the trust policy: only the kube-system/aws-node service account of this ' +
      "cluster's OIDC provider can assume the role, and the node role carries no CNI permissions.",
  );
  acknowledgeManagedPolicies(
    subjects.nodeRole,
    ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly'],
    'The node role of the managed node group: EKS requires AmazonEKSWorkerNodePolicy for nodes to join the cluster, ' +
      'and AmazonEC2ContainerRegistryPullOnly (the pull-only variant) lets the kubelet pull images; no CNI permissions ' +
      'are attached. Ordinary pods cannot reach these credentials (IMDSv2 with hop limit 1), but hostNetwork pods can: ' +
      'aws-node, kube-proxy, calico-node and any pod admitted with hostNetwork.',
  );
  for (const subnet of subjects.vpc.publicSubnets) {
    acknowledge(
      subnet.node.findChild('DefaultRoute'),
      `${NIST}-VPCNoUnrestrictedRouteToIGW`,
      "The public subnets' default route to the internet gateway is how the NAT gateways in them reach the " +
        'internet for the private subnets (image pulls, AWS APIs, the Calico chart repository); nothing else runs in ' +
        'the public subnets, which assign no public IP on launch.',
    );
  }
  acknowledge(
    subjects.flowLogRole.node.findChild('DefaultPolicy'),
    `${NIST}-IAMNoInlinePolicy`,
    'The VPC flow log role policy written by aws-cdk-lib: it lets the VPC Flow Logs service create log streams in, ' +
      'describe and write to the one flow log group, is attached to that role only, and is deleted with it.',
  );
  for (const subnet of [...subjects.vpc.privateSubnets, ...subjects.vpc.publicSubnets]) {
    acknowledge(
      subnet,
      `${CFN_VALIDATE}::W3010`,
      `Zone name ${subnet.availabilityZone} is hard-coded on purpose: the zones are explicit per environment so that ` +
        'synth needs no account look-up. A name maps to a different zone ID in each account, and EKS refuses some ' +
        'zone IDs (use1-az3): the README says how to check the IDs before deploying.',
    );
  }
}

function acknowledgeClusterFindings(cluster: eks.Cluster): void {
  acknowledgeManagedPolicies(
    cluster.role,
    ['AmazonEKSClusterPolicy'],
    'The EKS cluster service role created by aws-eks-v2: AmazonEKSClusterPolicy is the AWS-maintained policy the ' +
      'control plane requires, kept current by AWS as EKS adds features.',
  );
  acknowledge(
    cluster.node.defaultChild!,
    `${CFN_VALIDATE}::W9009`,
    'aws-eks-v2 writes EncryptionConfig.Resources = ["secrets"], which the EKS API still accepts and which ' +
      'documents what the customer-managed key encrypts.',
  );
}

/**
 * The kubectl handler is the aws-eks-v2 Lambda (plus its custom resource provider) that applies the Helm charts
 * and manifests; the stack narrows its network and managed policies, the rest is created by aws-cdk-lib.
 */
function acknowledgeKubectlHandlerFindings(cluster: eks.Cluster): void {
  const provider = cluster.kubectlProvider!;
  const handler = provider.node.findChild('Handler');
  const handlerRole = handler.node.findChild('ServiceRole');
  acknowledgeManagedPolicies(
    handlerRole,
    LAMBDA_VPC_EXECUTION_POLICIES,
    'Role of the CDK-managed kubectl handler Lambda (aws-eks-v2): the AWS managed Lambda execution policies for its ' +
      'logs and its ENIs in the private subnets; the ECR read policies aws-eks-v2 also attaches are removed by the stack.',
  );
  const runtime = (handler as lambda.Function).runtime.name;
  acknowledge(
    handler,
    `${NAG}-L1`,
    `The CDK-managed kubectl handler runs ${runtime}, the runtime aws-cdk-lib pins for its handler code ` +
      '(Runtime.determineLatestPythonRuntime returns it, although Lambda offers newer Python runtimes): the code is ' +
      "aws-cdk-lib's, tested on that runtime, and moves with aws-cdk-lib upgrades rather than with a runtime override.",
  );

  const framework = provider.node.findChild('Provider').node.findChild('framework-onEvent');
  for (const fn of [handler, framework]) {
    acknowledge(
      fn,
      `${NIST}-LambdaConcurrency`,
      'A deploy-time function of the kubectl handler (aws-eks-v2), run by CloudFormation once per Kubernetes ' +
        'resource change: reserving concurrency for it would take capacity from the account for good, and a cap ' +
        'could throttle a deployment that changes several charts at once.',
    );
    acknowledge(
      fn,
      `${NIST}-LambdaDLQ`,
      'A deploy-time function of the kubectl handler (aws-eks-v2): every failure is reported to CloudFormation, ' +
        'which fails and rolls back the deployment, so there is no lost event a dead-letter queue could keep for replay.',
    );
    acknowledge(
      fn.node.findChild('ServiceRole').node.findChild('DefaultPolicy'),
      `${NIST}-IAMNoInlinePolicy`,
      'The role policy aws-cdk-lib writes for this kubectl handler function (eks:DescribeCluster on this cluster, or ' +
        'invoking the handler function only): attached to this one role, created and deleted with it.',
    );
  }
  const frameworkRole = framework.node.findChild('ServiceRole');
  acknowledgeManagedPolicies(
    frameworkRole,
    LAMBDA_VPC_EXECUTION_POLICIES,
    'Role of the CDK custom resource provider framework Lambda in front of the kubectl handler: AWS-maintained ' +
      'Lambda execution policies for its logs and its ENIs in the private subnets.',
  );
  acknowledge(
    frameworkRole.node.findChild('DefaultPolicy'),
    `${NAG}-IAM5[Resource::<${logicalIdOf(handler)}.Arn>:*]`,
    'The provider framework may invoke only the kubectl handler function; the wildcard covers its versions and ' +
      'aliases, as created by aws-cdk-lib.',
  );
}

/** The logical id CloudFormation will see, which is how cdk-nag names resources inside a finding. */
function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
}
