/**
 * The repository's entry point: the NetworkPolicy construct library, the secured EKS stack and its constructs, and
 * (as `analysis`) the NetworkPolicy evaluator, for the CDK app and the tests.
 *
 * The npm package publishes less (package.json `exports`, built by `npm run build`): its root is lib/policies (the
 * constructs), `secure-eks-netpol/analysis` is lib/analysis, and `netpol` is the compiled CLI. The stack and its
 * AWS CDK dependencies stay in this repository, so an application team's install pulls neither aws-cdk-lib nor
 * cdk-nag.
 */
export * from './policies';
export * from './cluster';
export * as analysis from './analysis';
