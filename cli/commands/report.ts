import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import {
  InputError,
  connectionsFromProbes,
  formatProbe,
  isExternalId,
  summarizeSkipped,
  type ExternalEndpoint,
  type Probe,
} from '../../lib/analysis';
import { EXIT, type CliContext } from '../io';
import { lintReport, addLintConfig, type LintConfigOptions } from '../lint-config';
import {
  INPUT_ARGUMENT,
  addExternals,
  addProbes,
  example,
  inputName,
  loadModel,
  type InputOptions,
} from '../options';
import { connectionsGraph } from '../render/dot';
import { renderReportHtml } from '../render/html';
import { renderSvg } from '../render/svg';

interface ReportOptions extends InputOptions, LintConfigOptions {
  probe?: Probe[];
  external: ExternalEndpoint[];
  output: string;
}

/** Writes one self-contained HTML page: the flow graph, the connectivity with a filter, coverage and lint. */
export function reportCommand(context: CliContext): Command {
  const command = new Command('report')
    .description(
      'write one self-contained HTML page: flow graph, connectivity (with a filter), coverage, lint',
    )
    .argument('<input...>', INPUT_ARGUMENT)
    .addOption(new Option('-o, --output <file>', 'the HTML file to write').makeOptionMandatory());
  addProbes(command);
  addExternals(command);
  addLintConfig(command);
  example(
    command,
    'npm run netpol -- report dist --external internet=203.0.113.10 -o report.html',
    'npm run netpol -- report dist --probe TCP/80 --probe UDP/53 -o report.html',
  );
  return command.action(async (inputs: string[], options: ReportOptions) => {
    const model = loadModel(context, inputs, options, { answersPairs: true });
    const ids = model.endpointIds();
    const connections = options.probe
      ? connectionsFromProbes(options.probe.map((probe) => ({ probe, allowed: model.reach(probe) })))
      : model.connections();
    const html = renderReportHtml({
      title: `netpol report: ${inputName(inputs)}`,
      skipped: summarizeSkipped(model.input.skipped, inputName(inputs)),
      scope:
        options.probe &&
        `Ports checked: ${options.probe.map(formatProbe).join(', ')}; other ports are not shown.`,
      svg: await renderSvg(connectionsGraph(ids, connections)),
      connections,
      coverage: model.coverage(),
      workloads: ids.filter((id) => !isExternalId(id)).length,
      lint: lintReport(model, options),
    });
    try {
      writeFileSync(options.output, html);
    } catch (error) {
      const problem = String((error as { message?: unknown }).message ?? error).split(', ')[0];
      throw new InputError({ file: options.output }, `cannot write the report (${problem})`);
    }
    context.finish({ stdout: '', exitCode: EXIT.ok });
  });
}
