import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import type { AccessScope, ClusterAccessGrant, ClusterConfig } from './environments';

/** Properties of {@link ClusterAccess}. */
export interface ClusterAccessProps {
  readonly cluster: eks.ICluster;
  /** Principals to let in, each with an EKS access policy and its scope. */
  readonly grants: readonly ClusterAccessGrant[];
}

/**
 * EKS access entries (API authentication mode, no aws-auth ConfigMap): one entry per IAM principal, carrying
 * every access policy granted to it. This is the one way humans and CI get into the cluster: add a grant
 * to the environment in lib/cluster/environments.ts (`adminRoleArns`, `breakGlassRoleArns`, `access`), or pass
 * `-c adminPrincipalArn=<role ARN>` for one deploy.
 */
export class ClusterAccess extends Construct {
  readonly entries: eks.AccessEntry[];

  constructor(scope: Construct, id: string, props: ClusterAccessProps) {
    super(scope, id);
    const byPrincipal = new Map<string, ClusterAccessGrant[]>();
    for (const grant of props.grants) {
      byPrincipal.set(grant.principalArn, [...(byPrincipal.get(grant.principalArn) ?? []), grant]);
    }
    assertDistinctEntryIds([...byPrincipal.keys()]);
    this.entries = [...byPrincipal].map(
      ([principal, grants]) =>
        new eks.AccessEntry(this, entryId(principal), {
          cluster: props.cluster,
          principal,
          accessPolicies: grants.map((grant) => accessPolicy(grant.accessPolicy, grant.scope)),
        }),
    );
  }
}

/** A stable construct id per principal: list order can change without replacing entries. */
function entryId(principalArn: string): string {
  return principalArn.replace(/^arn:[^:]*:iam::/, '').replace(/[^A-Za-z0-9]/g, '-');
}

/**
 * Two ARNs that differ only in punctuation ('role/team.a', 'role/team-a') would share an id; say so in terms of
 * the configuration instead of letting the construct tree fail with an anonymous duplicate-id error.
 */
function assertDistinctEntryIds(principals: readonly string[]): void {
  const principalById = new Map<string, string>();
  for (const principal of principals) {
    const id = entryId(principal);
    const other = principalById.get(id);
    if (other !== undefined) {
      throw new Error(
        `cluster.access: principalArn = ${JSON.stringify(principal)} and ${JSON.stringify(other)} differ only in ` +
          `punctuation, so their access entries would share the construct id "${id}". ` +
          'Fix: grant one of them through an IAM role whose name differs in letters or digits.',
      );
    }
    principalById.set(id, principal);
  }
}

function accessPolicy(name: string, scope: AccessScope): eks.IAccessPolicy {
  return eks.AccessPolicy.fromAccessPolicyName(
    name,
    scope.type === 'cluster'
      ? { accessScopeType: eks.AccessScopeType.CLUSTER }
      : { accessScopeType: eks.AccessScopeType.NAMESPACE, namespaces: [...scope.namespaces] },
  );
}

/** Every grant of the cluster configuration: admins and break-glass roles as cluster admins, then the others. */
export function accessGrantsOf(cluster: ClusterConfig): ClusterAccessGrant[] {
  const admin = (principalArn: string): ClusterAccessGrant => ({
    principalArn,
    accessPolicy: 'AmazonEKSClusterAdminPolicy',
    scope: { type: 'cluster' },
  });
  return [...cluster.adminRoleArns.map(admin), ...cluster.breakGlassRoleArns.map(admin), ...cluster.access];
}

/** Whether any grant lets a principal administer the whole cluster. */
export function hasClusterAdmin(grants: readonly ClusterAccessGrant[]): boolean {
  return grants.some(
    (grant) =>
      grant.scope.type === 'cluster' &&
      (grant.accessPolicy === 'AmazonEKSClusterAdminPolicy' || grant.accessPolicy === 'AmazonEKSAdminPolicy'),
  );
}
