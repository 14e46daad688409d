import { IConstruct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import {
  NAMESPACE_NAME_LABEL,
  SelectorOperator,
  dnsLabelProblem,
  labelKeyProblem,
  labelValueProblem,
  operatorProblem,
  operatorTakesValues,
  requirementValuesProblem,
} from '../kubernetes';
import { invalidInput } from './errors';

export { NAMESPACE_NAME_LABEL } from '../kubernetes';

/** The operators of a `matchExpressions` requirement. */
export type LabelOperator = SelectorOperator;

/** One `matchExpressions` requirement. */
export interface LabelRequirement {
  /** The label key. */
  readonly key: string;
  /** How the label's value is compared. */
  readonly operator: LabelOperator;
  /**
   * The values for `In` and `NotIn` (at least one); must be absent for `Exists` and `DoesNotExist`.
   * @default - no values
   */
  readonly values?: string[];
}

/** A selector built from labels and/or expressions; at least one of the two must be non-empty. */
export interface LabelSelectorSpec {
  /**
   * Labels that must all be present with these values.
   * @default - no label equality requirements
   */
  readonly matchLabels?: Record<string, string>;
  /**
   * Requirements that must all hold.
   * @default - no expression requirements
   */
  readonly matchExpressions?: LabelRequirement[];
}

/** Builders for `matchExpressions` requirements, so call sites read like the Kubernetes semantics. */
export class Label {
  /** The label is present and its value is one of `values`. */
  public static in(key: string, ...values: string[]): LabelRequirement {
    return { key, operator: 'In', values };
  }
  /** The label is absent, or its value is none of `values`. */
  public static notIn(key: string, ...values: string[]): LabelRequirement {
    return { key, operator: 'NotIn', values };
  }
  /** The label is present, with any value. */
  public static exists(key: string): LabelRequirement {
    return { key, operator: 'Exists' };
  }
  /** The label is absent. */
  public static doesNotExist(key: string): LabelRequirement {
    return { key, operator: 'DoesNotExist' };
  }
  private constructor() {}
}

/**
 * A label selector for pods or namespaces. An empty selector matches everything, which is the most common
 * NetworkPolicy mistake; so matching everything must be asked for by name with `LabelSelector.all()`, and an
 * empty selector built any other way is refused (the guide's "be specific" best practice).
 */
export class LabelSelector {
  /** Matches every pod (or namespace): renders as `{}`. */
  public static all(): LabelSelector {
    return new LabelSelector({}, true);
  }

  /** Matches objects carrying all these labels. */
  public static matchLabels(labels: Record<string, string>): LabelSelector {
    return new LabelSelector({ matchLabels: labels }, false);
  }

  /** Matches objects satisfying all these requirements (see `Label.in`, `Label.exists`, ...). */
  public static matchExpressions(...requirements: LabelRequirement[]): LabelSelector {
    return new LabelSelector({ matchExpressions: requirements }, false);
  }

  /** Matches objects satisfying both the labels and the expressions. */
  public static of(spec: LabelSelectorSpec): LabelSelector {
    return new LabelSelector(spec, false);
  }

  /**
   * Matches the namespaces with these names, through the `kubernetes.io/metadata.name` label. Each name must
   * be a namespace name: a label value such as 'Shop' is valid but would silently match no namespace.
   */
  public static namespaceNamed(...names: string[]): LabelSelector {
    const spec =
      names.length === 1
        ? { matchLabels: { [NAMESPACE_NAME_LABEL]: names[0] } }
        : { matchExpressions: [Label.in(NAMESPACE_NAME_LABEL, ...names)] };
    return new LabelSelector(spec, false, names);
  }

  private constructor(
    private readonly spec: LabelSelectorSpec,
    /** True only for `all()`: the one way to ask for an empty selector. */
    public readonly matchesEverything: boolean,
    /** The names given to `namespaceNamed()`, checked as namespace names when rendered. */
    private readonly namespaceNames: string[] = [],
  ) {}

  /**
   * Validates the selector and renders it as the Kubernetes API object.
   * @param scope the construct that owns the selector, named in errors
   * @param field the selector's path in the emitted object, named in errors
   */
  public render(scope: IConstruct, field: string): k8s.LabelSelector {
    for (const name of this.namespaceNames) {
      const problem = dnsLabelProblem(name);
      if (problem) {
        throw invalidInput(
          scope,
          field,
          name,
          `a namespace name ${problem}, so the selector would match no namespace`,
          "use the namespace's exact name, e.g. 'kube-system'",
        );
      }
    }
    const matchLabels = this.spec.matchLabels ?? {};
    const matchExpressions = this.spec.matchExpressions ?? [];
    if (!this.matchesEverything && Object.keys(matchLabels).length === 0 && matchExpressions.length === 0) {
      throw invalidInput(
        scope,
        field,
        this.spec,
        'an empty selector matches everything',
        'give labels or expressions that name what you mean, or use LabelSelector.all() to match everything on purpose',
      );
    }
    for (const [key, value] of Object.entries(matchLabels)) {
      validateLabel(scope, `${field}.matchLabels`, key, value);
    }
    matchExpressions.forEach((requirement, i) =>
      validateRequirement(scope, `${field}.matchExpressions[${i}]`, requirement),
    );
    return {
      matchLabels: Object.keys(matchLabels).length > 0 ? matchLabels : undefined,
      matchExpressions: matchExpressions.length > 0 ? matchExpressions.map(toApiRequirement) : undefined,
    };
  }
}

/** Validates one label key and value, as used in selectors and in object metadata. */
export function validateLabel(scope: IConstruct, field: string, key: string, value: string): void {
  validateLabelKey(scope, `${field} key`, key);
  validateLabelValue(scope, `${field}.${key}`, value);
}

function validateLabelKey(scope: IConstruct, field: string, key: string): void {
  const problem = labelKeyProblem(key);
  if (problem) {
    throw invalidInput(
      scope,
      field,
      key,
      `invalid label key: ${problem}`,
      "use a key like 'app.kubernetes.io/name'",
    );
  }
}

function validateLabelValue(scope: IConstruct, field: string, value: string): void {
  const problem = labelValueProblem(value);
  if (problem) {
    throw invalidInput(
      scope,
      field,
      value,
      `label value ${problem}`,
      "use a value like 'frontend' or 'v1.2.3'",
    );
  }
}

function validateRequirement(scope: IConstruct, field: string, requirement: LabelRequirement): void {
  validateLabelKey(scope, `${field}.key`, requirement.key);
  const { operator } = requirement;
  const badOperator = operatorProblem(operator);
  if (badOperator) {
    throw invalidInput(
      scope,
      `${field}.operator`,
      operator,
      badOperator,
      'build requirements with Label.in(), Label.notIn(), Label.exists() or Label.doesNotExist()',
    );
  }
  const values = requirement.values ?? [];
  const badValues = requirementValuesProblem(operator, values);
  if (badValues) {
    const fix = operatorTakesValues(operator)
      ? 'list the values, or use Exists / DoesNotExist'
      : 'drop the values, or use In / NotIn';
    throw invalidInput(scope, `${field}.values`, values, badValues, fix);
  }
  values.forEach((value, i) => validateLabelValue(scope, `${field}.values[${i}]`, value));
}

function toApiRequirement(requirement: LabelRequirement): k8s.LabelSelectorRequirement {
  const values = requirement.values ?? [];
  return {
    key: requirement.key,
    operator: requirement.operator,
    values: values.length > 0 ? values : undefined,
  };
}
