import { LabelSelector } from './label-selector';
import { PolicyMetadataProps } from './network-policy';
import { Port } from './port';

/** Props of the constructs that apply to specific pods of a namespace. */
export interface PodPolicyProps extends PolicyMetadataProps {
  /** The pods the policy applies to; must be specific (not `LabelSelector.all()`) where the construct says so. */
  readonly podSelector: LabelSelector;
}

/** Props of the constructs that open one kind of traffic for specific pods. */
export interface PodAllowProps extends PodPolicyProps {
  /**
   * The allowed destination ports, at least one: least privilege is stated, never implied. Named ports
   * resolve against the destination pods' container ports.
   */
  readonly ports: Port[];
}
