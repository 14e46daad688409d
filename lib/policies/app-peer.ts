import { LabelSelector } from './label-selector';
import { Peer } from './peer';

/** A peer for an app's pods: in the policy's own namespace, or (AND-ed) in the given namespaces. */
export function appPeer(pods: LabelSelector, namespaces: LabelSelector | undefined): Peer {
  return namespaces === undefined ? Peer.pods(pods) : Peer.podsInNamespaces(pods, namespaces);
}
