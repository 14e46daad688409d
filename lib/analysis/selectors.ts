import { FieldError } from './errors';
import type { Labels } from './types';

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface Requirement {
  key: string;
  operator: SelectorOperator;
  values: ReadonlySet<string>;
}

const OPERATORS: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
// Label syntax of k8s.io/apimachinery/pkg/util/validation (IsQualifiedName, IsValidLabelValue).
const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function isQualifiedName(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return NAME_PART.test(key);
  const prefix = key.slice(0, slash);
  return prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix) && NAME_PART.test(key.slice(slash + 1));
}

function isLabelValue(value: string): boolean {
  return value === '' || NAME_PART.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKey(key: string, path: string): void {
  if (!isQualifiedName(key)) throw new FieldError(path, `invalid label key "${key}"`);
}

function checkValue(value: unknown, path: string): string {
  if (typeof value !== 'string' || !isLabelValue(value)) {
    throw new FieldError(path, `invalid label value ${JSON.stringify(value)}`);
  }
  return value;
}

function compileMatchLabels(raw: unknown, path: string): Requirement[] {
  if (raw === undefined || raw === null) return [];
  if (!isRecord(raw)) throw new FieldError(path, 'must be a map of label keys to values');
  return Object.entries(raw).map(([key, value]) => {
    checkKey(key, `${path}.${key}`);
    return { key, operator: 'In', values: new Set([checkValue(value, `${path}.${key}`)]) };
  });
}

function compileExpression(raw: unknown, path: string): Requirement {
  if (!isRecord(raw)) throw new FieldError(path, 'must be an object with key, operator and values');
  const { key, operator, values } = raw;
  if (typeof key !== 'string') throw new FieldError(`${path}.key`, 'is required');
  checkKey(key, `${path}.key`);
  if (typeof operator !== 'string' || !OPERATORS.includes(operator as SelectorOperator)) {
    throw new FieldError(
      `${path}.operator`,
      `must be one of ${OPERATORS.join(', ')}, got ${JSON.stringify(operator)}`,
    );
  }
  const list = values ?? [];
  if (!Array.isArray(list)) throw new FieldError(`${path}.values`, 'must be a list of strings');
  const needsValues = operator === 'In' || operator === 'NotIn';
  if (needsValues && list.length === 0) {
    throw new FieldError(`${path}.values`, `must be specified when operator is ${operator}`);
  }
  if (!needsValues && list.length > 0) {
    throw new FieldError(`${path}.values`, `may not be specified when operator is ${operator}`);
  }
  const checked = list.map((value, i) => checkValue(value, `${path}.values[${i}]`));
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
