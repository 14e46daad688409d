import { Construct } from 'constructs';
import { CidrBlock, cidrPeers } from './cidr-block';
import { NetworkPolicy } from './network-policy';
import { PodPolicyProps } from './pod-policy-props';
import { Port } from './port';

/** Props of `AllowToCidrs`. */
export interface AllowToCidrsProps extends PodPolicyProps {
  /** The destination address blocks (at least one). */
  readonly cidrs: CidrBlock[];
  /** The destination ports (at least one). */
  readonly ports: Port[];
}

/** The selected pods may connect to the given address blocks, on the given ports. */
export class AllowToCidrs extends NetworkPolicy {
  public constructor(scope: Construct, id: string, props: AllowToCidrsProps) {
    super(scope, id, { ...props, egress: [{ to: cidrPeers(props.cidrs), ports: props.ports }] });
  }
}
