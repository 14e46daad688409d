/**
 * The environments table: typed, per-environment configuration of the secured EKS stack.
 *
 * `DEFAULT_CONFIG` reproduces the guide's `eksctl create cluster` parameters, secured and brought to a Kubernetes
 * version EKS still creates; each entry of `ENVIRONMENTS` overrides only what differs (select one with
 * `npx cdk synth -c env=<name>`). Every value is validated at synth time (validation.ts) so a bad setting fails
 * before CloudFormation sees it, with a message that names the field, the value and the fix.
 */
import { assertValidConfig, ConfigValidationError, type EKS_ACCESS_POLICIES } from './validation';
import { type AddonVersions, DEFAULT_KUBERNETES_VERSION } from './versions';

/** The name of an EKS access policy a grant may use (see `EKS_ACCESS_POLICIES`). */
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
  /** Kubernetes minor version: one of the version catalogue (versions.ts) that EKS still creates. */
  readonly kubernetesVersion: string;
  /**
   * What EKS does when the version leaves standard support: `STANDARD` upgrades the control plane then, `EXTENDED`
   * keeps it for up to 12 more months at six times the cluster-hour price. Explicit, so no cluster slips into paid
   * extended support unnoticed; a version already in extended support needs `EXTENDED`.
   */
  readonly upgradePolicy: UpgradePolicy;
  /** API server endpoint exposure. */
  readonly endpoint: EndpointConfig;
  /** IAM roles of the people who run the cluster: cluster admins (AmazonEKSClusterAdminPolicy, cluster-wide). */
  readonly adminRoleArns: readonly string[];
  /** IAM roles for emergencies only (cluster admins too), kept apart so their use can be alarmed on in CloudTrail. */
  readonly breakGlassRoleArns: readonly string[];
  /** Further IAM principals (teams, CI) granted access through access entries, each with its policy and scope. */
  readonly access: readonly ClusterAccessGrant[];
  /** How long the control-plane logs and the kubectl handler's logs are kept; a value CloudWatch accepts. */
  readonly logRetentionDays: number;
}

/** The cluster's upgrade policy (EKS `UpgradePolicy.SupportType`). */
export type UpgradePolicy = 'STANDARD' | 'EXTENDED';

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

/** Everything that may differ between environments. */
export interface EnvironmentConfig {
  /** AWS region. The account comes from the CLI environment at deploy time. */
  readonly region: string;
  readonly network: NetworkConfig;
  readonly cluster: ClusterConfig;
  readonly nodeGroup: NodeGroupConfig;
  /**
   * Add-on versions that differ from the version catalogue's pins for `cluster.kubernetesVersion` (each must be
   * made for that version). Empty: the catalogue's pins.
   */
  readonly addons: Partial<AddonVersions>;
  /**
   * The project charts (by id, see charts/index.ts) this environment applies to its cluster, after Calico is
   * ready. `dist/` holds every chart whatever the environment.
   */
  readonly charts: readonly string[];
}

/**
 * Charts every environment applies, prod included: the platform's ClusterNetworkPolicy guardrails and the
 * default-namespace baseline.
 */
export const EVERY_ENVIRONMENT_CHARTS: readonly string[] = ['platform', 'baseline'];
/** The guide's example policies and the shop demo: for trying the project out, not for production. */
export const DEMO_CHARTS: readonly string[] = ['guide', 'shop'];

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
    // The guide asked for 1.31, which EKS no longer creates (extended support ended 2026-11-26).
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
    // A sandbox follows EKS's upgrades rather than paying for extended support.
    upgradePolicy: 'STANDARD',
    endpoint: { publicAccessCidrs: [], allowPublicAccessFromAnywhere: false },
    // No human admin is configured here (synth warns): add your own roles, or pass -c adminPrincipalArn=<ARN>.
    adminRoleArns: [],
    breakGlassRoleArns: [],
    access: [],
    logRetentionDays: 90,
  },
  nodeGroup: {
    name: 'ng-eks',
    instanceType: 't3.medium',
    minSize: 2,
    desiredSize: 3,
    maxSize: 4,
    diskSizeGiB: 20,
  },
  addons: {},
  charts: [...EVERY_ENVIRONMENT_CHARTS, ...DEMO_CHARTS],
};

/** The known environments, selected with `-c env=<name>`. */
export const ENVIRONMENTS: Readonly<Record<string, EnvironmentOverrides>> = {
  default: {},
  prod: {
    network: {
      // Explicit, and checked against their zone IDs (see the README, "Availability zones").
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      natGateways: 3,
      flowLogRetentionDays: 365,
    },
    cluster: {
      name: 'my-eks-cluster-prod',
      // Production may stay on a version for up to 12 paid months while an upgrade is prepared; synth warns.
      upgradePolicy: 'EXTENDED',
      logRetentionDays: 365,
    },
    nodeGroup: { instanceType: 'm6i.large', minSize: 3, desiredSize: 3, maxSize: 6, diskSizeGiB: 50 },
    charts: [...EVERY_ENVIRONMENT_CHARTS],
  },
};

export const DEFAULT_ENVIRONMENT = 'default';

/** Options for `resolveEnvironmentConfig`. */
export interface ResolveOptions {
  /** The day to check the Kubernetes version's support against: the real date in the app, a fixed one in tests. */
  readonly today: Date;
  /**
   * The environments to choose from.
   * @default ENVIRONMENTS
   */
  readonly environments?: Readonly<Record<string, EnvironmentOverrides>>;
  /**
   * An extra cluster-admin role (from `-c adminPrincipalArn=...`), added to the environment's `adminRoleArns` for
   * this deploy only: a role that must survive the next deploy belongs in the configuration.
   * @default - none
   */
  readonly adminPrincipalArn?: string;
}

/** Picks an environment, merges it over the defaults and validates the result. */
export function resolveEnvironmentConfig(name: string, options: ResolveOptions): EnvironmentConfig {
  const environments = options.environments ?? ENVIRONMENTS;
  const overrides = Object.hasOwn(environments, name) ? environments[name] : undefined;
  if (overrides === undefined) {
    const known = Object.keys(environments).join(', ');
    throw new ConfigValidationError(`environment "${name}"`, [
      `env = ${JSON.stringify(name)}: unknown environment. Fix: pass -c env=<one of ${known}>, or add "${name}" to ENVIRONMENTS in lib/cluster/environments.ts.`,
    ]);
  }
  const merged = deepMerge(DEFAULT_CONFIG, overrides);
  const config = options.adminPrincipalArn ? withClusterAdmin(merged, options.adminPrincipalArn) : merged;
  assertValidConfig(config, `environment "${name}"`, options.today);
  return config;
}

function withClusterAdmin(config: EnvironmentConfig, roleArn: string): EnvironmentConfig {
  return {
    ...config,
    cluster: { ...config.cluster, adminRoleArns: [...config.cluster.adminRoleArns, roleArn] },
  };
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
