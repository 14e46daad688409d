import { IConstruct } from 'constructs';
import { childPath, invalidInput } from './errors';
import { Port } from './port';

/**
 * Refuses an empty list that a construct requires and writes into a rule (`ports`, or the peers built from
 * `cidrs`): Kubernetes reads an empty list as everything, and these constructs have no way to ask for that.
 * Called before `super()`, so the error names the path the construct `id` will have.
 */
export function requireNonEmpty(
  scope: IConstruct,
  id: string,
  field: string,
  list: readonly unknown[],
  problem: string,
  fix: string,
): void {
  if (list.length === 0) throw invalidInput(childPath(scope, id), field, [], problem, fix);
}

/**
 * `ports` where a construct requires ports. The generic check of `NetworkPolicy` would suggest leaving `ports`
 * out, which these props do not allow.
 */
export function requirePorts(scope: IConstruct, id: string, field: string, ports: readonly Port[]): void {
  requireNonEmpty(
    scope,
    id,
    field,
    ports,
    "an empty 'ports' list allows every port",
    "list the ports to open, e.g. [Port.tcp('http')]",
  );
}
