import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowFromApp } from './allow-from-app';
import { AllowToApp } from './allow-to-app';
import { invalidInput } from './errors';
import { LabelSelector } from './label-selector';
import { Port } from './port';

/** One end of an app-to-app flow. */
export interface AppEndpoint {
  /** The app's pods; must be specific. */
  readonly podSelector: LabelSelector;
  /**
   * The app's namespace.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/** Props of `AllowAppTraffic`. */
export interface AllowAppTrafficProps {
  /**
   * The base of the two policies' names: `<name>-egress` (client side) and `<name>-ingress` (server side).
   * @default - the construct id
   */
  readonly name?: string;
  /** The client app. */
  readonly from: AppEndpoint;
  /** The server app. */
  readonly to: AppEndpoint;
  /** The server ports (at least one); named ports resolve against the server's container ports. */
  readonly ports: Port[];
}

/**
 * A whole app-to-app flow: a connection needs the client's egress and the server's ingress to allow it, so
 * under default deny one flow is two policies. This construct writes both from one statement of intent, in
 * each app's own namespace, so the halves cannot drift apart.
 */
export class AllowAppTraffic extends Construct {
  /** The client-side policy, in the client's namespace. */
  public readonly egressPolicy: AllowToApp;
  /** The server-side policy, in the server's namespace. */
  public readonly ingressPolicy: AllowFromApp;

  public constructor(scope: Construct, id: string, props: AllowAppTrafficProps) {
    super(scope, id);
    const name = props.name ?? id;
    const chartNamespace = Chart.of(this).namespace;
    const fromNamespace = props.from.namespace ?? chartNamespace;
    const toNamespace = props.to.namespace ?? chartNamespace;
    if ((fromNamespace === undefined) !== (toNamespace === undefined)) {
      throw invalidInput(
        this,
        fromNamespace === undefined ? 'from.namespace' : 'to.namespace',
        undefined,
        'one end has a namespace and the other has none, so the flow between them cannot be stated',
        'set the namespace of both ends (or of the chart)',
      );
    }
    // Each half names the other app's namespace only when it is not its own.
    const otherNamespaces = (namespace: string | undefined) =>
      fromNamespace === toNamespace ? undefined : LabelSelector.namespaceNamed(namespace!);
    const half = (suffix: string, namespace: string | undefined, self: AppEndpoint) => ({
      name: `${name}-${suffix}`,
      namespace,
      podSelector: self.podSelector,
      ports: props.ports,
    });
    this.egressPolicy = new AllowToApp(this, 'egress', {
      ...half('egress', fromNamespace, props.from),
      toPods: props.to.podSelector,
      toNamespaces: otherNamespaces(toNamespace),
    });
    this.ingressPolicy = new AllowFromApp(this, 'ingress', {
      ...half('ingress', toNamespace, props.to),
      fromPods: props.from.podSelector,
      fromNamespaces: otherNamespaces(fromNamespace),
    });
  }
}
