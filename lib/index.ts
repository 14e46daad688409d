/**
 * The package entry point: the NetworkPolicy construct library, the secured EKS stack and its constructs, and
 * (as `analysis`) the NetworkPolicy evaluator, so a team can prove its own charts' intent the way this project does.
 */
export * from './policies';
export * from './cluster';
export * as analysis from './analysis';
