import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { PodPolicyProps } from './pod-policy-props';
import { requireSpecificSelectors } from './specific-selector';

/** Props of `DenyAllToPod`. */
export type DenyAllToPodProps = PodPolicyProps;

/**
 * The guide's "deny all traffic to a pod": isolates the selected pods in both directions and allows nothing,
 * so only other policies that select them can open specific flows.
 */
export class DenyAllToPod extends NetworkPolicy {
  public constructor(scope: Construct, id: string, props: DenyAllToPodProps) {
    requireSpecificSelectors(scope, id, [
      'spec.podSelector',
      props.podSelector,
      'select the pods to isolate, or use DefaultDeny for the whole namespace',
    ]);
    super(scope, id, { ...props, ingress: [], egress: [] });
  }
}
