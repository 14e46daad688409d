import { Construct } from 'constructs';
import { appFlowRule } from './app-peer';
import { LabelSelector } from './label-selector';
import { NetworkPolicy } from './network-policy';
import { PodAllowProps } from './pod-policy-props';

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
    const other = { pods: props.toPods, namespaces: props.toNamespaces };
    super(scope, id, { ...props, ...appFlowRule(scope, id, 'egress', props, other) });
  }
}
