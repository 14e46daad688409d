import { Construct } from 'constructs';
import { appPeer } from './app-peer';
import { childPath } from './errors';
import { LabelSelector } from './label-selector';
import { NetworkPolicy } from './network-policy';
import { PodAllowProps } from './pod-policy-props';
import { requireSpecificSelector } from './specific-selector';

/** Props of `AllowToApp`. */
export interface AllowToAppProps extends PodAllowProps {
  /** The server pods; must be specific. */
  readonly toPods: LabelSelector;
  /**
   * The namespaces the servers run in (e.g. `LabelSelector.namespaceNamed('shop')`).
   * @default - the policy's own namespace
   */
  readonly toNamespaces?: LabelSelector;
}

/**
 * Egress half of an app-to-app flow: the selected pods may connect to the server app's pods on the given
 * ports. The server's namespace needs the ingress half (`AllowFromApp`) when it denies ingress.
 */
export class AllowToApp extends NetworkPolicy {
  public constructor(scope: Construct, id: string, props: AllowToAppProps) {
    const path = childPath(scope, id);
    requireSpecificSelector(path, 'spec.podSelector', props.podSelector, 'select the client pods');
    requireSpecificSelector(path, 'spec.egress[0].to[0].podSelector', props.toPods, 'select the server pods');
    super(scope, id, {
      ...props,
      egress: [{ to: [appPeer(props.toPods, props.toNamespaces)], ports: props.ports }],
    });
  }
}
