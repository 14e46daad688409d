/**
 * The Kubernetes API's own rules for the fields of a NetworkPolicy (apimachinery validation and
 * pkg/apis/networking/validation): pure predicates that return why a value is invalid, or undefined, plus CIDR
 * parsing and containment, where the cluster DNS runs, and the ClusterNetworkPolicy API (v1alpha2). One implementation with two users, and no dependency
 * on either:
 * - `lib/policies` (the constructs) checks what it writes, adds the construct path, the field, the value and a
 *   fix, and on purpose adds stricter checks of its own (e.g. `strictCidrProblem`, no empty selector by accident);
 * - `lib/analysis` (the analyzer) checks what it reads exactly as the API server does, and adds the file, the
 *   document index and the field path.
 */
export * from './cidr';
export * from './cluster-network-policy';
export * from './cluster-network-policy-object';
export * from './cluster-dns';
export * from './label-selector';
export * from './names';
export * from './network-policy-port';
export * from './policy-types';
