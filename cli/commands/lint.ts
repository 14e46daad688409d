import { Command, Option } from 'commander';
import {
  LINT_ACKNOWLEDGE_PREFIX,
  LINT_RULES,
  type AcknowledgedFinding,
  type Finding,
  type LintReport,
} from '../../lib/analysis';
import type { IgnoredRule } from '../../lib/analysis/lint-config';
import { EXIT, json, withSkipped, type CliContext } from '../io';
import { addLintConfig, lintReport, type LintConfigOptions } from '../lint-config';
import { INPUT_ARGUMENT, addJson, example, loadModel, type InputOptions } from '../options';
import { renderSarif } from '../render/sarif';
import { packageVersion } from '../version';

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
const describe = (finding: Finding): string => `${finding.object}: ${finding.rule}: ${finding.message}`;
const describeAcknowledged = (finding: AcknowledgedFinding): string =>
  `  ${describe(finding)}\n    reason: ${finding.reason}`;

/** Open findings first (what needs work), then the acknowledged ones with their reasons, for the record. */
function renderReport({
  findings,
  acknowledged,
  ignored = [],
}: LintReport & { ignored?: IgnoredRule[] }): string {
  const open =
    findings.length === 0
      ? 'no findings\n'
      : `${findings.map(describe).join('\n')}\n${plural(findings.length, 'finding')}\n`;
  const left = ignored.map(({ rule, findings: count }) => `${rule} (${count})`).join(', ');
  const leftOut = ignored.length === 0 ? '' : `ignored rules, their findings left out: ${left}\n`;
  if (acknowledged.length === 0) return open + leftOut;
  return `${open}${leftOut}${plural(acknowledged.length, 'acknowledged finding')}:\n${acknowledged.map(describeAcknowledged).join('\n')}\n`;
}

const RULES_HELP = Object.entries(LINT_RULES)
  .map(([rule, reason]) => `  ${rule.padEnd(30)} ${reason}`)
  .join('\n');

const ACKNOWLEDGE_HELP = `Acknowledging a finding: annotate the NetworkPolicy with ${LINT_ACKNOWLEDGE_PREFIX}<rule>: <reason>,
e.g. ${LINT_ACKNOWLEDGE_PREFIX}allow-all-ingress: "public entry point, reviewed in #123".
The same acknowledgements, and rules to ignore, can live outside the manifests in .netpol.yaml (or --config FILE):
  ignore: [namespace-without-workloads]
  acknowledge:
    - { object: shop/frontend, rule: allow-all-ingress, reason: "public entry point, reviewed in #123" }
Acknowledged findings are listed apart (JSON: "acknowledged", with the reason) and do not fail the run; an
acknowledgement without a reason, of an unknown rule, or of a rule that reports nothing is itself a finding.`;

/** Exit 1 when there are open findings, so CI can gate a pull request on a clean review. */
export function lintCommand(context: CliContext): Command {
  const command = new Command('lint')
    .description('review the policies: what selects nothing, what cannot resolve, what is too broad')
    .argument('<input...>', INPUT_ARGUMENT)
    .addHelpText(
      'after',
      `\nRules:\n${RULES_HELP}\n\n${ACKNOWLEDGE_HELP}\n\nExit status: 0 no findings, 1 findings, 2 bad input.`,
    );
  addJson(command);
  addLintConfig(command);
  command.addOption(
    new Option(
      '--format <format>',
      'text, or SARIF 2.1.0 for code scanning (file, line and column of each object)',
    )
      .choices(['text', 'sarif'])
      .default('text')
      .conflicts('json'),
  );
  example(
    command,
    'npm run netpol -- lint dist',
    'npm run netpol -- lint dist --format sarif > netpol.sarif',
  );
  type LintOptions = InputOptions & LintConfigOptions & { json?: boolean; format: 'text' | 'sarif' };
  return command.action((inputs: string[], options: LintOptions) => {
    const model = loadModel(context, inputs, options);
    const report = lintReport(model, options);
    let stdout: string;
    if (options.format === 'sarif') {
      stdout = json(renderSarif(report, model, { version: packageVersion() }));
    } else stdout = options.json ? json(withSkipped(report, model)) : renderReport(report);
    context.finish({ stdout, exitCode: report.findings.length > 0 ? EXIT.findings : EXIT.ok });
  });
}
