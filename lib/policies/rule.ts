import { IConstruct } from 'constructs';
import { invalidInput } from './errors';
import { Peer } from './peer';
import { Port } from './port';

/** An ingress rule: traffic from any of `from`, to any of `ports`. */
export interface IngressRule {
  /** The allowed sources (OR-ed). Use `[Peer.any()]` to allow every source on purpose. */
  readonly from: Peer[];
  /**
   * The allowed destination ports on the selected pods (OR-ed).
   * @default - every port and protocol
   */
  readonly ports?: Port[];
}

/** An egress rule: traffic to any of `to`, on any of `ports`. */
export interface EgressRule {
  /** The allowed destinations (OR-ed). Use `[Peer.any()]` to allow every destination on purpose. */
  readonly to: Peer[];
  /**
   * The allowed destination ports (OR-ed); named ports resolve against the destination pod.
   * @default - every port and protocol
   */
  readonly ports?: Port[];
}

/** A validated rule's peers and ports as API objects; the caller writes the peers under `from` or `to`. */
export interface RenderedRule {
  /** Undefined for `Peer.any()`: a rule without `from` / `to` admits every peer. */
  readonly peers?: ReturnType<Peer['render']>[];
  /** Undefined when the rule lists no ports: every port. */
  readonly ports?: ReturnType<Port['render']>[];
}

/**
 * Validates and renders one rule. Empty lists are refused rather than emitted: in Kubernetes an empty `from`,
 * `to` or `ports` means "everything", the opposite of what a list that happens to be empty suggests.
 */
export function renderRule(
  scope: IConstruct,
  field: string,
  peerField: 'from' | 'to',
  peers: Peer[],
  ports?: Port[],
): RenderedRule {
  if (peers.length === 0) {
    throw invalidInput(
      scope,
      `${field}.${peerField}`,
      [],
      `an empty '${peerField}' list allows every peer`,
      'list the peers, or write [Peer.any()] to allow every peer on purpose',
    );
  }
  if (peers.length > 1 && peers.some((peer) => peer.isAny)) {
    throw invalidInput(
      scope,
      `${field}.${peerField}`,
      `${peers.length} peers including Peer.any()`,
      'Peer.any() already allows every peer, so the other peers are dead code',
      'use Peer.any() alone, or drop it and keep the specific peers',
    );
  }
  if (ports !== undefined && ports.length === 0) {
    throw invalidInput(
      scope,
      `${field}.ports`,
      [],
      "an empty 'ports' list allows every port",
      'list the ports, or leave ports out to allow every port on purpose',
    );
  }
  return {
    peers: peers[0].isAny
      ? undefined
      : peers.map((peer, i) => peer.render(scope, `${field}.${peerField}[${i}]`)),
    ports: ports?.map((port, i) => port.render(scope, `${field}.ports[${i}]`)),
  };
}
