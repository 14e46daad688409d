import { IConstruct } from 'constructs';
import { Peer } from './peer';
import { PodAllowProps } from './pod-policy-props';
import { requireNonEmpty } from './required-lists';

/** A CIDR block with optional exceptions, as in a NetworkPolicy `ipBlock`. */
export interface CidrBlock {
  /** The block, e.g. '10.0.0.0/16' or '2001:db8::/32'; host bits must be zero. */
  readonly cidr: string;
  /**
   * Sub-blocks to leave out; each strictly inside `cidr`.
   * @default - no exceptions
   */
  readonly except?: string[];
}

/** Props of the constructs that open traffic between specific pods and address blocks. */
export interface CidrPolicyProps extends PodAllowProps {
  /** The address blocks (at least one), each an OR-ed peer. */
  readonly cidrs: CidrBlock[];
}

/**
 * One ipBlock peer per block (peers are OR-ed). Refuses an empty list, which Kubernetes reads as every peer.
 * Called before `super()`.
 * @param field the peer list in the emitted object, `spec.ingress[0].from` or `spec.egress[0].to`
 */
export function cidrPeers(scope: IConstruct, id: string, field: string, blocks: CidrBlock[]): Peer[] {
  requireNonEmpty(
    scope,
    id,
    field,
    blocks,
    'an empty peer list allows every peer',
    "list at least one block in cidrs, e.g. [{ cidr: '10.0.0.0/16' }]",
  );
  return blocks.map((block) => Peer.ipBlock(block.cidr, block.except));
}
