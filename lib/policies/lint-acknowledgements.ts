import { IConstruct } from 'constructs';
import {
  ACKNOWLEDGEABLE_RULES,
  acknowledgementAnnotation,
  acknowledgementProblem,
  isAcknowledgeableRule,
  type AcknowledgeableLintRule,
} from '../analysis/lint-rules';
import { invalidInput } from './errors';

export type { AcknowledgeableLintRule } from '../analysis/lint-rules';

/** `netpol lint` findings a reviewer accepts for one policy: rule name -> reason (like cdk-nag's suppressions). */
export type LintAcknowledgements = Partial<Record<AcknowledgeableLintRule, string>>;

/**
 * Validates the acknowledgements (known rules from the analyzer's LINT_RULES, a reason for each) and renders them
 * as the `lint-acknowledge.netpol.io/<rule>` annotations the analyzer reads.
 */
export function lintAcknowledgementAnnotations(
  scope: IConstruct,
  acknowledgements: LintAcknowledgements | undefined,
): Record<string, string> | undefined {
  const entries = Object.entries(acknowledgements ?? {});
  if (entries.length === 0) return undefined;
  for (const [rule, reason] of entries) {
    const problem = acknowledgementProblem(rule, reason);
    if (problem) {
      const fix = isAcknowledgeableRule(rule)
        ? "say why the finding is acceptable, e.g. 'public entry point, reviewed in #123'"
        : `use one of ${ACKNOWLEDGEABLE_RULES.join(', ')}`;
      throw invalidInput(scope, `lintAcknowledgements.${rule}`, reason, problem, fix);
    }
  }
  return Object.fromEntries(
    entries.map(([rule, reason]) => [acknowledgementAnnotation(rule as AcknowledgeableLintRule), reason]),
  );
}
