import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Construct, type IDependable } from 'constructs';
import { SUBNET_PREFIXES } from './config';

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
}

/**
 * The cluster's VPC: a public and a private subnet per availability zone (private first, so the large
 * private /19s pack without alignment gaps), nodes and control-plane ENIs in the private ones, and every
 * flow (accepted and rejected) logged to CloudWatch Logs, because NetworkPolicies themselves log nothing.
 */
export class ClusterNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  /** The flow log group, kept when the stack is deleted: flow logs are audit evidence. */
  readonly flowLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ClusterNetworkProps) {
    super(scope, id);
    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention ?? logs.RetentionDays.THREE_MONTHS,
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
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: SUBNET_PREFIXES.public },
      ],
      flowLogs: {
        All: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });
  }

  /** The private subnets' egress routes: depend on them to be created after, and deleted before, internet access. */
  get privateEgress(): IDependable[] {
    return this.vpc.privateSubnets.map((subnet) => subnet.internetConnectivityEstablished);
  }
}
