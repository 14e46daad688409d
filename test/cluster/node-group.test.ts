import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { WorkerNodeGroup } from '../../lib/cluster';
import { createClusterStack } from '../support/cdk-app';

describe('WorkerNodeGroup', () => {
  let template: Template;

  beforeAll(() => {
    const { stack, cluster } = createClusterStack('Nodes');
    const sizes = { minSize: 1, desiredSize: 1, maxSize: 2 };
    new WorkerNodeGroup(stack, 'Intel', {
      cluster,
      nodegroupName: 'intel',
      instanceType: new ec2.InstanceType('t3.medium'),
      ...sizes,
    });
    new WorkerNodeGroup(stack, 'Graviton', {
      cluster,
      nodegroupName: 'graviton',
      instanceType: new ec2.InstanceType('m7g.large'),
      diskSizeGiB: 80,
      ...sizes,
    });
    template = Template.fromStack(stack);
  });

  test('the instance architecture picks the AL2023 AMI', () => {
    template.hasResourceProperties('AWS::EKS::Nodegroup', {
      NodegroupName: 'intel',
      AmiType: 'AL2023_x86_64_STANDARD',
    });
    template.hasResourceProperties('AWS::EKS::Nodegroup', {
      NodegroupName: 'graviton',
      AmiType: 'AL2023_ARM_64_STANDARD',
    });
  });

  test('disk size defaults to 20 GiB and follows the prop, always encrypted gp3', () => {
    const sizes = Object.values(template.findResources('AWS::EC2::LaunchTemplate')).map(
      (lt) => lt.Properties.LaunchTemplateData.BlockDeviceMappings[0].Ebs,
    );
    expect(sizes).toEqual([
      { Encrypted: true, VolumeType: 'gp3', VolumeSize: 20 },
      { Encrypted: true, VolumeType: 'gp3', VolumeSize: 80 },
    ]);
  });

  test('pods cannot reach the node credentials: IMDSv2 only, hop limit 1', () => {
    template.allResourcesProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } },
    });
  });

  test('the node role is assumable by EC2 only and has no inline policy', () => {
    const nodeRoles = template.findResources('AWS::IAM::Role', {
      Properties: { Description: Match.stringLikeRegexp('^Role of the .* nodes') },
    });
    expect(Object.keys(nodeRoles)).toHaveLength(2);
    for (const role of Object.values(nodeRoles)) {
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } },
      ]);
      expect(role.Properties.Policies).toBeUndefined();
    }
  });
});
