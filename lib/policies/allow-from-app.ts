import { Construct } from 'constructs';
import { appFlowRule } from './app-peer';
import { LabelSelector } from './label-selector';
import { NetworkPolicy } from './network-policy';
import { PodAllowProps } from './pod-policy-props';

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
    const other = { pods: props.fromPods, namespaces: props.fromNamespaces };
    super(scope, id, { ...props, ...appFlowRule(scope, id, 'ingress', props, other) });
  }
}
