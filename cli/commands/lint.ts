import { Command } from 'commander';
import { LINT_RULES, type Finding } from '../../lib/analysis';
import { EXIT, json, type CliContext } from '../io';
import { addJson, example, loadModel } from '../options';

function renderFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings\n';
  const lines = findings.map((finding) => `${finding.object}: ${finding.rule}: ${finding.message}`);
  return `${lines.join('\n')}\n${findings.length} finding${findings.length === 1 ? '' : 's'}\n`;
}

const RULES_HELP = Object.entries(LINT_RULES)
  .map(([rule, reason]) => `  ${rule.padEnd(30)} ${reason}`)
  .join('\n');

/** Exit 1 when there are findings, so CI can gate a pull request on a clean review. */
export function lintCommand(context: CliContext): Command {
  const command = new Command('lint')
    .description('review the policies: what selects nothing, what cannot resolve, what is too broad')
    .argument('<dir>', 'folder of manifests, read recursively (*.yaml, *.yml)')
    .addHelpText('after', `\nRules:\n${RULES_HELP}\n\nExit status: 0 no findings, 1 findings, 2 bad input.`);
  addJson(command);
  example(command, 'npm run netpol -- lint dist');
  return command.action((dir: string, options: { json?: boolean }) => {
    const findings = loadModel(dir).lint();
    const stdout = options.json ? json({ findings }) : renderFindings(findings);
    context.finish({ stdout, exitCode: findings.length > 0 ? EXIT.findings : EXIT.ok });
  });
}
