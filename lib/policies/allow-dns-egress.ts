import { Construct } from 'constructs';
import { CLUSTER_DNS_NAMESPACE, CLUSTER_DNS_POD_LABELS } from '../kubernetes';
import { LabelSelector } from './label-selector';
import { NetworkPolicy, PolicyMetadataProps } from './network-policy';
import { Peer } from './peer';
import { Port } from './port';
import { requireSpecificSelectors } from './specific-selector';

/** Props of `AllowDnsEgress`. */
export interface AllowDnsEgressProps extends PolicyMetadataProps {
  /**
   * The pods that may resolve names. A namespace that denies egress by default needs this for every pod.
   * @default LabelSelector.all() - every pod of the namespace
   */
  readonly podSelector?: LabelSelector;
  /**
   * The namespace of the cluster DNS pods.
   * @default 'kube-system'
   */
  readonly dnsNamespace?: string;
  /**
   * The labels of the cluster DNS pods (CoreDNS on EKS keeps the historical kube-dns label); must be specific,
   * or every pod of the DNS namespace would be reachable on port 53.
   * @default LabelSelector.matchLabels({ 'k8s-app': 'kube-dns' })
   */
  readonly dnsPodSelector?: LabelSelector;
}

/**
 * Allows the selected pods to query the cluster DNS (UDP and TCP 53) and nothing else. Default-deny egress
 * blocks DNS too; TCP is needed for answers too large for UDP. Both the namespace and the pods are matched
 * (one peer, AND), so a pod labelled `k8s-app: kube-dns` in some other namespace is not a DNS server.
 */
export class AllowDnsEgress extends NetworkPolicy {
  public constructor(scope: Construct, id: string, props: AllowDnsEgressProps = {}) {
    const dnsPods = props.dnsPodSelector ?? LabelSelector.matchLabels({ ...CLUSTER_DNS_POD_LABELS });
    requireSpecificSelectors(scope, id, [
      'spec.egress[0].to[0].podSelector',
      dnsPods,
      "select the DNS pods, e.g. LabelSelector.matchLabels({ 'k8s-app': 'kube-dns' })",
    ]);
    const dnsNamespace = LabelSelector.namespaceNamed(props.dnsNamespace ?? CLUSTER_DNS_NAMESPACE);
    super(scope, id, {
      ...props,
      podSelector: props.podSelector ?? LabelSelector.all(),
      egress: [{ to: [Peer.podsInNamespaces(dnsPods, dnsNamespace)], ports: [Port.udp(53), Port.tcp(53)] }],
    });
  }
}
