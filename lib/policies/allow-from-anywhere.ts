import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { Peer } from './peer';
import { PodAllowProps } from './pod-policy-props';
import { requirePorts } from './required-lists';
import { requireSpecificSelectors } from './specific-selector';

/** Props of `AllowFromAnywhere`: the public pods and their public ports. */
export type AllowFromAnywhereProps = PodAllowProps;

/**
 * A public entry point: the selected pods accept connections from every source, inside the cluster or outside,
 * on the given ports only. Uses a rule without `from` rather than `0.0.0.0/0`, because whether an ipBlock
 * matches pod addresses is left to the network plugin; "any source" is portable.
 */
export class AllowFromAnywhere extends NetworkPolicy {
  public constructor(scope: Construct, id: string, props: AllowFromAnywhereProps) {
    requireSpecificSelectors(scope, id, ['spec.podSelector', props.podSelector, 'select the public pods']);
    requirePorts(scope, id, 'spec.ingress[0].ports', props.ports);
    super(scope, id, { ...props, ingress: [{ from: [Peer.any()], ports: props.ports }] });
  }
}
