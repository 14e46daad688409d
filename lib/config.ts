/**
 * Typed, per-environment configuration of the secured EKS stack.
 *
 * `DEFAULT_CONFIG` reproduces the guide's `eksctl create cluster` parameters; each entry of `ENVIRONMENTS`
 * overrides only what differs (select one with `npx cdk synth -c env=<name>`). Every value is validated at
 * synth time so a bad setting fails before CloudFormation sees it, with a message that names the field, the
 * value and the fix.
 */
import * as logs from 'aws-cdk-lib/aws-logs';
import { canonicalCidr, type Cidr, dnsLabelProblem, parseCidr, strictCidrProblem } from './kubernetes';

/**
 * Kubernetes versions this app can deploy. Each needs the kubectl Lambda layer of the same minor version
 * (`@aws-cdk/lambda-layer-kubectl-v31`), which is the only one installed.
 */
export const SUPPORTED_KUBERNETES_VERSIONS = ['1.31'] as const;
export type KubernetesVersionString = (typeof SUPPORTED_KUBERNETES_VERSIONS)[number];

/** The EKS access policies a grant may use (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html). */
export const EKS_ACCESS_POLICIES = [
  'AmazonEKSClusterAdminPolicy',
  'AmazonEKSAdminPolicy',
  'AmazonEKSEditPolicy',
  'AmazonEKSViewPolicy',
  'AmazonEKSAdminViewPolicy',
] as const;
export type EksAccessPolicyName = (typeof EKS_ACCESS_POLICIES)[number];

/** Where an access policy applies: the whole cluster, or only the listed namespaces. */
export type AccessScope =
  { readonly type: 'cluster' } | { readonly type: 'namespace'; readonly namespaces: readonly string[] };

/** Lets one IAM principal into the cluster through an EKS access entry (API authentication mode). */
export interface ClusterAccessGrant {
  /** ARN of the IAM role or user, e.g. `arn:aws:iam::111122223333:role/platform-admins`. */
  readonly principalArn: string;
  /** The EKS access policy to associate with the principal. */
  readonly accessPolicy: EksAccessPolicyName;
  /** Cluster-wide, or limited to namespaces (for a team). */
  readonly scope: AccessScope;
}

/** The VPC the cluster lives in. */
export interface NetworkConfig {
  /** IPv4 range of the VPC. Pods take VPC addresses (VPC CNI), so it must be roomy. */
  readonly vpcCidr: string;
  /** Availability zones, given explicitly so synth never looks them up (at least two). */
  readonly availabilityZones: readonly string[];
  /** NAT gateways for the private subnets' egress: 1 is cheapest, one per AZ survives an AZ outage. */
  readonly natGateways: number;
  /** How long VPC flow logs are kept in CloudWatch Logs; must be a value CloudWatch accepts. */
  readonly flowLogRetentionDays: number;
}

/** Who can reach the Kubernetes API server endpoint. */
export interface EndpointConfig {
  /** CIDRs allowed to reach the public endpoint. Empty means the endpoint is private only. */
  readonly publicAccessCidrs: readonly string[];
  /** Must be true for `publicAccessCidrs` to contain `0.0.0.0/0`: a deliberate, reviewable opt-in. */
  readonly allowPublicAccessFromAnywhere: boolean;
}

/** The EKS control plane. */
export interface ClusterConfig {
  /** Cluster name, unique per account and region. */
  readonly name: string;
  /** Kubernetes minor version; must match the kubectl layer (see `SUPPORTED_KUBERNETES_VERSIONS`). */
  readonly kubernetesVersion: string;
  /** API server endpoint exposure. */
  readonly endpoint: EndpointConfig;
  /** IAM principals granted access through access entries (in addition to the CDK kubectl handler). */
  readonly access: readonly ClusterAccessGrant[];
}

