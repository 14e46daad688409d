/**
 * CDK test apps that synthesize like `npm run synth`: the feature flags of cdk.json, cdk-nag's AwsSolutions and
 * NIST 800-53 rev 5 checks as validation plugins (an unacknowledged finding fails the synth, hence the test), and asset
 * staging off, which skips copying the ~55 MB of kubectl/awscli layer zips while keeping their hashes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { DISABLE_ASSET_STAGING_CONTEXT } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { DEFAULT_KUBERNETES_VERSION, VERSION_CATALOGUE } from '../../lib/cluster';

const CDK_JSON = path.join(__dirname, '..', '..', 'cdk.json');

/** Options of {@link createTestApp}. */
export interface TestAppOptions {
  /**
   * Validate on synth as `npm run synth` does: cdk-nag, and CDK's built-in CloudFormation validation. Construct
   * tests turn it off: loading the built-in validator alone costs about 3 s per test file.
   * @default true
   */
  readonly validation?: boolean;
}

export function createTestApp(options: TestAppOptions = {}): App {
  const { context } = JSON.parse(fs.readFileSync(CDK_JSON, 'utf8')) as { context: Record<string, unknown> };
  const validation = options.validation ?? true;
  const app = new App({
    context: { ...context, [DISABLE_ASSET_STAGING_CONTEXT]: true },
    builtinCloudFormationValidation: validation,
  });
  if (validation) Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
  return app;
}

const ASSET_HASH = /[0-9a-f]{64}/g;

/**
 * The template with asset hashes (64 hex digits, in S3 keys and asset paths) replaced by a placeholder, so a
 * snapshot changes with the infrastructure, not with a rebuilt Lambda bundle or layer.
 */
export function normalizeAssetHashes(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(ASSET_HASH, '<asset-hash>'));
}

/**
 * A stack holding a bare 1.36 cluster (no capacity) for construct tests, with the kubectl handler only when
 * the construct applies Kubernetes resources.
 */
export function createClusterStack(
  id: string,
  options: {
    /**
     * Give the cluster its kubectl handler (Lambda and layer).
     * @default false
     */
    readonly kubectl?: boolean;
  } = {},
): { stack: Stack; cluster: eks.Cluster } {
  const stack = new Stack(createTestApp({ validation: false }), id);
  // The default version's entry, so this helper follows the catalogue when the default moves.
  const support = VERSION_CATALOGUE[DEFAULT_KUBERNETES_VERSION];
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: support.version,
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
    kubectlProviderOptions: options.kubectl
      ? { kubectlLayer: support.kubectlLayer(stack, 'KubectlLayer') }
      : undefined,
  });
  return { stack, cluster };
}

/** The logical id of the CloudFormation resource behind `construct` (an L2 construct or the resource itself). */
export function logicalIdOfConstruct(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
}
