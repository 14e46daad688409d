import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CLUSTER_NETWORK_POLICY_KIND } from '../kubernetes';
import { invalidInput } from './errors';

/**
 * Refuses a second NetworkPolicy with the same name in the same namespace (or a second ClusterNetworkPolicy with the
 * same name: they are cluster-scoped) anywhere in the cdk8s App: applied
 * together, the later one silently replaces the earlier one (the guide's four policies all share one name).
 * Runs when each policy is created, so every later policy is compared with all earlier ones.
 */
export function assertUniquePolicyName(scope: IConstruct, policy: ApiObject): void {
  const namespace = policy.metadata.namespace;
  const clash = scope.node.root.node
    .findAll()
    .find(
      (other) =>
        other !== policy &&
        ApiObject.isApiObject(other) &&
        other.kind === policy.kind &&
        other.apiVersion === policy.apiVersion &&
        other.name === policy.name &&
        other.metadata.namespace === namespace,
    );
  if (clash) {
    const where =
      policy.kind === CLUSTER_NETWORK_POLICY_KIND
        ? 'cluster-wide'
        : namespace === undefined
          ? 'with no namespace set'
          : `in namespace '${namespace}'`;
    throw invalidInput(
      scope,
      'metadata.name',
      policy.name,
      `${clash.node.path} already defines ${policy.kind} '${policy.name}' ${where}; applied together, one would silently replace the other`,
      'give this policy a different name, or put it in a different namespace',
    );
  }
}
