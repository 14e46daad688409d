import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Properties of {@link WorkerNodeGroup}. */
export interface WorkerNodeGroupProps {
  readonly cluster: eks.Cluster;
  /** Node group name, e.g. `ng-eks`. */
  readonly nodegroupName: string;
  /** EC2 instance type; its architecture picks the AL2023 AMI (x86_64 or ARM64). */
  readonly instanceType: ec2.InstanceType;
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  /**
   * Size of the encrypted gp3 root volume.
   * @default 20
   */
  readonly diskSizeGiB?: number;
  /**
   * Subnets of the nodes.
   * @default - the VPC's private subnets
   */
  readonly subnets?: ec2.SubnetSelection;
}

/**
 * The IMDS hop limit of the nodes. 1 means an IMDSv2 token response cannot cross the extra network hop into
 * a pod's network namespace, so ordinary pods cannot borrow the node role: AWS access is granted per service
 * account (IRSA) instead. Host-network pods (aws-node, kube-proxy, calico-node) still reach IMDS.
 */
const NODE_IMDS_HOP_LIMIT = 1;

/**
 * A managed node group on the Amazon Linux 2023 EKS AMI with a launch template that requires IMDSv2 and
 * encrypts the root volume, and a node role with no CNI permissions: those belong to the VPC CNI add-on's
 * own IRSA role, so the add-on must be in place before nodes join (the caller adds that dependency).
 */
export class WorkerNodeGroup extends Construct {
  readonly nodegroup: eks.Nodegroup;
  readonly role: iam.Role;
  readonly launchTemplate: ec2.LaunchTemplate;

  constructor(scope: Construct, id: string, props: WorkerNodeGroupProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'NodeRole', {
      description: `Role of the ${props.nodegroupName} nodes: join the cluster and pull images, nothing else`,
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSWorkerNodePolicy'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEC2ContainerRegistryPullOnly'),
      ],
    });
    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      httpEndpoint: true,
      httpTokens: ec2.LaunchTemplateHttpTokens.REQUIRED,
      httpPutResponseHopLimit: NODE_IMDS_HOP_LIMIT,
      blockDevices: [
        {
          // The root device of the AL2023 EKS AMI.
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(props.diskSizeGiB ?? 20, {
            encrypted: true,
            volumeType: ec2.EbsDeviceVolumeType.GP3,
          }),
        },
      ],
    });
    this.nodegroup = new eks.Nodegroup(this, 'Nodegroup', {
      cluster: props.cluster,
      nodegroupName: props.nodegroupName,
      instanceTypes: [props.instanceType],
      amiType: al2023AmiType(props.instanceType),
      minSize: props.minSize,
      desiredSize: props.desiredSize,
      maxSize: props.maxSize,
      nodeRole: this.role,
      subnets: props.subnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      launchTemplateSpec: {
        id: this.launchTemplate.launchTemplateId!,
        version: this.launchTemplate.latestVersionNumber,
      },
    });
  }
}

function al2023AmiType(instanceType: ec2.InstanceType): eks.NodegroupAmiType {
  return instanceType.architecture === ec2.InstanceArchitecture.ARM_64
    ? eks.NodegroupAmiType.AL2023_ARM_64_STANDARD
    : eks.NodegroupAmiType.AL2023_X86_64_STANDARD;
}
