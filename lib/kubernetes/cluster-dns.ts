/**
 * Where the cluster DNS runs: CoreDNS (on EKS as on kubeadm clusters) keeps the historical `k8s-app: kube-dns`
 * label, in `kube-system`. The construct library's DNS egress opens these pods by default and the analyzer's
 * `egress-deny-without-dns` lint checks that they are reachable: one definition, so the two cannot disagree.
 */
export const CLUSTER_DNS_NAMESPACE = 'kube-system';

/** The labels of the cluster DNS pods. */
export const CLUSTER_DNS_POD_LABELS: Readonly<Record<string, string>> = { 'k8s-app': 'kube-dns' };
