// Cluster-wide guardrails: ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2) constructs.
export { ALL_NETWORKS, BaselineDefaultDeny, type BaselineDefaultDenyProps } from './baseline-default-deny';
export * from './cluster-network-policy';
export * from './cluster-peer';
export * from './cluster-policy-subject';
export * from './cluster-port';
export type {
  ClusterEgressRule,
  ClusterIngressRule,
  ClusterPolicyAction,
  ClusterRuleOptions,
} from './cluster-rule';
export * from './delegate-to-namespace-policies';
export * from './deny-instance-metadata';
export * from './isolate-tenants';
export * from './protect-system-namespaces';
export * from './system-namespaces';
