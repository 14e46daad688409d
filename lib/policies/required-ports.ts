import { IConstruct } from 'constructs';
import { childPath, invalidInput } from './errors';
import { Port } from './port';

/**
 * Refuses an empty `ports` where a construct requires ports: Kubernetes reads an empty list as every port, and
 * these constructs have no way to ask for that. The generic check of `NetworkPolicy` would suggest leaving
 * `ports` out, which these props do not allow. Called before `super()`.
 */
export function requirePorts(scope: IConstruct, id: string, field: string, ports: readonly Port[]): void {
  if (ports.length === 0) {
    throw invalidInput(
      childPath(scope, id),
      field,
      [],
      "an empty 'ports' list allows every port",
      "list the ports to open, e.g. [Port.tcp('http')]",
    );
  }
}
