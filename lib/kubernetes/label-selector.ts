/**
 * The rules of a `matchExpressions` requirement (ValidateLabelSelectorRequirement in
 * apimachinery/pkg/apis/meta/v1/validation); keys and values follow the label rules of `./names`.
 */
import { labelKeyProblem, labelValueProblem } from './names';

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

/** A metav1.LabelSelector as written: `matchLabels` and `matchExpressions`, ANDed; empty matches everything. */
export interface LabelSelectorFields {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: ReadonlyArray<{
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[];
  }>;
}

/**
 * Whether some object's labels could satisfy both selectors (labels.Selector semantics of apimachinery: every
 * requirement holds; `NotIn` also holds when the key is absent). Keys are independent, so the two can overlap
 * exactly when every key's combined requirements are satisfiable: not both present and absent, and, when values
 * are pinned by `matchLabels` or `In`, some pinned value survives every other `In` and `NotIn`. The question is
 * about objects that could exist, not the ones that do: that is what a policy written today must answer for the
 * namespaces and pods created tomorrow.
 */
export function selectorsCanOverlap(a: LabelSelectorFields, b: LabelSelectorFields): boolean {
  const byKey = new Map<string, KeyConstraint>();
  for (const { key, operator, values } of [...requirementsOf(a), ...requirementsOf(b)]) {
    const constraint = byKey.get(key) ?? { present: false, absent: false, excluded: new Set<string>() };
    if (operator === 'Exists') constraint.present = true;
    else if (operator === 'DoesNotExist') constraint.absent = true;
    else if (operator === 'NotIn') values.forEach((value) => constraint.excluded.add(value));
    else {
      constraint.present = true;
      const pinned = constraint.allowed ? [...constraint.allowed].filter((v) => values.includes(v)) : values;
      constraint.allowed = new Set(pinned);
    }
    byKey.set(key, constraint);
  }
  return [...byKey.values()].every(isSatisfiable);
}

interface KeyConstraint {
  present: boolean;
  absent: boolean;
  /** The values `matchLabels` and `In` allow, intersected; undefined when none pins the value. */
  allowed?: Set<string>;
  excluded: Set<string>;
}

function isSatisfiable({ present, absent, allowed, excluded }: KeyConstraint): boolean {
  if (present && absent) return false;
  return allowed === undefined || [...allowed].some((value) => !excluded.has(value));
}

function requirementsOf(
  selector: LabelSelectorFields,
): Array<{ key: string; operator: string; values: readonly string[] }> {
  const labels = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({
    key,
    operator: 'In',
    values: [value],
  }));
  const expressions = (selector.matchExpressions ?? []).map(({ key, operator, values }) => ({
    key,
    operator,
    values: values ?? [],
  }));
  return [...labels, ...expressions];
}

/**
 * The first problem of a metav1.LabelSelector as parsed (ValidateLabelSelector): `matchLabels` keys and values,
 * each requirement's key, operator and values. Undefined when valid.
 */
export function labelSelectorProblem(selector: unknown): string | undefined {
  if (!isObject(selector)) return 'must be a label selector object';
  const { matchLabels, matchExpressions } = selector;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isObject(matchLabels)) return 'matchLabels must be a map of label keys to values';
    for (const [key, value] of Object.entries(matchLabels)) {
      const problem = labelKeyProblem(key) ?? labelValueProblem(value);
      if (problem) return `matchLabels '${key}': ${problem}`;
    }
  }
  if (matchExpressions === undefined || matchExpressions === null) return undefined;
  if (!Array.isArray(matchExpressions)) return 'matchExpressions must be a list';
  for (const [i, requirement] of matchExpressions.entries()) {
    const problem = requirementProblem(requirement);
    if (problem) return `matchExpressions[${i}]: ${problem}`;
  }
  return undefined;
}

function requirementProblem(requirement: unknown): string | undefined {
  if (!isObject(requirement)) return 'must be an object with key, operator and values';
  const { key, operator } = requirement;
  const values = requirement.values ?? [];
  if (typeof key !== 'string') return 'key is required';
  const keyProblem = labelKeyProblem(key);
  if (keyProblem) return `key ${keyProblem}`;
  const badOperator = operatorProblem(operator);
  if (badOperator) return badOperator;
  if (!Array.isArray(values)) return 'values must be a list of strings';
  const badValues = requirementValuesProblem(operator as SelectorOperator, values);
  if (badValues) return badValues;
  const badValue = values.map(labelValueProblem).find((problem) => problem !== undefined);
  return badValue && `a value ${badValue}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
