import { IConstruct } from 'constructs';

/**
 * Builds the one error shape the library throws for bad input, so every message says where (construct path),
 * what (field and value) and how to fix it, in the same order. Reviewers and CI logs can then grep one format.
 * @param where the construct, or the path of one not created yet (see `childPath`)
 */
export function invalidInput(
  where: IConstruct | string,
  field: string,
  value: unknown,
  problem: string,
  fix: string,
): Error {
  const path = typeof where === 'string' ? where : where.node.path;
  return new Error(`${path}: ${field} = ${JSON.stringify(value)}: ${problem}. Fix: ${fix}.`);
}

/** The path a construct will have, for props checked before `super()` has created it. */
export function childPath(scope: IConstruct, id: string): string {
  return scope.node.path === '' ? id : `${scope.node.path}/${id}`;
}
