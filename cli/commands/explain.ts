import { Command, Option } from 'commander';
import {
  formatProbe,
  type Explanation,
  type ExternalEndpoint,
  type Probe,
  type SideVerdict,
} from '../../lib/analysis';
import { EXIT, json, withSkipped, type CliContext } from '../io';
import {
  INPUT_ARGUMENT,
  addExternals,
  addJson,
  example,
  loadModel,
  parseProbe,
  type InputOptions,
} from '../options';

interface ExplainOptions extends InputOptions {
  from: string;
  to: string;
  probe: Probe;
  external: ExternalEndpoint[];
  json?: boolean;
}

/** With ClusterNetworkPolicies in the input, each side is a chain through the tiers. */
function describeTiers(label: string, side: SideVerdict): string {
  return [
    `  ${label} of ${side.endpoint}: ${side.chain.join(' → ')}`,
    ...side.notEvaluated.map((peer) => `    not evaluated: ${peer}`),
  ].join('\n');
}

function describeSide(label: string, side: SideVerdict, tiered: boolean): string {
  if (tiered) return describeTiers(label, side);
  if (!side.isolated) return `  ${label} of ${side.endpoint}: allowed, no policy isolates it`;
  const isolation = `isolated by ${side.policies.join(', ')}`;
  const rules = side.allowedBy.map((ref) => `${ref.policy} ${ref.direction}[${ref.rule}]`);
  const verdict = side.allowed
    ? `allowed by ${rules.join(', ')}`
    : 'DENIED, no rule of these policies admits it';
  return `  ${label} of ${side.endpoint}: ${verdict} (${isolation})`;
}

function renderExplanation(explanation: Explanation, tiered: boolean): string {
  const verdict = explanation.allowed ? 'ALLOWED' : 'DENIED';
  return [
    `${formatProbe(explanation)} from ${explanation.from} to ${explanation.to}: ${verdict}`,
    ...(explanation.note ? [`  note: ${explanation.note}`] : []),
    describeSide('egress', explanation.egress, tiered),
    describeSide('ingress', explanation.ingress, tiered),
    '',
  ].join('\n');
}

export function explainCommand(context: CliContext): Command {
  const command = new Command('explain')
    .description(
      'say whether one flow is allowed, and why: the policies isolating each side and the rules admitting it ' +
        '(with ClusterNetworkPolicies, the chain of tiers on each side)',
    )
    .argument('<input...>', INPUT_ARGUMENT)
    .addOption(
      new Option('--from <id>', 'source: namespace/name, or an --external name').makeOptionMandatory(),
    )
    .addOption(
      new Option('--to <id>', 'destination: namespace/name, or an --external name').makeOptionMandatory(),
    )
    .addOption(
      new Option('--probe <PROTO/PORT>', 'protocol and port, e.g. TCP/80')
        .argParser(parseProbe)
        .makeOptionMandatory(),
    );
  addExternals(command);
  addJson(command);
  example(command, 'npm run netpol -- explain dist --from shop/frontend --to shop/api --probe TCP/8080');
  return command.action((inputs: string[], options: ExplainOptions) => {
    const model = loadModel(context, inputs, options);
    const explanation = model.explain(options.from, options.to, options.probe);
    const tiered = model.clusterPolicies().length > 0;
    context.finish({
      stdout: options.json ? json(withSkipped(explanation, model)) : renderExplanation(explanation, tiered),
      exitCode: EXIT.ok,
    });
  });
}
