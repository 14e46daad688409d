import { Match, Template } from 'aws-cdk-lib/assertions';
import { accessGrantsOf, ClusterAccess, hasClusterAdmin, resolveEnvironmentConfig } from '../../lib/cluster';
import type { ClusterAccessGrant } from '../../lib/cluster';
import { createClusterStack, logicalIdOfConstruct } from '../support/cdk-app';

const admin: ClusterAccessGrant = {
  principalArn: 'arn:aws:iam::111122223333:role/platform-admins',
  accessPolicy: 'AmazonEKSClusterAdminPolicy',
  scope: { type: 'cluster' },
};
const teamEdit: ClusterAccessGrant = {
  principalArn: 'arn:aws:iam::111122223333:user/alice',
  accessPolicy: 'AmazonEKSEditPolicy',
  scope: { type: 'namespace', namespaces: ['shop', 'shop-db'] },
};
const teamView: ClusterAccessGrant = {
  ...teamEdit,
  accessPolicy: 'AmazonEKSViewPolicy',
  scope: { type: 'cluster' },
};

function entriesOf(grants: ClusterAccessGrant[]) {
  const { stack, cluster } = createClusterStack('Access');
  const access = new ClusterAccess(stack, 'Access', { cluster, grants });
  return { stack, access };
}

describe('ClusterAccess', () => {
  test('one access entry per principal, carrying all of its policies with their scopes', () => {
    const { stack, access } = entriesOf([admin, teamEdit, teamView]);
    expect(access.entries).toHaveLength(2);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::AccessEntry', {
      PrincipalArn: admin.principalArn,
      AccessPolicies: [Match.objectLike({ AccessScope: { Type: 'cluster' } })],
    });
    template.hasResourceProperties('AWS::EKS::AccessEntry', {
      PrincipalArn: teamEdit.principalArn,
      AccessPolicies: [
        Match.objectLike({ AccessScope: { Type: 'namespace', Namespaces: ['shop', 'shop-db'] } }),
        Match.objectLike({ AccessScope: { Type: 'cluster' } }),
      ],
    });
  });

  test('entries keep their logical ids when the grants are reordered, so none is replaced', () => {
    const idsOf = (grants: ClusterAccessGrant[]) =>
      entriesOf(grants).access.entries.map(logicalIdOfConstruct).sort();
    expect(idsOf([admin, teamEdit])).toEqual(idsOf([teamEdit, admin]));
  });

  test('two principals that differ only in punctuation are refused, naming both', () => {
    const dotted = { ...admin, principalArn: 'arn:aws:iam::111122223333:role/team.a' };
    const dashed = { ...admin, principalArn: 'arn:aws:iam::111122223333:role/team-a' };
    expect(() => entriesOf([dotted, dashed])).toThrow(
      'cluster.access: principalArn = "arn:aws:iam::111122223333:role/team-a" and ' +
        '"arn:aws:iam::111122223333:role/team.a" differ only in punctuation',
    );
  });

  test('no grants, no entries', () => {
    expect(entriesOf([]).access.entries).toEqual([]);
  });
});

describe('grants from the cluster configuration', () => {
  const cluster = resolveEnvironmentConfig('default', { today: new Date('2026-11-30T12:00:00Z') }).cluster;

  test('admin and break-glass roles become cluster admins, before the other grants', () => {
    const grants = accessGrantsOf({
      ...cluster,
      adminRoleArns: ['arn:aws:iam::111122223333:role/platform-admins'],
      breakGlassRoleArns: ['arn:aws:iam::111122223333:role/break-glass'],
      access: [teamEdit],
    });
    expect(grants).toEqual([
      admin,
      { ...admin, principalArn: 'arn:aws:iam::111122223333:role/break-glass' },
      teamEdit,
    ]);
  });

  test('a cluster admin is a cluster-scoped admin grant; a namespace-scoped edit grant is not', () => {
    expect(hasClusterAdmin([teamEdit, teamView])).toBe(false);
    expect(hasClusterAdmin([teamEdit, admin])).toBe(true);
    expect(hasClusterAdmin([{ ...admin, accessPolicy: 'AmazonEKSAdminPolicy' }])).toBe(true);
    expect(hasClusterAdmin([{ ...admin, scope: { type: 'namespace', namespaces: ['shop'] } }])).toBe(false);
    expect(hasClusterAdmin(accessGrantsOf(cluster))).toBe(false);
  });
});
