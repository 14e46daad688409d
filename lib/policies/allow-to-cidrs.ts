import { Construct } from 'constructs';
import { CidrPolicyProps, cidrPeers } from './cidr-block';
import { NetworkPolicy } from './network-policy';

/** Props of `AllowToCidrs`. */
export type AllowToCidrsProps = CidrPolicyProps;

/** The selected pods may connect to the given address blocks, on the given ports. */
export class AllowToCidrs extends NetworkPolicy {
  public constructor(scope: Construct, id: string, props: AllowToCidrsProps) {
    super(scope, id, { ...props, egress: [{ to: cidrPeers(props.cidrs), ports: props.ports }] });
  }
}
