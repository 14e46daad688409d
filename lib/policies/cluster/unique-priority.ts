import { IConstruct } from 'constructs';
import { CnpSubjectFields, CnpTier, cnpSubjectsCanOverlap } from '../../kubernetes';
import { invalidInput } from '../errors';

/** What the check compares: a policy's tier, priority and rendered subject. */
export interface PrioritizedPolicy extends IConstruct {
  readonly policyName: string;
  readonly tier: CnpTier;
  readonly priority: number;
  readonly subject: CnpSubjectFields;
}

/**
 * Refuses a second ClusterNetworkPolicy of the same tier and priority anywhere in the cdk8s App whose subject can
 * select a pod the first one's can: the API leaves the order of such policies undefined ("the implementation can
 * apply any of the matching policies to the connection"). Runs when each policy is created, like the unique-name
 * check, so every later policy is compared with all earlier ones. `isPolicy` finds the others among the App's
 * constructs.
 */
export function assertUnambiguousPriority(
  policy: PrioritizedPolicy,
  isPolicy: (construct: IConstruct) => construct is PrioritizedPolicy,
): void {
  const clash = policy.node.root.node
    .findAll()
    .find(
      (other): other is PrioritizedPolicy =>
        other !== policy &&
        isPolicy(other) &&
        other.tier === policy.tier &&
        other.priority === policy.priority &&
        cnpSubjectsCanOverlap(other.subject, policy.subject),
    );
  if (clash) {
    throw invalidInput(
      policy,
      'spec.priority',
      policy.priority,
      `${clash.node.path} ('${clash.policyName}') is also in the ${policy.tier} tier at priority ${policy.priority}, and ` +
        'its subject can select the same pods; the API leaves the order of the two undefined',
      'give one of them another priority (lower is evaluated first), or make their subjects select disjoint pods',
    );
  }
}
