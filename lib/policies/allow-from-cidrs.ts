import { Construct } from 'constructs';
import { CidrPolicyProps, cidrPeers } from './cidr-block';
import { NetworkPolicy } from './network-policy';

/** Props of `AllowFromCidrs`. */
export type AllowFromCidrsProps = CidrPolicyProps;

/** The selected pods accept connections from the given address blocks, on the given ports. */
export class AllowFromCidrs extends NetworkPolicy {
  public constructor(scope: Construct, id: string, props: AllowFromCidrsProps) {
    super(scope, id, { ...props, ingress: [{ from: cidrPeers(props.cidrs), ports: props.ports }] });
  }
}
