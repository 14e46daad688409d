import {
  LINT_ACKNOWLEDGE_PREFIX,
  acknowledgementProblem,
  type AcknowledgedFinding,
  type Finding,
  type LintReport,
} from './lint-rules';
import type { PolicySpec } from './policy';
import { compareStrings } from './types';

interface Acknowledgement {
  object: string;
  rule: string;
  reason: string;
  used: boolean;
}

const keyOf = (object: string, rule: string): string => `${object}\u0000${rule}`;

/** Findings in the one order of every lint output: object, rule, message. */
export function sortFindings<T extends Finding>(findings: T[]): T[] {
  return findings.sort(
    (a, b) =>
      compareStrings(a.object, b.object) ||
      compareStrings(a.rule, b.rule) ||
      compareStrings(a.message, b.message),
  );
}

/**
 * Splits the findings into open and acknowledged ones. A policy's acknowledgements apply to the findings about
 * its namespace/name. An acknowledgement that is invalid (unknown rule, empty reason) acknowledges nothing, and
 * one that acknowledges nothing is stale: both are open findings themselves, so none can hide a later finding.
 */
export function applyAcknowledgements(
  specs: ReadonlyArray<Pick<PolicySpec, 'id' | 'acknowledgements'>>,
  findings: readonly Finding[],
): LintReport {
  const open: Finding[] = [];
  const acknowledgements = new Map<string, Acknowledgement>();
  for (const { id, acknowledgements: annotated } of specs) {
    for (const [rule, reason] of annotated) {
      const problem = acknowledgementProblem(rule, reason);
      const message = `annotation ${LINT_ACKNOWLEDGE_PREFIX}${rule}: ${problem}`;
      if (problem) open.push({ rule: 'invalid-acknowledgement', object: id, message });
      else if (!acknowledgements.has(keyOf(id, rule))) {
        acknowledgements.set(keyOf(id, rule), { object: id, rule, reason, used: false });
      }
    }
  }
  const acknowledged: AcknowledgedFinding[] = [];
  for (const finding of findings) {
    const acknowledgement = acknowledgements.get(keyOf(finding.object, finding.rule));
    if (!acknowledgement) open.push(finding);
    else {
      acknowledgement.used = true;
      acknowledged.push({ ...finding, reason: acknowledgement.reason });
    }
  }
  for (const { object, rule, used } of acknowledgements.values()) {
    if (used) continue;
    const message = `annotation ${LINT_ACKNOWLEDGE_PREFIX}${rule}: no ${rule} finding on this policy to acknowledge`;
    open.push({ rule: 'unused-acknowledgement', object, message });
  }
  return { findings: sortFindings(open), acknowledged: sortFindings(acknowledged) };
}
