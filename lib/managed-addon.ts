import * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

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
