import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Construct, type IConstruct, type IDependable } from 'constructs';
import { SUBNET_PREFIXES } from './validation';

/** Properties of {@link ClusterNetwork}. */
export interface ClusterNetworkProps {
  /** IPv4 range of the VPC. */
  readonly vpcCidr: string;
  /** Availability zones to spread the subnets over, given explicitly so synth never looks them up. */
  readonly availabilityZones: readonly string[];
  /** NAT gateways for the private subnets' egress (at least 1: nodes pull images and the kubectl handler fetches Helm charts). */
  readonly natGateways: number;
  /**
   * How long the VPC flow logs are kept.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly flowLogRetention?: logs.RetentionDays;
  /**
   * Customer-managed key that encrypts the flow log group.
   * @default - CloudWatch Logs' own encryption
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The cluster's VPC: a public and a private subnet per availability zone (private first, so the large
 * private /19s pack without alignment gaps), nodes and control-plane ENIs in the private ones, and every
 * flow (accepted and rejected) logged to CloudWatch Logs. The public subnets hold only the NAT gateways (with
 * their Elastic IPs) and load balancers, so they assign no public IP to what launches in them.
 */
export class ClusterNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  /** The flow log group, kept when the stack is deleted: flow logs are audit evidence. */
  readonly flowLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ClusterNetworkProps) {
    super(scope, id);
    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention ?? logs.RetentionDays.THREE_MONTHS,
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.vpcCidr),
      availabilityZones: [...props.availabilityZones],
      natGateways: props.natGateways,
      subnetConfiguration: [
        // Pods get VPC addresses from the VPC CNI, so the private subnets are sized for them, not for the nodes.
        {
          name: 'Private',
          subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
          cidrMask: SUBNET_PREFIXES.private,
        },
        {
          name: 'Public',
          subnetType: ec2.SubnetType.PUBLIC,
          cidrMask: SUBNET_PREFIXES.public,
          mapPublicIpOnLaunch: false,
        },
      ],
      flowLogs: {
        All: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });
  }

  /** The role the VPC flow log service writes to the log group with (created by aws-cdk-lib). */
  get flowLogRole(): IConstruct {
    return this.vpc.node.findChild('All').node.findChild('IAMRole');
  }

  /** The private subnets' egress routes: depend on them to be created after, and deleted before, internet access. */
  get privateEgress(): IDependable[] {
    return this.vpc.privateSubnets.map((subnet) => subnet.internetConnectivityEstablished);
  }
}
