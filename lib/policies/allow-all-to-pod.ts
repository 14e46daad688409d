import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { Peer } from './peer';
import { PodPolicyProps } from './pod-policy-props';
import { requireSpecificSelectors } from './specific-selector';

/** Props of `AllowAllToPod`. */
export type AllowAllToPodProps = PodPolicyProps;

/**
 * The guide's "allow all traffic to a specific pod": the selected pods accept every incoming and make every
 * outgoing connection (`ingress: [{}]`, `egress: [{}]`), whatever other policies selecting them say.
 */
export class AllowAllToPod extends NetworkPolicy {
  public constructor(scope: Construct, id: string, props: AllowAllToPodProps) {
    requireSpecificSelectors(scope, id, [
      'spec.podSelector',
      props.podSelector,
      'select the pods to open up',
    ]);
    super(scope, id, { ...props, ingress: [{ from: [Peer.any()] }], egress: [{ to: [Peer.any()] }] });
  }
}
