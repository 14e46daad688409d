import { Command, Option } from 'commander';
import {
  connectionDiffToJson,
  diffConnections,
  diffPairs,
  formatProbe,
  type ClusterModel,
  type ExternalEndpoint,
  type Focus,
  type Probe,
  type ProbeDiff,
} from '../../lib/analysis';
import { addFocusFilters, focusOf, type FocusOptions } from '../filters';
import { EXIT, json, withSkipped, type CliContext } from '../io';
import { addExternals, addJson, addProbes, example, loadModel, type InputOptions } from '../options';
import { renderConnectionDiff } from '../render/connections';

interface DiffOptions extends FocusOptions, InputOptions {
  before: string;
  after: string;
  probe?: Probe[];
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

function probeDiffs(
  [before, after]: readonly [ClusterModel, ClusterModel],
  probes: Probe[],
  options: DiffOptions,
  focus: Focus,
) {
  const diffs = probes.map((probe) =>
    diffPairs(probe, before.reach(probe, focus), after.reach(probe, focus)),
  );
  return options.json
    ? json(withSkipped({ probes: diffs }, before, after))
    : `${diffs.map(renderDiff).join('\n')}\n`;
}

export function diffCommand(context: CliContext): Command {
  const command = new Command('diff')
    .description('show what a change opens and closes: on every port, or on each --probe')
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
  addFocusFilters(command);
  addJson(command);
  example(
    command,
    'npm run netpol -- diff --before base/dist --after dist',
    'npm run netpol -- diff --before base/dist --after dist --probe TCP/80 --probe UDP/53',
  );
  return command.action((options: DiffOptions) => {
    const before = loadModel(context, options.before, options);
    const after = loadModel(context, options.after, options);
    const focus = focusOf(options);
    let stdout: string;
    if (options.probe) {
      stdout = probeDiffs([before, after], options.probe, options, focus);
    } else {
      const diff = diffConnections(before.connections(focus), after.connections(focus));
      stdout = options.json
        ? json(withSkipped(connectionDiffToJson(diff), before, after))
        : `${renderConnectionDiff(diff)}\n`;
    }
    context.finish({ stdout, exitCode: EXIT.ok });
  });
}
