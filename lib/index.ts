/**
 * The package entry point: the NetworkPolicy construct library, the secured EKS stack and its constructs, and
 * (as `analysis`) the NetworkPolicy evaluator, so a team can prove its own charts' intent the way this project does.
 */
export * from './policies';
export * from './config';
export * from './secure-eks-stack';
export * from './network';
export * from './vpc-cni-addon';
export * from './managed-addon';
export * from './node-group';
export * from './cluster-access';
export * from './calico-policy-engine';
export * as analysis from './analysis';
