import { IConstruct } from 'constructs';
import { LabelSelector } from './label-selector';
import { IngressRule, EgressRule } from './rule';
import { Peer } from './peer';
import { PodAllowProps } from './pod-policy-props';
import { requirePorts } from './required-lists';
import { requireSpecificSelectors } from './specific-selector';

/** The other app of an app-to-app half: its pods, and the namespaces they run in. */
export interface OtherApp {
  readonly pods: LabelSelector;
  /** @default - the policy's own namespace */
  readonly namespaces?: LabelSelector;
}

/** A peer for an app's pods: in the policy's own namespace, or (AND-ed) in the given namespaces. */
export function appPeer({ pods, namespaces }: OtherApp): Peer {
  return namespaces === undefined ? Peer.pods(pods) : Peer.podsInNamespaces(pods, namespaces);
}

/**
 * The one rule of an app-to-app half (`AllowFromApp` is the server's ingress, `AllowToApp` the client's egress),
 * after checking that both apps' selectors are specific and the ports listed. Called before `super()`.
 */
export function appFlowRule(
  scope: IConstruct,
  id: string,
  direction: 'ingress' | 'egress',
  props: PodAllowProps,
  other: OtherApp,
): { ingress: IngressRule[] } | { egress: EgressRule[] } {
  const ingress = direction === 'ingress';
  requireSpecificSelectors(
    scope,
    id,
    ['spec.podSelector', props.podSelector, ingress ? 'select the server pods' : 'select the client pods'],
    [
      ingress ? 'spec.ingress[0].from[0].podSelector' : 'spec.egress[0].to[0].podSelector',
      other.pods,
      ingress ? 'select the client pods, or use AllowFromNamespace' : 'select the server pods',
    ],
  );
  requirePorts(scope, id, `spec.${direction}[0].ports`, props.ports);
  const peers = [appPeer(other)];
  return ingress
    ? { ingress: [{ from: peers, ports: props.ports }] }
    : { egress: [{ to: peers, ports: props.ports }] };
}