/** The managed node group. */
export interface NodeGroupConfig {
  /** Node group name. */
  readonly name: string;
  /** EC2 instance type, e.g. `t3.medium`; Graviton types (e.g. `m7g.large`) get the ARM64 AMI. */
  readonly instanceType: string;
  /** Fewest nodes the group scales in to. */
  readonly minSize: number;
  /** Nodes at creation; must lie in [minSize, maxSize]. */
  readonly desiredSize: number;
  /** Most nodes the group scales out to. */
  readonly maxSize: number;
  /** Encrypted gp3 root volume size in GiB (the AL2023 AMI needs at least 20). */
  readonly diskSizeGiB: number;
}

/** Pinned versions of the EKS managed add-ons (`aws eks describe-addon-versions --kubernetes-version 1.31`). */
export interface AddonVersions {
  readonly vpcCni: string;
  readonly coreDns: string;
  /** Its minor version must equal the cluster's. */
  readonly kubeProxy: string;
}

/** Calico, installed by the Tigera operator Helm chart. */
export interface CalicoConfig {
  /** `tigera-operator` chart version; 3.31.x (3.32 moved the CRDs to a separate chart). */
  readonly chartVersion: string;
}

/** Everything that may differ between environments. */
export interface EnvironmentConfig {
  /** AWS region. The account comes from the CLI environment at deploy time. */
  readonly region: string;
  readonly network: NetworkConfig;
  readonly cluster: ClusterConfig;
  readonly nodeGroup: NodeGroupConfig;
  readonly addons: AddonVersions;
  readonly calico: CalicoConfig;
}

