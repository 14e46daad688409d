import { Construct } from 'constructs';
import { DefaultDeny } from './default-deny';
import { PolicyMetadataProps } from './network-policy';

/** Props of `BlockAllOutgoing`. */
export type BlockAllOutgoingProps = PolicyMetadataProps;

/** The guide's "block all outgoing traffic": default deny for egress only, namespace-wide. */
export class BlockAllOutgoing extends DefaultDeny {
  public constructor(scope: Construct, id: string, props: BlockAllOutgoingProps = {}) {
    super(scope, id, { ...props, policyTypes: ['Egress'] });
  }
}
