import { Construct } from 'constructs';
import { CLUSTER_DNS_NAMESPACE, CLUSTER_DNS_POD_LABELS, CNP_PRIORITY_MAX } from '../../kubernetes';
import { LabelSelector } from '../label-selector';
import { ClusterNetworkPolicy } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { ClusterPolicySubject } from './cluster-policy-subject';
import { ClusterPort } from './cluster-port';
import { ClusterEgressRule } from './cluster-rule';
import { namespacesExcept } from './namespaces-except';
import { SYSTEM_NAMESPACES } from './system-namespaces';

/** Every IPv4 and every IPv6 address: with pod IPs included, as `networks` matches cluster traffic too. */
export const ALL_NETWORKS: readonly string[] = ['0.0.0.0/0', '::/0'];

/** Props of `BaselineDefaultDeny`. */
export interface BaselineDefaultDenyProps {
  /**
   * The policy's name.
   * @default 'baseline-default-deny'
   */
  readonly name?: string;
  /**
   * The priority in the Baseline tier. The default, 1000, is evaluated after every other Baseline policy, so they
   * can accept traffic before this denies the rest.
   * @default 1000
   */
  readonly priority?: number;
  /**
   * Namespaces left out of the default deny, by name, on purpose.
   * @default SYSTEM_NAMESPACES - kube-system, calico-system, tigera-operator
   */
  readonly exemptNamespaces?: readonly string[];
  /**
   * Whether every covered pod may query the cluster DNS (UDP and TCP 53), so a deny-by-default namespace still
   * resolves names.
   * @default true
   */
  readonly allowDns?: boolean;
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
 * The cluster-wide answer to "cover every pod": a Baseline-tier ClusterNetworkPolicy that denies all traffic into
 * and out of every pod of every namespace, present and future, except the exempted ones, and lets them query the
 * cluster DNS. Baseline is evaluated after NetworkPolicies, so a namespace's own NetworkPolicies override it for
 * the pods (and directions) they select: a team opens what it needs with ordinary NetworkPolicies, and a namespace
 * created tomorrow is closed until it does.
 *
 * What it cannot do: ClusterNetworkPolicy ingress peers are pods only, so traffic into pods from outside the
 * cluster, from nodes and from host-network pods (kubelet probes, load balancers, NodePorts) is not matched and
 * stays as the NetworkPolicies leave it. Egress is complete: `networks` 0.0.0.0/0 and ::/0 match every address.
 */
export class BaselineDefaultDeny extends Construct {
  /** The ClusterNetworkPolicy. */
  public readonly policy: ClusterNetworkPolicy;
  /** The namespaces left out, as given. */
  public readonly exemptNamespaces: readonly string[];

  public constructor(scope: Construct, id: string, props: BaselineDefaultDenyProps = {}) {
    super(scope, id);
    this.exemptNamespaces = props.exemptNamespaces ?? SYSTEM_NAMESPACES;
    const egress: ClusterEgressRule[] = [];
    if (props.allowDns ?? true) {
      const dnsPods = props.dnsPodSelector ?? LabelSelector.matchLabels({ ...CLUSTER_DNS_POD_LABELS });
      egress.push({
        name: 'allow-cluster-dns',
        action: 'Accept',
        to: [
          ClusterPeer.pods(
            LabelSelector.namespaceNamed(props.dnsNamespace ?? CLUSTER_DNS_NAMESPACE),
            dnsPods,
          ),
        ],
        ports: [ClusterPort.udp(53), ClusterPort.tcp(53)],
      });
    }
    egress.push({
      name: 'deny-all-egress',
      action: 'Deny',
      to: [ClusterPeer.allNamespaces(), ClusterPeer.networks(...ALL_NETWORKS)],
    });
    this.policy = new ClusterNetworkPolicy(this, 'Policy', {
      name: props.name ?? 'baseline-default-deny',
      tier: 'Baseline',
      priority: props.priority ?? CNP_PRIORITY_MAX,
      subject: ClusterPolicySubject.namespaces(
        namespacesExcept(this, 'exemptNamespaces', this.exemptNamespaces),
      ),
      ingress: [{ name: 'deny-all-ingress', action: 'Deny', from: [ClusterPeer.allNamespaces()] }],
      egress,
    });
  }
}
