import { Command, Option } from 'commander';
import {
  diffPairs,
  formatProbe,
  type ExternalEndpoint,
  type Probe,
  type ProbeDiff,
} from '../../lib/analysis';
import { EXIT, json, withSkipped, type CliContext } from '../io';
import { addExternals, addJson, addProbes, example, loadModel, type InputOptions } from '../options';

interface DiffOptions extends InputOptions {
  before: string;
  after: string;
  probe: Probe[];
  external: ExternalEndpoint[];
  json?: boolean;
}

function renderDiff(diff: ProbeDiff): string {
  const lines = [
    `${formatProbe(diff)}: ${diff.added.length} flow(s) opened, ${diff.removed.length} closed`,
    ...diff.added.map(([from, to]) => `  + ${from} -> ${to}`),
    ...diff.removed.map(([from, to]) => `  - ${from} -> ${to}`),
  ];
  return lines.join('\n');
}

export function diffCommand(context: CliContext): Command {
  const command = new Command('diff')
    .description('show the flows a change opens (added) and closes (removed)')
    .addOption(
      new Option(
        '--before <input>',
        'manifests before the change: a folder, a file or -',
      ).makeOptionMandatory(),
    )
    .addOption(
      new Option(
        '--after <input>',
        'manifests after the change: a folder, a file or -',
      ).makeOptionMandatory(),
    );
  addProbes(command);
  addExternals(command);
  addJson(command);
  example(command, 'npm run netpol -- diff --before base/dist --after dist --probe TCP/80 --probe UDP/53');
  return command.action((options: DiffOptions) => {
    const before = loadModel(context, options.before, options);
    const after = loadModel(context, options.after, options);
    const probes = options.probe.map((probe) => diffPairs(probe, before.reach(probe), after.reach(probe)));
    const stdout = options.json
      ? json(withSkipped({ probes }, before, after))
      : `${probes.map(renderDiff).join('\n')}\n`;
    context.finish({ stdout, exitCode: EXIT.ok });
  });
}
