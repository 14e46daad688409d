#!/usr/bin/env node
/**
 * The CDK app: `npx cdk synth|deploy [-c env=<name>] [-c adminPrincipalArn=<IAM role ARN>]`.
 *
 * One cdk8s App holds the project's NetworkPolicy charts: they are written to `dist/` (one YAML file per chart)
 * and the very same chart objects are applied to the cluster, so what is reviewed is what is deployed.
 * cdk-nag's AwsSolutions and NIST 800-53 rev 5 checks run on every synth; an unacknowledged finding fails it.
 * The Kubernetes version's EKS support is checked against today's date (a version past extended support fails,
 * one in extended support warns).
 */
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { synthProjectCharts } from '../charts';
import { DEFAULT_ENVIRONMENT, resolveEnvironmentConfig, SecureEksStack } from '../lib/cluster';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
const today = new Date();

const environmentName = String(app.node.tryGetContext('env') ?? DEFAULT_ENVIRONMENT);
const adminPrincipalArn: string | undefined = app.node.tryGetContext('adminPrincipalArn');
const config = resolveEnvironmentConfig(environmentName, { adminPrincipalArn, today });

const charts = synthProjectCharts(path.join(__dirname, '..', 'dist'));

new SecureEksStack(app, `SecureEks-${environmentName}`, {
  description: `Secured EKS cluster ${config.cluster.name} with Calico-enforced NetworkPolicies (environment ${environmentName})`,
  config,
  environmentName,
  today,
  // Set by the CDK CLI from the credentials it runs with; without credentials (the offline synth) the stack is
  // account-agnostic, and `cdk deploy` always has credentials, so the stack lands in their account.
  account: process.env.CDK_DEFAULT_ACCOUNT,
  charts,
});
