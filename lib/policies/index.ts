// The library's public API: the constructs, their props and the types they take. Helpers shared between
// constructs (rule rendering, CIDR peers, label and annotation validation) stay internal.
export * from './allow-all-to-pod';
export * from './allow-app-traffic';
export * from './allow-dns-egress';
export * from './allow-from-anywhere';
export * from './allow-from-app';
export * from './allow-from-cidrs';
export * from './allow-from-namespace';
export * from './allow-to-app';
export * from './allow-to-cidrs';
export * from './block-all-incoming';
export * from './block-all-outgoing';
export type { CidrBlock, CidrPolicyProps } from './cidr-block';
export * from './default-deny';
export * from './deny-all-to-pod';
export {
  Label,
  LabelSelector,
  NAMESPACE_NAME_LABEL,
  type LabelOperator,
  type LabelRequirement,
  type LabelSelectorSpec,
} from './label-selector';
export type { AcknowledgeableLintRule, LintAcknowledgements } from './lint-acknowledgements';
export * from './namespace-baseline';
export * from './network-policy';
export { OrderedKubeNetworkPolicy } from './ordered-network-policy-object';
export * from './peer';
export * from './pod-policy-props';
export * from './port';
export type { EgressRule, IngressRule } from './rule';
export * from './secure-namespace';
export * from './cluster';
