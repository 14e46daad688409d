import { Construct } from 'constructs';
import { childPath } from './errors';
import { NetworkPolicy } from './network-policy';
import { Peer } from './peer';
import { PodPolicyProps } from './pod-policy-props';
import { Port } from './port';
import { requireSpecificSelector } from './specific-selector';

/** Props of `AllowFromAnywhere`. */
export interface AllowFromAnywhereProps extends PodPolicyProps {
  /** The public ports (at least one): opening every port of a public pod is never what is meant. */
  readonly ports: Port[];
}

/**
 * A public entry point: the selected pods accept connections from every source, inside the cluster or outside,
 * on the given ports only. Uses a rule without `from` rather than `0.0.0.0/0`, because whether an ipBlock
 * matches pod addresses is left to the network plugin; "any source" is portable.
 */
export class AllowFromAnywhere extends NetworkPolicy {
  public constructor(scope: Construct, id: string, props: AllowFromAnywhereProps) {
    requireSpecificSelector(
      childPath(scope, id),
      'spec.podSelector',
      props.podSelector,
      'select the public pods',
    );
    super(scope, id, { ...props, ingress: [{ from: [Peer.any()], ports: props.ports }] });
  }
}
