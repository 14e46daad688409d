import {
  ConfigValidationError,
  DEFAULT_CONFIG,
  ENVIRONMENTS,
  resolveEnvironmentConfig,
  validateConfig,
  type ClusterAccessGrant,
  type EnvironmentOverrides,
} from '../lib/config';

/** Resolves a one-off environment `test` made of `overrides`. */
function resolveTest(overrides: EnvironmentOverrides) {
  return resolveEnvironmentConfig('test', { environments: { test: overrides } });
}

const VALID_GRANT: ClusterAccessGrant = {
  principalArn: 'arn:aws:iam::111122223333:role/x',
  accessPolicy: 'AmazonEKSViewPolicy',
  scope: { type: 'cluster' },
};

/** An environment whose access grants are `changes`, each applied to a valid grant. */
function withGrants(...changes: Partial<ClusterAccessGrant>[]): EnvironmentOverrides {
  return { cluster: { access: changes.map((change) => ({ ...VALID_GRANT, ...change })) } };
}

function errorOf(action: () => unknown): ConfigValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigValidationError, but nothing was thrown');
}

describe('environments', () => {
  test("the default environment is the guide's eksctl command, flag by flag", () => {
    const config = resolveEnvironmentConfig();
    expect(config).toEqual(DEFAULT_CONFIG);
    const eksctlFlags = {
      '--name': config.cluster.name,
      '--region': config.region,
      '--nodegroup-name': config.nodeGroup.name,
      '--node-type': config.nodeGroup.instanceType,
      '--nodes': config.nodeGroup.desiredSize,
      '--nodes-min': config.nodeGroup.minSize,
      '--nodes-max': config.nodeGroup.maxSize,
      '--version': config.cluster.kubernetesVersion,
    };
    expect(eksctlFlags).toEqual({
      '--name': 'my-eks-cluster',
      '--region': 'us-east-1',
      '--nodegroup-name': 'ng-eks',
      '--node-type': 't3.medium',
      '--nodes': 3,
      '--nodes-min': 2,
      '--nodes-max': 4,
      '--version': '1.31',
    });
  });

  test('the default environment is secure: private endpoint, no one let in by default, explicit zones', () => {
    const config = resolveEnvironmentConfig('default');
    expect(config.cluster.endpoint).toEqual({ publicAccessCidrs: [], allowPublicAccessFromAnywhere: false });
    expect(config.cluster.access).toEqual([]);
    expect(config.network.availabilityZones.length).toBeGreaterThanOrEqual(2);
  });

  test('prod overrides what differs and inherits the rest from the defaults', () => {
    const prod = resolveEnvironmentConfig('prod');
    expect(prod.network).toEqual({ ...DEFAULT_CONFIG.network, natGateways: 3, flowLogRetentionDays: 365 });
    expect(prod.nodeGroup).toMatchObject({
      name: 'ng-eks',
      instanceType: 'm6i.large',
      minSize: 3,
      maxSize: 6,
    });
    expect(prod.cluster.name).toBe('my-eks-cluster-prod');
    expect(prod.cluster.kubernetesVersion).toBe(DEFAULT_CONFIG.cluster.kubernetesVersion);
    expect(prod.addons).toEqual(DEFAULT_CONFIG.addons);
  });

  test('every shipped environment is valid', () => {
    for (const name of Object.keys(ENVIRONMENTS)) {
      expect(() => resolveEnvironmentConfig(name)).not.toThrow();
    }
  });

  test('arrays in an override replace the default instead of merging into it', () => {
    const config = resolveTest({
      network: { availabilityZones: ['us-east-1d', 'us-east-1f'], natGateways: 2 },
    });
    expect(config.network.availabilityZones).toEqual(['us-east-1d', 'us-east-1f']);
  });

  test('an unknown environment name names the known ones and how to add it', () => {
    const error = errorOf(() => resolveEnvironmentConfig('staging'));
    expect(error.message).toContain('env = "staging": unknown environment');
    expect(error.message).toContain('-c env=<one of default, prod>');
    expect(error.message).toContain('add "staging" to ENVIRONMENTS in lib/config.ts');
  });

  test('a prototype property is not an environment', () => {
    expect(() => resolveEnvironmentConfig('toString')).toThrow('unknown environment');
  });

  test('-c adminPrincipalArn adds a cluster-admin grant to the environment', () => {
    const arn = 'arn:aws:iam::111122223333:role/Admin';
    const config = resolveEnvironmentConfig('prod', { adminPrincipalArn: arn });
    expect(config.cluster.access).toEqual([
      { principalArn: arn, accessPolicy: 'AmazonEKSClusterAdminPolicy', scope: { type: 'cluster' } },
    ]);
  });

  test('an invalid -c adminPrincipalArn is refused like any grant', () => {
    expect(() => resolveEnvironmentConfig('default', { adminPrincipalArn: 'Admin' })).toThrow(
      'cluster.access[0].principalArn = "Admin": not an IAM role or user ARN',
    );
  });
});

