import { Construct } from 'constructs';
import { CidrPolicyProps, cidrPeers } from './cidr-block';
import { NetworkPolicy } from './network-policy';
import { requirePorts } from './required-lists';

/** Props of `AllowToCidrs`. */
export type AllowToCidrsProps = CidrPolicyProps;

/** The selected pods may connect to the given address blocks, on the given ports. */
export class AllowToCidrs extends NetworkPolicy {
  public constructor(scope: Construct, id: string, props: AllowToCidrsProps) {
    requirePorts(scope, id, 'spec.egress[0].ports', props.ports);
    const peers = cidrPeers(scope, id, 'spec.egress[0].to', props.cidrs);
    super(scope, id, { ...props, egress: [{ to: peers, ports: props.ports }] });
  }
}
