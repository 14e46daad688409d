/**
 * The namespaces the cluster's own components run in, which the cluster-wide guardrails exempt on purpose (the
 * baseline default deny) or protect (`ProtectSystemNamespaces`): a guardrail that cut them off would break the
 * cluster it guards. Pass your own list to each guardrail to change it; this is only the default.
 * - `kube-system`: the EKS add-ons this project installs (Amazon VPC CNI `aws-node`, `kube-proxy`, CoreDNS; see
 *   lib/cluster/addons.ts), all deployed there by EKS;
 * - `calico-system`: Calico's components as installed by the Tigera operator (calico-node, typha, kube-controllers,
 *   and since Calico 3.31 the Calico API server, moved there from `calico-apiserver`: projectcalico/calico#10574);
 * - `tigera-operator`: the operator itself (lib/cluster/calico.ts installs both its charts there).
 * Host-network pods (aws-node, kube-proxy, calico-node) are never subjects or peers of a ClusterNetworkPolicy
 * anyway (the API excludes them); the exemption is for the others, e.g. CoreDNS and calico-kube-controllers.
 */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'calico-system', 'tigera-operator'];
