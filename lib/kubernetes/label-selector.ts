/**
 * The rules of a `matchExpressions` requirement (ValidateLabelSelectorRequirement in
 * apimachinery/pkg/apis/meta/v1/validation); keys and values follow the label rules of `./names`.
 */

/** The operators of a `matchExpressions` requirement. */
export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
export type SelectorOperator = (typeof SELECTOR_OPERATORS)[number];

export function isSelectorOperator(value: unknown): value is SelectorOperator {
  return typeof value === 'string' && (SELECTOR_OPERATORS as readonly string[]).includes(value);
}

export function operatorProblem(operator: unknown): string | undefined {
  return isSelectorOperator(operator)
    ? undefined
    : `unknown operator, not one of ${SELECTOR_OPERATORS.join(', ')}`;
}

/** In and NotIn compare the label's value with a list; Exists and DoesNotExist look at the key only. */
export function operatorTakesValues(operator: SelectorOperator): boolean {
  return operator === 'In' || operator === 'NotIn';
}

export function requirementValuesProblem(
  operator: SelectorOperator,
  values: readonly unknown[],
): string | undefined {
  if (operatorTakesValues(operator) && values.length === 0) return `${operator} needs at least one value`;
  if (!operatorTakesValues(operator) && values.length > 0) return `${operator} takes no values`;
  return undefined;
}
