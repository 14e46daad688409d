import {
  NAMESPACE_NAME_LABEL,
  labelKeyProblem,
  labelValueProblem,
  operatorProblem,
  requirementValuesProblem,
  type SelectorOperator,
} from '../kubernetes';
import { FieldError } from './errors';
import { isRecord, type Labels } from './types';

export interface Requirement {
  key: string;
  operator: SelectorOperator;
  values: ReadonlySet<string>;
}

function checkKey(key: string, field: string): void {
  const problem = labelKeyProblem(key);
  if (problem) throw FieldError.invalid(field, key, `label key ${problem}`);
}

function checkValue(value: unknown, field: string): string {
  const problem = labelValueProblem(value);
  if (problem) throw FieldError.invalid(field, value, `label value ${problem}`);
  return value as string;
}

/** ValidateLabels: each key a qualified name, each value a label value. */
function compileMatchLabels(raw: unknown, path: string): Requirement[] {
  if (raw === undefined || raw === null) return [];
  if (!isRecord(raw)) throw new FieldError(path, 'must be a map of label keys to values');
  return Object.entries(raw).map(([key, value]) => {
    checkKey(key, `${path} key`);
    return { key, operator: 'In', values: new Set([checkValue(value, `${path}.${key}`)]) };
  });
}

/** ValidateLabelSelectorRequirement (values are checked too: AllowInvalidLabelValueInSelector is off on create). */
function compileExpression(raw: unknown, path: string): Requirement {
  if (!isRecord(raw)) throw new FieldError(path, 'must be an object with key, operator and values');
  const { key, operator } = raw;
  const values = raw.values ?? [];
  if (typeof key !== 'string') throw new FieldError(`${path}.key`, 'is required');
  checkKey(key, `${path}.key`);
  const badOperator = operatorProblem(operator);
  if (badOperator) throw FieldError.invalid(`${path}.operator`, operator, badOperator);
  if (!Array.isArray(values)) throw new FieldError(`${path}.values`, 'must be a list of strings');
  const badValues = requirementValuesProblem(operator as SelectorOperator, values);
  if (badValues) throw FieldError.invalid(`${path}.values`, values, badValues);
  const checked = values.map((value, i) => checkValue(value, `${path}.values[${i}]`));
  return { key, operator: operator as SelectorOperator, values: new Set(checked) };
}

/**
 * A compiled metav1.LabelSelector: matchLabels become `In` requirements, all requirements are ANDed,
 * and the empty selector matches everything (as in labels.Selector of apimachinery).
 */
export class Selector {
  /** Canonical text of the requirements, used to cache resolutions of equal selectors. */
  readonly key: string;

  private constructor(readonly requirements: readonly Requirement[]) {
    // Control characters cannot occur in label keys or values, so they separate unambiguously.
    this.key = requirements
      .map((r) => `${r.key}\u0001${r.operator}\u0001${[...r.values].sort().join('\u0002')}`)
      .sort()
      .join('\u0003');
  }

  static compile(raw: unknown, path: string): Selector {
    if (!isRecord(raw)) throw new FieldError(path, 'must be a label selector object');
    const expressions = raw.matchExpressions ?? [];
    if (!Array.isArray(expressions)) throw new FieldError(`${path}.matchExpressions`, 'must be a list');
    return new Selector([
      ...compileMatchLabels(raw.matchLabels, `${path}.matchLabels`),
      ...expressions.map((expression, i) => compileExpression(expression, `${path}.matchExpressions[${i}]`)),
    ]);
  }

  get isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  matches(labels: Labels): boolean {
    return this.requirements.every((requirement) => requirementMatches(requirement, labels));
  }
}

function requirementMatches({ key, operator, values }: Requirement, labels: Labels): boolean {
  const present = Object.prototype.hasOwnProperty.call(labels, key);
  switch (operator) {
    case 'In':
      return present && values.has(labels[key]);
    case 'NotIn':
      // apimachinery: NotIn also matches objects that lack the key.
      return !present || !values.has(labels[key]);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
  }
}

/** The namespace names a namespace selector pins with `kubernetes.io/metadata.name In (...)`, if it does. */
export function pinnedNamespaces(selector: Selector | null | undefined): readonly string[] | undefined {
  const byName = selector?.requirements.find(
    (requirement) => requirement.key === NAMESPACE_NAME_LABEL && requirement.operator === 'In',
  );
  return byName && [...byName.values];
}
