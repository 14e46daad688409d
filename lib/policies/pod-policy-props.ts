import { LabelSelector } from './label-selector';
import { PolicyMetadataProps } from './network-policy';

/** Props of the constructs that apply to specific pods of a namespace. */
export interface PodPolicyProps extends PolicyMetadataProps {
  /** The pods the policy applies to; must be specific (not `LabelSelector.all()`). */
  readonly podSelector: LabelSelector;
}
