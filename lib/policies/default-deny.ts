import { Construct } from 'constructs';
import { PolicyType, isPolicyType } from '../kubernetes';
import { childPath, invalidInput } from './errors';
import { LabelSelector } from './label-selector';
import { NetworkPolicy, PolicyMetadataProps } from './network-policy';

/** Props of `DefaultDeny`. */
export interface DefaultDenyProps extends PolicyMetadataProps {
  /**
   * The directions to deny for every pod of the namespace.
   * @default ['Ingress', 'Egress']
   */
  readonly policyTypes?: PolicyType[];
}

/**
 * Default deny for a namespace: selects every pod and allows nothing in the given directions, so that every
 * flow must be opened by a specific policy (the guide's "comprehensive coverage for all pods").
 */
export class DefaultDeny extends NetworkPolicy {
  public constructor(scope: Construct, id: string, props: DefaultDenyProps = {}) {
    const types = props.policyTypes ?? ['Ingress', 'Egress'];
    validatePolicyTypes(childPath(scope, id), types);
    super(scope, id, {
      ...props,
      podSelector: LabelSelector.all(),
      ingress: types.includes('Ingress') ? [] : undefined,
      egress: types.includes('Egress') ? [] : undefined,
    });
  }
}

function validatePolicyTypes(path: string, types: PolicyType[]): void {
  const unknown = types.filter((type) => !isPolicyType(type));
  if (types.length === 0 || unknown.length > 0 || new Set(types).size !== types.length) {
    throw invalidInput(
      path,
      'spec.policyTypes',
      types,
      'must list Ingress and/or Egress, each once',
      "use ['Ingress'], ['Egress'] or both",
    );
  }
}
