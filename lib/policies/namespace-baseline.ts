import { Construct } from 'constructs';
import { AllowDnsEgress } from './allow-dns-egress';
import { DefaultDeny } from './default-deny';

/** Props of `NamespaceBaseline`. */
export interface NamespaceBaselineProps {
  /** The namespace to protect; it may exist already (e.g. `default`). */
  readonly namespace: string;
}

/**
 * The baseline every namespace that runs workloads needs: deny all traffic in both directions (policy
 * `default-deny`), then allow DNS to kube-dns (policy `allow-dns-egress`), without which every pod's name
 * lookups would fail. Workloads then open exactly the flows they need with the Allow* constructs.
 */
export class NamespaceBaseline extends Construct {
  /** The namespace-wide deny of both directions. */
  public readonly defaultDeny: DefaultDeny;
  /** The DNS egress every pod needs once egress is denied. */
  public readonly dnsEgress: AllowDnsEgress;

  public constructor(scope: Construct, id: string, props: NamespaceBaselineProps) {
    super(scope, id);
    this.defaultDeny = new DefaultDeny(this, 'default-deny', { namespace: props.namespace });
    this.dnsEgress = new AllowDnsEgress(this, 'allow-dns-egress', { namespace: props.namespace });
  }
}
