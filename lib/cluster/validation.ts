/**
 * Validation of an environment's configuration: every problem at once, each naming the field, its value and the
 * fix, so a bad setting fails at synth before CloudFormation (or EKS, an hour later) sees it.
 */
import * as logs from 'aws-cdk-lib/aws-logs';
import { canonicalCidr, type Cidr, dnsLabelProblem, parseCidr, strictCidrProblem } from '../kubernetes';
import type {
  AccessScope,
  ClusterAccessGrant,
  ClusterConfig,
  EndpointConfig,
  EnvironmentConfig,
  NetworkConfig,
  NodeGroupConfig,
} from './environments';
import {
  type AddonVersions,
  EKS_LIFECYCLE,
  newestSupportedVersionFix,
  NOT_DEPLOYABLE,
  supportPhase,
  VERSION_CATALOGUE,
} from './versions';

/** The EKS access policies a grant may use (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html). */
export const EKS_ACCESS_POLICIES = [
  'AmazonEKSClusterAdminPolicy',
  'AmazonEKSAdminPolicy',
  'AmazonEKSEditPolicy',
  'AmazonEKSViewPolicy',
  'AmazonEKSAdminViewPolicy',
] as const;
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

/** Throws a `ConfigValidationError` listing every problem of `config` on `today`; `source` names it in the message. */
export function assertValidConfig(config: EnvironmentConfig, source: string, today: Date): void {
  const issues = validateConfig(config, today);
  if (issues.length > 0) throw new ConfigValidationError(source, issues);
}

/** Every problem of `config` on `today`, each naming the field, its value and the fix; empty when valid. */
export function validateConfig(config: EnvironmentConfig, today: Date): string[] {
  const versionIssues = checkKubernetesVersion(config.cluster, today);
  return [
    ...checkRegion(config.region),
    ...checkNetwork(config.network, config.region),
    ...versionIssues,
    ...checkCluster(config.cluster),
    ...checkNodeGroup(config.nodeGroup),
    // Add-on pins are checked against the catalogue entry of a deployable version only.
    ...(versionIssues.length === 0 ? checkAddons(config.addons, config.cluster.kubernetesVersion) : []),
    ...checkCharts(config.charts),
  ];
}

