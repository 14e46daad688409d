import { CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ClusterNetwork } from '../../lib/cluster';
import { createTestApp } from '../support/cdk-app';

describe('ClusterNetwork', () => {
  let network: ClusterNetwork;
  let template: Template;

  beforeAll(() => {
    const stack = new Stack(createTestApp({ validation: false }), 'Network', {
      env: { region: 'eu-west-1' },
    });
    network = new ClusterNetwork(stack, 'Network', {
      vpcCidr: '10.20.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      natGateways: 2,
      flowLogRetention: logs.RetentionDays.ONE_YEAR,
    });
    new CfnResource(stack, 'Consumer', { type: 'Test::Consumer' }).node.addDependency(
      ...network.privateEgress,
    );
    template = Template.fromStack(stack);
  });

  test('private /19 subnets come first so the /24 public ones pack after them without gaps', () => {
    const cidrs = (type: 'Private' | 'Public') =>
      Object.values(
        template.findResources('AWS::EC2::Subnet', {
          Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-type', Value: type }]) },
        }),
      ).map((subnet) => [subnet.Properties.AvailabilityZone, subnet.Properties.CidrBlock]);
    expect(cidrs('Private')).toEqual([
      ['eu-west-1a', '10.20.0.0/19'],
      ['eu-west-1b', '10.20.32.0/19'],
    ]);
    expect(cidrs('Public')).toEqual([
      ['eu-west-1a', '10.20.64.0/24'],
      ['eu-west-1b', '10.20.65.0/24'],
    ]);
  });

  test('the NAT gateway count follows the configuration', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
  });

  test('accepted and rejected flows go to a retained, expiring log group', () => {
    const [groupId] = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365 },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'ALL',
      LogGroupName: { Ref: groupId },
    });
  });

  test('depending on privateEgress waits for every private subnet default route through NAT', () => {
    const natRoutes = Object.keys(
      template.findResources('AWS::EC2::Route', { Properties: { NatGatewayId: Match.anyValue() } }),
    );
    expect(natRoutes).toHaveLength(2);
    const [consumer] = Object.values(template.findResources('Test::Consumer'));
    expect(consumer.DependsOn).toEqual(expect.arrayContaining(natRoutes));
  });
});