/** An environment entry: any subset of the configuration, deep-merged over `DEFAULT_CONFIG` (arrays replace). */
export type EnvironmentOverrides = DeepPartial<EnvironmentConfig>;
type DeepPartial<T> = {
  readonly [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : DeepPartial<T[K]>;
};

/** The guide's parameters, secured: the default environment. */
export const DEFAULT_CONFIG: EnvironmentConfig = {
  region: 'us-east-1',
  network: {
    vpcCidr: '10.0.0.0/16',
    availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    // eksctl's default (one shared NAT gateway): the cheapest egress; prod pays for one per AZ.
    natGateways: 1,
    flowLogRetentionDays: 90,
  },
  cluster: {
    name: 'my-eks-cluster',
    kubernetesVersion: '1.31',
    endpoint: { publicAccessCidrs: [], allowPublicAccessFromAnywhere: false },
    access: [],
  },
  nodeGroup: {
    name: 'ng-eks',
    instanceType: 't3.medium',
    minSize: 2,
    desiredSize: 3,
    maxSize: 4,
    diskSizeGiB: 20,
  },
  addons: {
    vpcCni: 'v1.19.0-eksbuild.1',
    coreDns: 'v1.11.3-eksbuild.1',
    kubeProxy: 'v1.31.2-eksbuild.3',
  },
  calico: { chartVersion: 'v3.31.4' },
};

/** The known environments, selected with `-c env=<name>`. */
export const ENVIRONMENTS: Readonly<Record<string, EnvironmentOverrides>> = {
  default: {},
  prod: {
    network: { natGateways: 3, flowLogRetentionDays: 365 },
    cluster: { name: 'my-eks-cluster-prod' },
    nodeGroup: { instanceType: 'm6i.large', minSize: 3, desiredSize: 3, maxSize: 6, diskSizeGiB: 50 },
  },
};

export const DEFAULT_ENVIRONMENT = 'default';

/** Thrown when a configuration is invalid; `issues` lists every problem found, one per line of the message. */
export class ConfigValidationError extends Error {
  constructor(
    /** What was validated, e.g. `environment "prod"`. */
    readonly source: string,
    readonly issues: readonly string[],
  ) {
    super(`Invalid configuration of ${source}:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Options for `resolveEnvironmentConfig`. */
export interface ResolveOptions {
  /**
   * The environments to choose from.
   * @default ENVIRONMENTS
   */
  readonly environments?: Readonly<Record<string, EnvironmentOverrides>>;
  /**
   * An extra cluster-admin principal (from `-c adminPrincipalArn=...`), so a deployer can let their own role in
   * without editing the configuration.
   * @default - none
   */
  readonly adminPrincipalArn?: string;
}

/** Picks an environment, merges it over the defaults and validates the result. */
export function resolveEnvironmentConfig(
  name: string = DEFAULT_ENVIRONMENT,
  options: ResolveOptions = {},
): EnvironmentConfig {
  const environments = options.environments ?? ENVIRONMENTS;
  const overrides = Object.hasOwn(environments, name) ? environments[name] : undefined;
  if (overrides === undefined) {
    const known = Object.keys(environments).join(', ');
    throw new ConfigValidationError(`environment "${name}"`, [
      `env = ${JSON.stringify(name)}: unknown environment. Fix: pass -c env=<one of ${known}>, or add "${name}" to ENVIRONMENTS in lib/config.ts.`,
    ]);
  }
  const merged = deepMerge(DEFAULT_CONFIG, overrides);
  const config = options.adminPrincipalArn ? withClusterAdmin(merged, options.adminPrincipalArn) : merged;
  assertValidConfig(config, `environment "${name}"`);
  return config;
}

/** Throws a `ConfigValidationError` listing every problem of `config`; `source` names it in the message. */
export function assertValidConfig(config: EnvironmentConfig, source: string): void {
  const issues = validateConfig(config);
  if (issues.length > 0) throw new ConfigValidationError(source, issues);
}

/** Every problem of `config`, each naming the field, its value and the fix; empty when valid. */
export function validateConfig(config: EnvironmentConfig): string[] {
  return [
    ...checkRegion(config.region),
    ...checkNetwork(config.network, config.region),
    ...checkCluster(config.cluster),
    ...checkNodeGroup(config.nodeGroup),
    ...checkAddons(config.addons, config.cluster.kubernetesVersion),
    ...checkCalico(config.calico),
  ];
}

function withClusterAdmin(config: EnvironmentConfig, principalArn: string): EnvironmentConfig {
  const grant: ClusterAccessGrant = {
    principalArn,
    accessPolicy: 'AmazonEKSClusterAdminPolicy',
    scope: { type: 'cluster' },
  };
  return { ...config, cluster: { ...config.cluster, access: [...config.cluster.access, grant] } };
}

function issue(field: string, value: unknown, problem: string, fix: string): string {
  return `${field} = ${JSON.stringify(value)}: ${problem}. Fix: ${fix}.`;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const EKS_NODEGROUP_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$/;
// Instance family (letters, digits, dashes, e.g. `t3`, `m7gd`, `u-6tb1`) and size (e.g. `medium`, `2xlarge`, `metal-24xl`).
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/;
const ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;
const CALICO_CHART_VERSION = /^v3\.31\.\d+$/;
const IAM_PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
/** Subnet sizes the network construct carves per AZ: private subnets are large because pods take VPC IPs. */
export const SUBNET_PREFIXES = { private: 19, public: 24 } as const;
const EKS_MAX_PUBLIC_ACCESS_CIDRS = 40;
/** CloudWatch's retention periods; CDK's INFINITE (9999) is not one, it omits the retention (logs never expire). */
const RETENTION_DAYS = new Set(
  Object.values(logs.RetentionDays).filter(
    (d): d is number => typeof d === 'number' && d !== logs.RetentionDays.INFINITE,
  ),
);

function checkRegion(region: string): string[] {
  return REGION.test(region)
    ? []
    : [issue('region', region, 'not an AWS region name', 'use a region such as "us-east-1"')];
}

function checkNetwork(network: NetworkConfig, region: string): string[] {
  const issues: string[] = [];
  const azs = network.availabilityZones;
  if (azs.length < 2) {
    issues.push(
      issue(
        'network.availabilityZones',
        azs,
        'EKS needs subnets in at least two availability zones',
        `list two or more zones of ${region}, e.g. ["${region}a", "${region}b"]`,
      ),
    );
  }
  azs.forEach((az, i) => {
    if (!new RegExp(`^${region}[a-z]$`).test(az)) {
      issues.push(
        issue(
          `network.availabilityZones[${i}]`,
          az,
          `not a zone of region ${region}`,
          `use "${region}a"-style names`,
        ),
      );
    }
  });
  if (new Set(azs).size !== azs.length) {
    issues.push(issue('network.availabilityZones', azs, 'lists a zone twice', 'list each zone once'));
  }
  issues.push(...checkVpcCidr(network.vpcCidr, azs.length));
  if (!Number.isInteger(network.natGateways) || network.natGateways < 1 || network.natGateways > azs.length) {
    issues.push(
      issue(
        'network.natGateways',
        network.natGateways,
        `must be an integer from 1 to the number of availability zones (${azs.length}): nodes and the kubectl handler need egress`,
        `use 1 (cheapest) or ${azs.length} (one per zone)`,
      ),
    );
  }
  if (!RETENTION_DAYS.has(network.flowLogRetentionDays)) {
    issues.push(
      issue(
        'network.flowLogRetentionDays',
        network.flowLogRetentionDays,
        'not a retention period CloudWatch Logs accepts',
        `use one of ${[...RETENTION_DAYS].sort((a, b) => a - b).join(', ')}`,
      ),
    );
  }
  return issues;
}

function checkVpcCidr(cidr: string, zoneCount: number): string[] {
  const field = 'network.vpcCidr';
  const checked = checkIpv4Cidr(cidr);
  if ('problem' in checked) return [issue(field, cidr, checked.problem, checked.fix)];
  const { private: privatePrefix, public: publicPrefix } = SUBNET_PREFIXES;
  const needed = zoneCount * (2 ** (32 - privatePrefix) + 2 ** (32 - publicPrefix));
  const available = 2 ** (32 - checked.cidr.prefixLength);
  if (needed > available) {
    return [
      issue(
        field,
        cidr,
        `${available} addresses cannot hold ${zoneCount} private /${privatePrefix} and public /${publicPrefix} subnets (${needed} addresses)`,
        'use a larger range such as a /16',
      ),
    ];
  }
  return [];
}

/**
 * Parses an IPv4 block with the project's one CIDR implementation (lib/kubernetes), strictly: AWS stores the
 * network address, so '10.0.0.1/16' or a leading zero would be a typo that reviews as something else.
 */
function checkIpv4Cidr(text: string): { cidr: Cidr } | { problem: string; fix: string } {
  const cidr = parseCidr(text);
  if (!cidr || cidr.address.kind() !== 'ipv4') {
    return { problem: 'not an IPv4 CIDR block', fix: 'write it as a.b.c.d/n, e.g. "203.0.113.0/24"' };
  }
  const strictProblem = strictCidrProblem(cidr);
  return strictProblem ? { problem: strictProblem, fix: `use "${canonicalCidr(cidr)}"` } : { cidr };
}

function checkCluster(cluster: ClusterConfig): string[] {
  const issues: string[] = [];
  if (!EKS_CLUSTER_NAME.test(cluster.name)) {
    issues.push(
      issue(
        'cluster.name',
        cluster.name,
        'not a valid EKS cluster name',
        'start with a letter or digit and use only letters, digits, "-" and "_" (at most 100 characters)',
      ),
    );
  }
  if (!(SUPPORTED_KUBERNETES_VERSIONS as readonly string[]).includes(cluster.kubernetesVersion)) {
    issues.push(
      issue(
        'cluster.kubernetesVersion',
        cluster.kubernetesVersion,
        `the kubectl layer installed (@aws-cdk/lambda-layer-kubectl-v31) only matches ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}`,
        `use "${SUPPORTED_KUBERNETES_VERSIONS[0]}", or add the matching @aws-cdk/lambda-layer-kubectl-vXY package and register it in lib/secure-eks-stack.ts`,
      ),
    );
  }
  issues.push(...checkEndpoint(cluster.endpoint), ...checkAccess(cluster.access));
  return issues;
}

function checkEndpoint(endpoint: EndpointConfig): string[] {
  const issues: string[] = [];
  const cidrs = endpoint.publicAccessCidrs;
  cidrs.forEach((cidr, i) => {
    const field = `cluster.endpoint.publicAccessCidrs[${i}]`;
    const checked = checkIpv4Cidr(cidr);
    if ('problem' in checked) {
      issues.push(issue(field, cidr, checked.problem, checked.fix));
    } else if (checked.cidr.prefixLength === 0 && !endpoint.allowPublicAccessFromAnywhere) {
      issues.push(
        issue(
          field,
          cidr,
          'opens the Kubernetes API to the whole internet',
          'list only your own CIDRs, or set cluster.endpoint.allowPublicAccessFromAnywhere to true if that is really meant',
        ),
      );
    }
  });
  if (new Set(cidrs).size !== cidrs.length) {
    issues.push(
      issue('cluster.endpoint.publicAccessCidrs', cidrs, 'lists a CIDR twice', 'list each CIDR once'),
    );
  }
  if (cidrs.length > EKS_MAX_PUBLIC_ACCESS_CIDRS) {
    issues.push(
      issue(
        'cluster.endpoint.publicAccessCidrs',
        `${cidrs.length} CIDRs`,
        `EKS accepts at most ${EKS_MAX_PUBLIC_ACCESS_CIDRS}`,
        'aggregate them into fewer, larger blocks',
      ),
    );
  }
  return issues;
}

function checkAccess(grants: readonly ClusterAccessGrant[]): string[] {
  const issues: string[] = [];
  const seen = new Set<string>();
  grants.forEach((grant, i) => {
    const field = `cluster.access[${i}]`;
    if (!IAM_PRINCIPAL_ARN.test(grant.principalArn)) {
      issues.push(
        issue(
          `${field}.principalArn`,
          grant.principalArn,
          'not an IAM role or user ARN',
          'use arn:aws:iam::<12-digit account>:role/<name> (or :user/<name>)',
        ),
      );
    }
    if (!(EKS_ACCESS_POLICIES as readonly string[]).includes(grant.accessPolicy)) {
      issues.push(
        issue(
          `${field}.accessPolicy`,
          grant.accessPolicy,
          'not a known EKS access policy',
          `use one of ${EKS_ACCESS_POLICIES.join(', ')}`,
        ),
      );
    }
    issues.push(...checkScope(grant.scope, `${field}.scope`));
    const key = `${grant.principalArn} ${grant.accessPolicy}`;
    if (seen.has(key)) {
      issues.push(
        issue(field, key, 'grants the same policy to the same principal twice', 'remove the duplicate'),
      );
    }
    seen.add(key);
  });
  return issues;
}

function checkScope(scope: AccessScope, field: string): string[] {
  if (scope.type === 'cluster') return [];
  if (scope.type !== 'namespace') {
    return [
      issue(
        `${field}.type`,
        (scope as { type: unknown }).type,
        'unknown scope type',
        'use "cluster" or "namespace"',
      ),
    ];
  }
  if (scope.namespaces.length === 0) {
    return [
      issue(
        `${field}.namespaces`,
        scope.namespaces,
        'a namespace scope needs namespaces',
        'list at least one namespace',
      ),
    ];
  }
  return scope.namespaces.flatMap((namespace, i) => {
    const problem = dnsLabelProblem(namespace);
    return problem
      ? [
          issue(
            `${field}.namespaces[${i}]`,
            namespace,
            `not a valid namespace name: it ${problem}`,
            'use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit, e.g. "shop"',
          ),
        ]
      : [];
  });
}

function checkNodeGroup(nodeGroup: NodeGroupConfig): string[] {
  const issues: string[] = [];
  const { minSize, desiredSize, maxSize } = nodeGroup;
  if (!EKS_NODEGROUP_NAME.test(nodeGroup.name)) {
    issues.push(
      issue(
        'nodeGroup.name',
        nodeGroup.name,
        'not a valid node group name',
        'start with a letter or digit and use only letters, digits, "-" and "_" (at most 63 characters)',
      ),
    );
  }
  if (!INSTANCE_TYPE.test(nodeGroup.instanceType)) {
    issues.push(
      issue(
        'nodeGroup.instanceType',
        nodeGroup.instanceType,
        'not an EC2 instance type (family.size)',
        'use a type such as "t3.medium" or "m6i.large"',
      ),
    );
  }
  for (const [field, value] of Object.entries({ minSize, desiredSize, maxSize })) {
    if (!Number.isInteger(value) || value < 0) {
      issues.push(
        issue(`nodeGroup.${field}`, value, 'must be a whole number of nodes, 0 or more', 'use an integer'),
      );
    }
  }
  if (maxSize < 1) {
    issues.push(
      issue('nodeGroup.maxSize', maxSize, 'a node group needs room for at least one node', 'use 1 or more'),
    );
  }
  if (minSize > maxSize) {
    issues.push(
      issue(
        'nodeGroup.minSize',
        minSize,
        `exceeds nodeGroup.maxSize (${maxSize})`,
        'lower nodeGroup.minSize or raise nodeGroup.maxSize',
      ),
    );
  } else if (desiredSize < minSize || desiredSize > maxSize) {
    issues.push(
      issue(
        'nodeGroup.desiredSize',
        desiredSize,
        `outside [nodeGroup.minSize, nodeGroup.maxSize] = [${minSize}, ${maxSize}]`,
        `choose a value from ${minSize} to ${maxSize}`,
      ),
    );
  }
  if (!Number.isInteger(nodeGroup.diskSizeGiB) || nodeGroup.diskSizeGiB < 20) {
    issues.push(
      issue(
        'nodeGroup.diskSizeGiB',
        nodeGroup.diskSizeGiB,
        'the AL2023 EKS AMI needs at least 20 GiB',
        'use 20 or more',
      ),
    );
  }
  return issues;
}

function checkAddons(addons: AddonVersions, kubernetesVersion: string): string[] {
  const issues = Object.entries(addons)
    .filter(([, version]) => !ADDON_VERSION.test(version))
    .map(([name, version]) =>
      issue(
        `addons.${name}`,
        version,
        'not an EKS add-on version',
        'use the form v1.2.3-eksbuild.4 listed by `aws eks describe-addon-versions`',
      ),
    );
  if (ADDON_VERSION.test(addons.kubeProxy) && !addons.kubeProxy.startsWith(`v${kubernetesVersion}.`)) {
    issues.push(
      issue(
        'addons.kubeProxy',
        addons.kubeProxy,
        `kube-proxy must match the cluster's Kubernetes minor version (${kubernetesVersion})`,
        `use a v${kubernetesVersion}.x-eksbuild.y version`,
      ),
    );
  }
  return issues;
}

function checkCalico(calico: CalicoConfig): string[] {
  return CALICO_CHART_VERSION.test(calico.chartVersion)
    ? []
    : [
        issue(
          'calico.chartVersion',
          calico.chartVersion,
          'only the tigera-operator 3.31.x charts are supported (3.32 moved the CRDs into a separate chart)',
          'use a version such as "v3.31.4"',
        ),
      ];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `overrides` into `base`: nested objects merge, arrays and scalars replace. */
function deepMerge<T>(base: T, overrides: DeepPartial<T> | undefined): T {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return (overrides ?? base) as T;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) result[key] = deepMerge(result[key], value as never);
  }
  return result as T;
}
