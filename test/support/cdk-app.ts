/**
 * CDK test apps that synthesize like `npm run synth`: the feature flags of cdk.json, cdk-nag's AwsSolutions
 * checks as a validation plugin (an unacknowledged finding fails the synth, hence the test), and asset
 * staging off, which skips copying the ~55 MB of kubectl/awscli layer zips while keeping their hashes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { DISABLE_ASSET_STAGING_CONTEXT } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';

const CDK_JSON = path.join(__dirname, '..', '..', 'cdk.json');

/** Options of {@link createTestApp}. */
export interface TestAppOptions {
  /**
   * Run cdk-nag on synth, as bin/app.ts does.
   * @default true
   */
  readonly nag?: boolean;
}

export function createTestApp(options: TestAppOptions = {}): App {
  const { context } = JSON.parse(fs.readFileSync(CDK_JSON, 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ context: { ...context, [DISABLE_ASSET_STAGING_CONTEXT]: true } });
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
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