describe('valid configurations', () => {
  test.each<[string, EnvironmentOverrides]>([
    [
      'a public endpoint restricted to listed CIDRs',
      { cluster: { endpoint: { publicAccessCidrs: ['203.0.113.0/24'] } } },
    ],
    [
      'a public endpoint open to anywhere with the explicit flag',
      { cluster: { endpoint: { publicAccessCidrs: ['0.0.0.0/0'], allowPublicAccessFromAnywhere: true } } },
    ],
    [
      'a team grant scoped to namespaces',
      {
        cluster: {
          access: [
            {
              principalArn: 'arn:aws:iam::111122223333:role/shop-team',
              accessPolicy: 'AmazonEKSEditPolicy',
              scope: { type: 'namespace', namespaces: ['shop'] },
            },
          ],
        },
      },
    ],
    ['a Graviton instance type', { nodeGroup: { instanceType: 'm7g.large' } }],
    ['one NAT gateway per zone', { network: { natGateways: 3 } }],
    ['a node group that may scale to zero', { nodeGroup: { minSize: 0, desiredSize: 0 } }],
  ])('%s', (_name, overrides) => {
    expect(validateConfig(resolveTest(overrides))).toEqual([]);
  });
});

describe('invalid configurations fail with the field, the value and the fix', () => {
  test.each<[string, EnvironmentOverrides, string, string]>([
    [
      'min > max nodes',
      { nodeGroup: { minSize: 5, maxSize: 4 } },
      'nodeGroup.minSize = 5: exceeds nodeGroup.maxSize (4)',
      'lower nodeGroup.minSize or raise nodeGroup.maxSize',
    ],
    [
      'desired above max',
      { nodeGroup: { desiredSize: 9 } },
      'nodeGroup.desiredSize = 9: outside [nodeGroup.minSize, nodeGroup.maxSize] = [2, 4]',
      'choose a value from 2 to 4',
    ],
    [
      'desired below min',
      { nodeGroup: { desiredSize: 1 } },
      'nodeGroup.desiredSize = 1: outside [nodeGroup.minSize, nodeGroup.maxSize] = [2, 4]',
      'choose a value from 2 to 4',
    ],
    [
      'a fractional node count',
      { nodeGroup: { minSize: 1.5 } },
      'nodeGroup.minSize = 1.5: must be a whole number of nodes',
      'use an integer',
    ],
    [
      'max of zero',
      { nodeGroup: { minSize: 0, desiredSize: 0, maxSize: 0 } },
      'nodeGroup.maxSize = 0',
      'use 1 or more',
    ],
    [
      'an unknown instance type format',
      { nodeGroup: { instanceType: 't3-medium' } },
      'nodeGroup.instanceType = "t3-medium": not an EC2 instance type (family.size)',
      'use a type such as "t3.medium"',
    ],
    [
      'an upper-case instance type',
      { nodeGroup: { instanceType: 'T3.Medium' } },
      'nodeGroup.instanceType = "T3.Medium"',
      'use a type such as "t3.medium"',
    ],
    [
      'a root volume too small for the AMI',
      { nodeGroup: { diskSizeGiB: 8 } },
      'nodeGroup.diskSizeGiB = 8: the AL2023 EKS AMI needs at least 20 GiB',
      'use 20 or more',
    ],
    [
      'an invalid node group name',
      { nodeGroup: { name: 'ng eks' } },
      'nodeGroup.name = "ng eks": not a valid node group name',
      'start with a letter or digit and use only letters, digits, "-" and "_" (at most 63 characters)',
    ],
    [
      'a node group name longer than EKS allows',
      { nodeGroup: { name: 'n'.repeat(64) } },
      `nodeGroup.name = "${'n'.repeat(64)}": not a valid node group name`,
      'start with a letter or digit and use only letters, digits, "-" and "_" (at most 63 characters)',
    ],
    [
      'a Kubernetes version the kubectl layer does not match',
      { cluster: { kubernetesVersion: '1.32' } },
      'cluster.kubernetesVersion = "1.32": the kubectl layer installed (@aws-cdk/lambda-layer-kubectl-v31) only matches 1.31',
      'use "1.31", or add the matching @aws-cdk/lambda-layer-kubectl-vXY package',
    ],
    [
      'an invalid cluster name',
      { cluster: { name: '-cluster' } },
      'cluster.name = "-cluster": not a valid EKS cluster name',
      'start with a letter or digit',
    ],
    [
      'a malformed public CIDR',
      { cluster: { endpoint: { publicAccessCidrs: ['203.0.113.0/33'] } } },
      'cluster.endpoint.publicAccessCidrs[0] = "203.0.113.0/33": not an IPv4 CIDR block',
      'write it as a.b.c.d/n',
    ],
    [
      'a public CIDR without a prefix length',
      { cluster: { endpoint: { publicAccessCidrs: ['203.0.113.7'] } } },
      'cluster.endpoint.publicAccessCidrs[0] = "203.0.113.7": not an IPv4 CIDR block',
      'write it as a.b.c.d/n',
    ],
    [
      'a public CIDR with host bits set',
      { cluster: { endpoint: { publicAccessCidrs: ['203.0.113.7/24'] } } },
      'cluster.endpoint.publicAccessCidrs[0] = "203.0.113.7/24": host bits are set',
      'use "203.0.113.0/24"',
    ],
    [
      '0.0.0.0/0 without the explicit flag',
      { cluster: { endpoint: { publicAccessCidrs: ['0.0.0.0/0'] } } },
      'cluster.endpoint.publicAccessCidrs[0] = "0.0.0.0/0": opens the Kubernetes API to the whole internet',
      'list only your own CIDRs, or set cluster.endpoint.allowPublicAccessFromAnywhere to true if that is really meant',
    ],
    [
      'a duplicated public CIDR',
      { cluster: { endpoint: { publicAccessCidrs: ['203.0.113.0/24', '203.0.113.0/24'] } } },
      'cluster.endpoint.publicAccessCidrs = ["203.0.113.0/24","203.0.113.0/24"]: lists a CIDR twice',
      'list each CIDR once',
    ],
    [
      'more public CIDRs than EKS accepts',
      {
        cluster: {
          endpoint: { publicAccessCidrs: Array.from({ length: 41 }, (_, i) => `198.51.${i}.0/24`) },
        },
      },
      'cluster.endpoint.publicAccessCidrs = "41 CIDRs": EKS accepts at most 40',
      'aggregate them',
    ],
    [
      'a malformed VPC CIDR',
      { network: { vpcCidr: '10.0.0/16' } },
      'network.vpcCidr = "10.0.0/16": not an IPv4 CIDR block',
      'write it as a.b.c.d/n',
    ],
    [
      'a VPC too small for the subnets',
      { network: { vpcCidr: '10.0.0.0/20' } },
      'network.vpcCidr = "10.0.0.0/20": 4096 addresses cannot hold 3 private /19 and public /24 subnets (25344 addresses)',
      'use a larger range such as a /16',
    ],
    [
      'fewer than two availability zones',
      { network: { availabilityZones: ['us-east-1a'], natGateways: 1 } },
      'network.availabilityZones = ["us-east-1a"]: EKS needs subnets in at least two availability zones',
      'list two or more zones of us-east-1',
    ],
    [
      'a zone of another region',
      { network: { availabilityZones: ['us-east-1a', 'eu-west-1b'] } },
      'network.availabilityZones[1] = "eu-west-1b": not a zone of region us-east-1',
      'use "us-east-1a"-style names',
    ],
    [
      'a zone listed twice',
      { network: { availabilityZones: ['us-east-1a', 'us-east-1a'], natGateways: 1 } },
      'network.availabilityZones = ["us-east-1a","us-east-1a"]: lists a zone twice',
      'list each zone once',
    ],
    [
      'no NAT gateway',
      { network: { natGateways: 0 } },
      'network.natGateways = 0: must be an integer from 1 to the number of availability zones (3)',
      'use 1 (cheapest) or 3 (one per zone)',
    ],
    [
      'more NAT gateways than zones',
      { network: { natGateways: 4 } },
      'network.natGateways = 4: must be an integer from 1 to the number of availability zones (3)',
      'use 1 (cheapest) or 3',
    ],
    [
      'a flow log retention CloudWatch does not offer',
      { network: { flowLogRetentionDays: 42 } },
      'network.flowLogRetentionDays = 42: not a retention period CloudWatch Logs accepts',
      'use one of 1, 3, 5, 7, 14, 30',
    ],
    [
      "CDK's never-expiring retention, which is no CloudWatch period",
      { network: { flowLogRetentionDays: 9999 } },
      'network.flowLogRetentionDays = 9999: not a retention period CloudWatch Logs accepts',
      'use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.',
    ],
    [
      'an invalid region',
      { region: 'us-east' },
      'region = "us-east": not an AWS region name',
      'use a region such as',
    ],
    [
      'a principal that is not an IAM ARN',
      withGrants({ principalArn: 'arn:aws:iam::1234:role/x' }),
      'cluster.access[0].principalArn = "arn:aws:iam::1234:role/x": not an IAM role or user ARN',
      'use arn:aws:iam::<12-digit account>:role/<name>',
    ],
    [
      'an unknown access policy',
      withGrants({ accessPolicy: 'AdministratorAccess' as never }),
      'cluster.access[0].accessPolicy = "AdministratorAccess": not a known EKS access policy',
      'use one of AmazonEKSClusterAdminPolicy',
    ],
    [
      'a namespace scope without namespaces',
      withGrants({ scope: { type: 'namespace', namespaces: [] } }),
      'cluster.access[0].scope.namespaces = []: a namespace scope needs namespaces',
      'list at least one namespace',
    ],
    [
      'an invalid namespace name',
      withGrants({ scope: { type: 'namespace', namespaces: ['Shop_Team'] } }),
      'cluster.access[0].scope.namespaces[0] = "Shop_Team": not a valid namespace name: it must be a lowercase RFC 1123 label',
      'use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit',
    ],
    [
      'a namespace name longer than a DNS label',
      withGrants({ scope: { type: 'namespace', namespaces: ['shop', 'n'.repeat(64)] } }),
      `cluster.access[0].scope.namespaces[1] = "${'n'.repeat(64)}": not a valid namespace name: it must be at most 63 characters (has 64)`,
      'use at most 63 lowercase letters',
    ],
    [
      'an unknown scope type',
      withGrants({ scope: { type: 'account' } as never }),
      'cluster.access[0].scope.type = "account": unknown scope type',
      'use "cluster" or "namespace"',
    ],
    [
      'the same grant twice',
      withGrants({}, {}),
      'cluster.access[1] = "arn:aws:iam::111122223333:role/x AmazonEKSViewPolicy": grants the same policy to the same principal twice',
      'remove the duplicate',
    ],
    [
      'a malformed add-on version',
      { addons: { vpcCni: '1.19.0' } },
      'addons.vpcCni = "1.19.0": not an EKS add-on version',
      'use the form v1.2.3-eksbuild.4',
    ],
    [
      'kube-proxy of another Kubernetes minor version',
      { addons: { kubeProxy: 'v1.30.6-eksbuild.3' } },
      'addons.kubeProxy = "v1.30.6-eksbuild.3": kube-proxy must match the cluster\'s Kubernetes minor version (1.31)',
      'use a v1.31.x-eksbuild.y version',
    ],
    [
      'a Calico chart outside 3.31',
      { calico: { chartVersion: 'v3.32.0' } },
      'calico.chartVersion = "v3.32.0": only the tigera-operator 3.31.x charts are supported',
      'use a version such as "v3.31.4"',
    ],
  ])('%s', (_name, overrides, problem, fix) => {
    const error = errorOf(() => resolveTest(overrides));
    expect(error.message).toContain('Invalid configuration of environment "test"');
    const line = error.issues.find((i) => i.startsWith(problem));
    expect(line).toBeDefined();
    expect(line).toContain(`Fix: ${fix}`);
  });

  test('every problem is reported at once, one line each', () => {
    const error = errorOf(() =>
      resolveTest({
        nodeGroup: { minSize: 5, instanceType: 'huge' },
        cluster: { kubernetesVersion: '1.30' },
      }),
    );
    expect(error.issues.map((i) => i.split(' = ')[0])).toEqual([
      'cluster.kubernetesVersion',
      'nodeGroup.instanceType',
      'nodeGroup.minSize',
      // kube-proxy v1.31 no longer matches the 1.30 asked for, which is reported too.
      'addons.kubeProxy',
    ]);
    expect(error.message.split('\n')).toHaveLength(1 + error.issues.length);
  });
});
