import { Command, Option } from 'commander';
import type { ExternalEndpoint, Probe } from '../../lib/analysis';
import { EXIT, json, withSkipped, type CliContext } from '../io';
import {
  INPUT_ARGUMENT,
  addExternals,
  addJson,
  addProbes,
  example,
  loadModel,
  type InputOptions,
} from '../options';
import { renderDot } from '../render/dot';
import { renderMatrix } from '../render/matrix';

interface ReachOptions extends InputOptions {
  probe: Probe[];
  external: ExternalEndpoint[];
  json?: boolean;
  format: 'text' | 'dot';
}

export function reachCommand(context: CliContext): Command {
  const command = new Command('reach')
    .description('list every allowed flow (source egress AND destination ingress) for each probe')
    .argument('<input...>', INPUT_ARGUMENT);
  addProbes(command);
  addExternals(command);
  addJson(command);
  command.addOption(
    new Option('--format <format>', 'text matrix or Graphviz DOT')
      .choices(['text', 'dot'])
      .default('text')
      .conflicts('json'),
  );
  command.addHelpText(
    'after',
    `
Semantics (networking.k8s.io/v1): a flow needs the source's egress AND the destination's ingress.
  A Pod always reaches itself (Kubernetes: "a pod cannot block access to itself"); a workload's pair
  with itself stands for traffic between its replicas, which policies govern.
  hostNetwork pods are never isolated and never matched by pod or namespace selectors; only an
  ipBlock matches their (node) IP, and named ports do not resolve on them.
  Externals (--external) are unrestricted on their side and matched only by ipBlock.`,
  );
  example(
    command,
    'npm run netpol -- reach dist --probe TCP/80 --probe UDP/53 --external internet=203.0.113.10',
    'npm run netpol -- reach dist --probe TCP/80 --format dot | dot -Tsvg > flows.svg',
  );
  return command.action((inputs: string[], options: ReachOptions) => {
    const model = loadModel(context, inputs, options);
    const results = options.probe.map((probe) => ({ probe, allowed: model.reach(probe) }));
    const ids = model.endpointIds();
    let stdout: string;
    if (options.json) {
      stdout = json(
        withSkipped({ probes: results.map(({ probe, allowed }) => ({ ...probe, allowed })) }, model),
      );
    } else if (options.format === 'dot') {
      stdout = renderDot(ids, results);
    } else {
      stdout = `${results.map(({ probe, allowed }) => renderMatrix(probe, ids, allowed)).join('\n\n')}\n`;
    }
    context.finish({ stdout, exitCode: EXIT.ok });
  });
}
