import { Construct } from 'constructs';
import { LabelSelector } from './label-selector';
import { NetworkPolicy } from './network-policy';
import { Peer } from './peer';
import { PodAllowProps } from './pod-policy-props';
import { requirePorts } from './required-lists';
import { requireSpecificSelectors } from './specific-selector';

/** Props of `AllowFromNamespace`. */
export interface AllowFromNamespaceProps extends PodAllowProps {
  /** The namespaces whose pods may connect, e.g. `LabelSelector.namespaceNamed('monitoring')`; must be specific. */
  readonly fromNamespaces: LabelSelector;
}

/** The selected pods accept connections from every pod of the given namespaces, on the given ports. */
export class AllowFromNamespace extends NetworkPolicy {
  public constructor(scope: Construct, id: string, props: AllowFromNamespaceProps) {
    requireSpecificSelectors(
      scope,
      id,
      ['spec.podSelector', props.podSelector, 'select the server pods'],
      [
        'spec.ingress[0].from[0].namespaceSelector',
        props.fromNamespaces,
        'select the namespaces, e.g. LabelSelector.namespaceNamed(...)',
      ],
    );
    requirePorts(scope, id, 'spec.ingress[0].ports', props.ports);
    super(scope, id, {
      ...props,
      ingress: [{ from: [Peer.namespaces(props.fromNamespaces)], ports: props.ports }],
    });
  }
}
