import { Construct } from 'constructs';
import { CLUSTER_DNS_NAMESPACE, CLUSTER_DNS_POD_LABELS } from '../../kubernetes';
import { LabelSelector } from '../label-selector';
import { ClusterNetworkPolicy } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { ClusterPolicySubject } from './cluster-policy-subject';
import { ClusterPort } from './cluster-port';
import { SYSTEM_NAMESPACES } from './system-namespaces';

/** Props of `ProtectSystemNamespaces`. */
export interface ProtectSystemNamespacesProps {
  /**
   * The name of the protecting policy; the DNS policy is named `<name>-dns`.
   * @default 'protect-system-namespaces'
   */
  readonly name?: string;
  /**
   * The namespaces protected, by name.
   * @default SYSTEM_NAMESPACES - kube-system, calico-system, tigera-operator
   */
  readonly namespaces?: readonly string[];
  /**
   * Other namespaces whose pods may still reach the protected ones (e.g. a monitoring namespace that scrapes them).
   * @default [] - only the protected namespaces reach each other
   */
  readonly trustedNamespaces?: readonly string[];
  /**
   * The Admin priority of the DNS policy, which must come before `priority`.
   * @default 20
   */
  readonly dnsPriority?: number;
  /**
   * The Admin priority of the protecting policy.
   * @default 30
   */
  readonly priority?: number;
  /**
   * The namespace of the cluster DNS pods.
   * @default 'kube-system'
   */
  readonly dnsNamespace?: string;
  /**
   * The cluster DNS pods.
   * @default LabelSelector.matchLabels({ 'k8s-app': 'kube-dns' })
   */
  readonly dnsPodSelector?: LabelSelector;
}

/**
 * Admin-tier ClusterNetworkPolicies that keep other namespaces' pods away from the system namespaces, whatever the
 * NetworkPolicies say: traffic into them from the protected and trusted namespaces is passed on (their own
 * NetworkPolicies, then the baseline, decide), traffic from any other pod is denied. The cluster DNS stays open to
 * every pod on UDP and TCP 53 through a first policy that passes those queries on, so that the deny does not break
 * name resolution. Traffic from the control plane, nodes and host-network pods is not matched (a
 * ClusterNetworkPolicy ingress peer is pods only): webhooks and the API server's calls keep working.
 */
export class ProtectSystemNamespaces extends Construct {
  /** The policy passing DNS queries from every pod to the cluster DNS. */
  public readonly dnsPolicy: ClusterNetworkPolicy;
  /** The policy denying other namespaces' traffic into the protected ones. */
  public readonly policy: ClusterNetworkPolicy;

  public constructor(scope: Construct, id: string, props: ProtectSystemNamespacesProps = {}) {
    super(scope, id);
    const name = props.name ?? 'protect-system-namespaces';
    const namespaces = props.namespaces ?? SYSTEM_NAMESPACES;
    const dnsPods = props.dnsPodSelector ?? LabelSelector.matchLabels({ ...CLUSTER_DNS_POD_LABELS });
    this.dnsPolicy = new ClusterNetworkPolicy(this, 'Dns', {
      name: `${name}-dns`,
      tier: 'Admin',
      priority: props.dnsPriority ?? 20,
      subject: ClusterPolicySubject.pods(
        LabelSelector.namespaceNamed(props.dnsNamespace ?? CLUSTER_DNS_NAMESPACE),
        dnsPods,
      ),
      ingress: [
        {
          name: 'pass-dns-queries',
          action: 'Pass',
          from: [ClusterPeer.allNamespaces()],
          ports: [ClusterPort.udp(53), ClusterPort.tcp(53)],
        },
      ],
    });
    this.policy = new ClusterNetworkPolicy(this, 'Policy', {
      name,
      tier: 'Admin',
      priority: props.priority ?? 30,
      subject: ClusterPolicySubject.namespaceNamed(...namespaces),
      ingress: [
        {
          name: 'pass-system-and-trusted',
          action: 'Pass',
          from: [ClusterPeer.namespaceNamed(...namespaces, ...(props.trustedNamespaces ?? []))],
        },
        { name: 'deny-other-namespaces', action: 'Deny', from: [ClusterPeer.allNamespaces()] },
      ],
    });
  }
}
