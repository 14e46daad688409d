import { Construct } from 'constructs';
import { CidrBlock, cidrPeers } from './cidr-block';
import { NetworkPolicy } from './network-policy';
import { PodPolicyProps } from './pod-policy-props';
import { Port } from './port';

/** Props of `AllowFromCidrs`. */
export interface AllowFromCidrsProps extends PodPolicyProps {
  /** The source address blocks (at least one). */
  readonly cidrs: CidrBlock[];
  /** The ports the sources may connect to (at least one). */
  readonly ports: Port[];
}

/** The selected pods accept connections from the given address blocks, on the given ports. */
export class AllowFromCidrs extends NetworkPolicy {
  public constructor(scope: Construct, id: string, props: AllowFromCidrsProps) {
    super(scope, id, { ...props, ingress: [{ from: cidrPeers(props.cidrs), ports: props.ports }] });
  }
}
