import { Command } from 'commander';
import type { ClusterModel } from '../../lib/analysis';
import { EXIT, json, withSkipped, type CliContext } from '../io';
import { INPUT_ARGUMENT, addJson, example, inputName, loadModel, type InputOptions } from '../options';

function section(
  model: ClusterModel,
  title: string,
  uncovered: readonly string[],
  baselineOnly: readonly string[],
  total: number,
): string {
  if (uncovered.length === 0 && baselineOnly.length === 0) {
    return `${title}: every workload (${total}) is isolated by a policy`;
  }
  const lines = uncovered.map((id) =>
    model.endpoint(id).hostNetwork ? `  ${id} (hostNetwork: no policy can isolate it)` : `  ${id}`,
  );
  const baseline =
    baselineOnly.length === 0
      ? []
      : [
          `${title}: ${baselineOnly.length} of ${total} workloads are covered only by the Baseline tier (no NetworkPolicy isolates them)`,
          ...baselineOnly.map((id) => `  ${id}`),
        ];
  const open =
    uncovered.length === 0
      ? []
      : [`${title}: ${uncovered.length} of ${total} workloads are not isolated by any policy`, ...lines];
  return [...open, ...baseline].join('\n');
}

export function coverageCommand(context: CliContext): Command {
  const command = new Command('coverage')
    .description(
      'list the workloads that no policy isolates, per direction ("cover every pod"), and those covered only ' +
        'by a Baseline ClusterNetworkPolicy',
    )
    .argument('<input...>', INPUT_ARGUMENT);
  addJson(command);
  example(command, 'npm run netpol -- coverage dist --json');
  return command.action((inputs: string[], options: InputOptions & { json?: boolean }) => {
    const model = loadModel(context, inputs, options);
    const coverage = model.coverage();
    const total = model.endpointIds().length;
    const stdout = options.json
      ? json(withSkipped(coverage, model))
      : model.input.workloads === 0
        ? `no workloads found in ${inputName(inputs)}\n`
        : `${section(model, 'Ingress', coverage.uncovered.ingress, coverage.baselineOnly.ingress, total)}\n${section(model, 'Egress', coverage.uncovered.egress, coverage.baselineOnly.egress, total)}\n`;
    context.finish({ stdout, exitCode: EXIT.ok });
  });
}
