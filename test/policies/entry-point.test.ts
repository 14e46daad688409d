import { Construct } from 'constructs';
import * as entryPoint from '../../lib';
import * as policies from '../../lib/policies';

/** What another CDK or cdk8s project imports from this package: the constructs and what they take. */
const CONSTRUCTS = [
  'AllowAllToPod',
  'AllowAppTraffic',
  'AllowDnsEgress',
  'AllowFromAnywhere',
  'AllowFromApp',
  'AllowFromCidrs',
  'AllowFromNamespace',
  'AllowToApp',
  'AllowToCidrs',
  'BaselineDefaultDeny',
  'BlockAllIncoming',
  'BlockAllOutgoing',
  'ClusterNetworkPolicy',
  'DefaultDeny',
  'DelegateToNamespacePolicies',
  'DenyAllToPod',
  'DenyInstanceMetadata',
  'IsolateTenants',
  'NamespaceBaseline',
  'NetworkPolicy',
  'ProtectSystemNamespaces',
  'SecureNamespace',
];
const BUILDERS_AND_CONSTANTS = [
  'ALL_NETWORKS',
  'ClusterPeer',
  'ClusterPolicySubject',
  'ClusterPort',
  'INSTANCE_METADATA_NETWORKS',
  'Label',
  'LabelSelector',
  'NAMESPACE_NAME_LABEL',
  'OrderedKubeNetworkPolicy',
  'POD_SECURITY_LEVELS',
  'Peer',
  'Port',
  'SYSTEM_NAMESPACES',
  'podSecurityLabels',
];

describe('the package entry point (lib/index.ts)', () => {
  const exported = entryPoint as Record<string, unknown>;

  it.each(CONSTRUCTS)('exports the construct %s', (name) => {
    const construct = exported[name] as abstract new (...args: never[]) => unknown;
    expect(construct).toBe((policies as Record<string, unknown>)[name]);
    expect(construct.prototype).toBeInstanceOf(Construct);
  });

  it('exports the builders the constructs take, and no internal helper', () => {
    // Rule rendering, CIDR peers, label and annotation validation are internal: a change to them must not
    // break another project.
    expect(Object.keys(policies).sort()).toEqual([...CONSTRUCTS, ...BUILDERS_AND_CONSTANTS].sort());
    for (const name of BUILDERS_AND_CONSTANTS)
      expect(exported[name]).toBe(policies[name as keyof typeof policies]);
  });
});
