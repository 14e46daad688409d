import { Construct } from 'constructs';
import { DefaultDeny } from './default-deny';
import { PolicyMetadataProps } from './network-policy';

/** Props of `BlockAllIncoming`. */
export type BlockAllIncomingProps = PolicyMetadataProps;

/** The guide's "block all incoming traffic": default deny for ingress only, namespace-wide. */
export class BlockAllIncoming extends DefaultDeny {
  public constructor(scope: Construct, id: string, props: BlockAllIncomingProps = {}) {
    super(scope, id, { ...props, policyTypes: ['Ingress'] });
  }
}
