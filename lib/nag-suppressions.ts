/**
 * Every cdk-nag (AwsSolutions) and built-in CloudFormation validation finding of the stack that is not fixed
 * is acknowledged here, one by one, on the narrowest construct, with the reason it is accepted. A new
 * finding fails synth until it is fixed or reviewed into this file.
 */
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { SecureEksStack } from './secure-eks-stack';

const NAG = 'AwsSolutions::AwsSolutions';
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

/** Acknowledges the accepted findings of a {@link SecureEksStack}; called at the end of its constructor. */
export function acknowledgeNagFindings(stack: SecureEksStack): void {
  acknowledgeClusterFindings(stack.cluster);
  acknowledgeKubectlHandlerFindings(stack.cluster);
  acknowledgeManagedPolicies(
    stack.vpcCni.role,
    ['AmazonEKS_CNI_Policy'],
    'The IRSA role of aws-node only: AmazonEKS_CNI_Policy is the exact, AWS-maintained permission set the VPC CNI ' +
      'needs to manage ENIs and addresses, and it is trusted by that one service account only.',
  );
  acknowledgeManagedPolicies(
    stack.nodes.role,
    ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly'],
    'The node role of the managed node group: EKS requires this AWS-maintained policy for nodes to join the cluster ' +
      '(AmazonEKSWorkerNodePolicy) and pull images (AmazonEC2ContainerRegistryPullOnly, the pull-only variant); ' +
      'no CNI permissions are attached, and pods cannot reach these credentials (IMDS hop limit 1).',
  );
  for (const subnet of [...stack.network.vpc.privateSubnets, ...stack.network.vpc.publicSubnets]) {
    acknowledge(
      subnet,
      `${CFN_VALIDATE}::W3010`,
      `Zone ${subnet.availabilityZone} is set explicitly in the environment configuration on purpose, so that ` +
        'synth needs no account look-up and the subnet layout is reviewed code.',
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
 * The kubectl handler is the aws-eks-v2 Lambda (plus its custom resource provider) that applies the Helm chart
 * and manifests; its roles and runtime are created by aws-cdk-lib and cannot be narrowed from outside.
 */
function acknowledgeKubectlHandlerFindings(cluster: eks.Cluster): void {
  const provider = cluster.kubectlProvider!;
  const handler = provider.node.findChild('Handler');
  const handlerRole = handler.node.findChild('ServiceRole');
  acknowledgeManagedPolicies(
    handlerRole,
    LAMBDA_VPC_EXECUTION_POLICIES,
    'Role of the CDK-managed kubectl handler Lambda (aws-eks-v2): AWS-maintained Lambda execution policies for its ' +
      'logs and its ENIs in the private subnets, created by aws-cdk-lib.',
  );
  const imageReason =
    'Role of the CDK-managed kubectl handler Lambda (aws-eks-v2): read-only registry access for Helm charts ' +
    'stored as OCI artifacts, attached by aws-cdk-lib.';
  acknowledgeManagedPolicies(handlerRole, ['AmazonEC2ContainerRegistryReadOnly'], imageReason);
  acknowledge(handlerRole, `${NAG}-IAM4[Policy::${ecrPublicPolicyToken(provider)}]`, imageReason);
  acknowledge(
    handler,
    `${NAG}-L1`,
    'The CDK-managed kubectl handler: aws-cdk-lib picks the newest Python runtime it knows for this Lambda; it moves ' +
      'forward with aws-cdk-lib upgrades.',
  );

  const framework = provider.node.findChild('Provider').node.findChild('framework-onEvent');
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

/**
 * aws-eks-v2 attaches AmazonElasticContainerRegistryPublicReadOnly only in partitions that have ECR Public,
 * through a condition; cdk-nag names that finding after the whole `Fn::If`.
 */
function ecrPublicPolicyToken(provider: IConstruct): string {
  const condition = provider.node.findChild('Handler').node.findChild('HasEcrPublic');
  return JSON.stringify({
    'Fn::If': [
      logicalIdOf(condition),
      {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly',
          ],
        ],
      },
      { Ref: 'AWS::NoValue' },
    ],
  });
}

/** The logical id CloudFormation will see, which is how cdk-nag names resources inside a finding. */
function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
}
