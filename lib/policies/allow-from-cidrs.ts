import { Construct } from 'constructs';
import { CidrPolicyProps, cidrPeers } from './cidr-block';
import { NetworkPolicy } from './network-policy';
import { requirePorts } from './required-lists';

/** Props of `AllowFromCidrs`. */
export type AllowFromCidrsProps = CidrPolicyProps;

/** The selected pods accept connections from the given address blocks, on the given ports. */
export class AllowFromCidrs extends NetworkPolicy {
  public constructor(scope: Construct, id: string, props: AllowFromCidrsProps) {
    requirePorts(scope, id, 'spec.ingress[0].ports', props.ports);
    const peers = cidrPeers(scope, id, 'spec.ingress[0].from', props.cidrs);
    super(scope, id, { ...props, ingress: [{ from: peers, ports: props.ports }] });
  }
}
