/**
 * The EKS managed add-ons the cluster runs: the Amazon VPC CNI (with its own IRSA role), kube-proxy and CoreDNS,
 * each pinned to a version from the version catalogue (versions.ts) unless the environment overrides it.
 */
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnJson } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Options of {@link addManagedAddon}. */
export interface ManagedAddonOptions {
  readonly cluster: eks.ICluster;
  /** EKS add-on name, e.g. `coredns`. */
  readonly name: string;
  /** Pinned version, so an upgrade is a reviewed change and never a surprise at deploy time. */
  readonly version: string;
  /**
   * Add-on configuration (its JSON schema: `aws eks describe-addon-configuration`).
   * @default - the add-on's defaults
   */
  readonly configurationValues?: Record<string, unknown>;
  /**
   * IAM role for the add-on's service account (IRSA).
   * @default - none: the add-on needs no AWS permissions
   */
  readonly serviceAccountRole?: iam.IRole;
}

/** An EKS managed add-on whose configuration in code wins over any drift on the cluster. */
export function addManagedAddon(scope: Construct, id: string, options: ManagedAddonOptions): eks.Addon {
  const addon = new eks.Addon(scope, id, {
    cluster: options.cluster,
    addonName: options.name,
    addonVersion: options.version,
    configurationValues: options.configurationValues,
  });
  const resource = addon.node.defaultChild as eks.CfnAddon;
  resource.resolveConflicts = 'OVERWRITE';
  if (options.serviceAccountRole) {
    // eks.Addon has no role property: set it on the underlying resource.
    resource.serviceAccountRoleArn = options.serviceAccountRole.roleArn;
  }
  return addon;
}

/** The service account the VPC CNI daemon set (`aws-node`) runs as. */
const VPC_CNI_SERVICE_ACCOUNT = { namespace: 'kube-system', name: 'aws-node' } as const;

/** Properties of {@link VpcCniAddon}. */
export interface VpcCniAddonProps {
  /** The cluster to install the add-on into; the role trusts the cluster's IAM OIDC provider. */
  readonly cluster: eks.Cluster;
  /** Pinned add-on version, e.g. `v1.19.0-eksbuild.1`. */
  readonly addonVersion: string;
}

/**
 * The Amazon VPC CNI as an EKS managed add-on with its own IRSA role. Least privilege here is who holds the
 * permissions (only `aws-node`, not every pod on the node), not their breadth: the role carries AWS's managed
 * `AmazonEKS_CNI_Policy`, the policy the CNI is documented and tested with (EKS user guide, "Configure the Amazon
 * VPC CNI plugin to use IRSA"); a narrower hand-written policy could break pod networking in ways no offline test
 * shows.
 *
 * The node role carries no CNI permissions, so only `aws-node` (through its service account token) can
 * manage ENIs and addresses. The add-on's own network policy agent stays off because Calico enforces
 * NetworkPolicies: two engines programming the same pods conflict. `ANNOTATE_POD_IP` lets Calico read a
 * pod's IP from its annotation instead of waiting for the API server, as Calico's EKS guide asks.
 */
export class VpcCniAddon extends Construct {
  /** The IRSA role of `aws-node`. */
  readonly role: iam.Role;
  readonly addon: eks.Addon;

  constructor(scope: Construct, id: string, props: VpcCniAddonProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      description: `IRSA role of ${VPC_CNI_SERVICE_ACCOUNT.namespace}/${VPC_CNI_SERVICE_ACCOUNT.name} (Amazon VPC CNI)`,
      assumedBy: serviceAccountPrincipal(this, props.cluster.openIdConnectProvider, VPC_CNI_SERVICE_ACCOUNT),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKS_CNI_Policy')],
    });
    this.addon = addManagedAddon(this, 'Addon', {
      cluster: props.cluster,
      name: 'vpc-cni',
      version: props.addonVersion,
      configurationValues: { enableNetworkPolicy: 'false', env: { ANNOTATE_POD_IP: 'true' } },
      serviceAccountRole: this.role,
    });
  }
}

/**
 * Trusts exactly one Kubernetes service account through the cluster's OIDC provider. The issuer is a
 * deploy-time token, and tokens cannot be JSON keys, hence `CfnJson` for the condition.
 */
function serviceAccountPrincipal(
  scope: Construct,
  provider: iam.IOpenIdConnectProvider,
  account: { namespace: string; name: string },
): iam.IPrincipal {
  const issuer = provider.openIdConnectProviderIssuer;
  const conditions = new CfnJson(scope, 'TrustConditions', {
    value: {
      [`${issuer}:sub`]: `system:serviceaccount:${account.namespace}:${account.name}`,
      [`${issuer}:aud`]: 'sts.amazonaws.com',
    },
  });
  return new iam.OpenIdConnectPrincipal(provider, { StringEquals: conditions });
}