/** The add-on versions an environment deploys: the catalogue's pins for its version, with its overrides. */
export function resolveAddonVersions(config: EnvironmentConfig): AddonVersions {
  return { ...VERSION_CATALOGUE[config.cluster.kubernetesVersion].addons, ...config.addons };
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
const IAM_PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
const IAM_ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;
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
    issues.push(retentionIssue('network.flowLogRetentionDays', network.flowLogRetentionDays));
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
  if (!['STANDARD', 'EXTENDED'].includes(cluster.upgradePolicy)) {
    issues.push(
      issue(
        'cluster.upgradePolicy',
        cluster.upgradePolicy,
        'not an EKS upgrade policy',
        'use "STANDARD" or "EXTENDED"',
      ),
    );
  }
  if (!RETENTION_DAYS.has(cluster.logRetentionDays)) {
    issues.push(retentionIssue('cluster.logRetentionDays', cluster.logRetentionDays));
  }
  issues.push(...checkRoleArns('cluster.adminRoleArns', cluster.adminRoleArns));
  issues.push(...checkRoleArns('cluster.breakGlassRoleArns', cluster.breakGlassRoleArns));
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

function checkAddons(addons: Partial<AddonVersions>, kubernetesVersion: string): string[] {
  const issues: string[] = [];
  for (const [name, version] of Object.entries(addons) as [keyof AddonVersions, string | undefined][]) {
    if (version === undefined) continue;
    const field = `addons.${name}`;
    if (!ADDON_VERSION.test(version)) {
      issues.push(
        issue(
          field,
          version,
          'not an EKS add-on version',
          'use the form v1.2.3-eksbuild.4 listed by `aws eks describe-addon-versions`',
        ),
      );
      continue;
    }
    const madeFor = versionWhosePinIs(name, version);
    const wrongKubeProxy = name === 'kubeProxy' && !version.startsWith(`v${kubernetesVersion}.`);
    if (
      wrongKubeProxy ||
      (madeFor !== undefined && madeFor !== kubernetesVersion && !isPinOf(kubernetesVersion, name, version))
    ) {
      issues.push(
        issue(
          field,
          version,
          `made for Kubernetes ${wrongKubeProxy ? version.slice(1).split('.').slice(0, 2).join('.') : madeFor}, not for the cluster's ${kubernetesVersion}`,
          `remove the override to use the catalogue's pin (${VERSION_CATALOGUE[kubernetesVersion].addons[name]}), or pick a version \`aws eks describe-addon-versions --kubernetes-version ${kubernetesVersion}\` lists`,
        ),
      );
    }
  }
  return issues;
}

function isPinOf(kubernetesVersion: string, name: keyof AddonVersions, version: string): boolean {
  return VERSION_CATALOGUE[kubernetesVersion].addons[name] === version;
}

/** The catalogue version whose pin `version` is, if it is exactly one version's pin. */
function versionWhosePinIs(name: keyof AddonVersions, version: string): string | undefined {
  const versions = Object.keys(VERSION_CATALOGUE).filter((k) => isPinOf(k, name, version));
  return versions.length === 1 ? versions[0] : undefined;
}

function checkCharts(charts: readonly string[]): string[] {
  // Project chart ids (charts/index.ts) are DNS labels; which ids exist is checked by the stack against the charts.
  const issues = charts.flatMap((chart, i) => {
    const problem = dnsLabelProblem(chart);
    return problem === undefined
      ? []
      : [
          issue(
            `charts[${i}]`,
            chart,
            `not a chart id (${problem})`,
            'use the id of a project chart, e.g. "baseline"',
          ),
        ];
  });
  if (new Set(charts).size !== charts.length) {
    issues.push(issue('charts', charts, 'lists a chart twice', 'list each chart once'));
  }
  return issues;
}

/**
 * Refuses a version this stack cannot deploy on `today` (unknown, not in the catalogue, or past the end of EKS
 * extended support), and a version in extended support whose upgrade policy would not keep it there.
 */
function checkKubernetesVersion(cluster: ClusterConfig, today: Date): string[] {
  const field = 'cluster.kubernetesVersion';
  const version = cluster.kubernetesVersion;
  const phase = supportPhase(version, today);
  const fix = newestSupportedVersionFix(today);
  if (phase.phase === 'ended') {
    const why = Object.hasOwn(NOT_DEPLOYABLE, version) ? ` (${NOT_DEPLOYABLE[version]})` : '';
    return [
      issue(
        field,
        version,
        `EKS ended extended support for Kubernetes ${version} on ${phase.since} and no longer creates clusters at this version${why}`,
        fix,
      ),
    ];
  }
  if (Object.hasOwn(NOT_DEPLOYABLE, version)) {
    return [issue(field, version, `not deployable by this stack: ${NOT_DEPLOYABLE[version]}`, fix)];
  }
  if (!Object.hasOwn(VERSION_CATALOGUE, version) || phase.phase === 'unknown') {
    const known = Object.keys(VERSION_CATALOGUE).join(', ');
    return [
      issue(
        field,
        version,
        `not in the version catalogue (${known})`,
        `${fix}; a newer version needs its entries in VERSION_CATALOGUE and EKS_LIFECYCLE (lib/cluster/versions.ts)`,
      ),
    ];
  }
  if (phase.phase === 'extended' && cluster.upgradePolicy !== 'EXTENDED') {
    return [
      issue(
        'cluster.upgradePolicy',
        cluster.upgradePolicy,
        `Kubernetes ${version} is past the end of standard support (${EKS_LIFECYCLE[version].endOfStandardSupport}), so EKS would upgrade the control plane`,
        `set cluster.upgradePolicy to "EXTENDED" (billed at extended-support prices until ${phase.until}), or ${fix}`,
      ),
    ];
  }
  return [];
}

function checkRoleArns(field: string, arns: readonly string[]): string[] {
  const issues = arns
    .map((arn, i) => [arn, i] as const)
    .filter(([arn]) => !IAM_ROLE_ARN.test(arn))
    .map(([arn, i]) =>
      issue(`${field}[${i}]`, arn, 'not an IAM role ARN', 'use arn:aws:iam::<12-digit account>:role/<name>'),
    );
  if (new Set(arns).size !== arns.length)
    issues.push(issue(field, arns, 'lists a role twice', 'list each role once'));
  return issues;
}

function retentionIssue(field: string, days: number): string {
  return issue(
    field,
    days,
    'not a retention period CloudWatch Logs accepts',
    `use one of ${[...RETENTION_DAYS].sort((a, b) => a - b).join(', ')}`,
  );
}
