import { Construct } from 'constructs';
import { appPeer } from './app-peer';
import { childPath } from './errors';
import { LabelSelector } from './label-selector';
import { NetworkPolicy } from './network-policy';
import { PodAllowProps } from './pod-policy-props';
import { requireSpecificSelector } from './specific-selector';

/** Props of `AllowFromApp`. */
export interface AllowFromAppProps extends PodAllowProps {
  /** The client pods; must be specific. */
  readonly fromPods: LabelSelector;
  /**
   * The namespaces the clients run in (e.g. `LabelSelector.namespaceNamed('web')`).
   * @default - the policy's own namespace
   */
  readonly fromNamespaces?: LabelSelector;
}

/**
 * Ingress half of an app-to-app flow: the selected pods accept connections from the client app's pods on
 * the given ports. The client's namespace needs the egress half (`AllowToApp`) when it denies egress.
 */
export class AllowFromApp extends NetworkPolicy {
  public constructor(scope: Construct, id: string, props: AllowFromAppProps) {
    const path = childPath(scope, id);
    requireSpecificSelector(path, 'spec.podSelector', props.podSelector, 'select the server pods');
    requireSpecificSelector(
      path,
      'spec.ingress[0].from[0].podSelector',
      props.fromPods,
      'select the client pods, or use AllowFromNamespace',
    );
    super(scope, id, {
      ...props,
      ingress: [{ from: [appPeer(props.fromPods, props.fromNamespaces)], ports: props.ports }],
    });
  }
}
