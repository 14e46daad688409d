import { Command, Option } from 'commander';
import {
  diffPairs,
  formatProbe,
  type ExternalEndpoint,
  type Probe,
  type ProbeDiff,
} from '../../lib/analysis';
import { EXIT, json, type CliContext } from '../io';
import { addExternals, addJson, addProbes, example, loadModel } from '../options';

interface DiffOptions {
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
    .addOption(new Option('--before <dir>', 'manifests before the change').makeOptionMandatory())
    .addOption(new Option('--after <dir>', 'manifests after the change').makeOptionMandatory());
  addProbes(command);
  addExternals(command);
  addJson(command);
  example(command, 'npm run netpol -- diff --before base/dist --after dist --probe TCP/80 --probe UDP/53');
  return command.action((options: DiffOptions) => {
    // One model at a time: the first is dropped before the second is read, which halves peak memory.
    const reachOf = (dir: string) => {
      const model = loadModel(dir, options.external);
      return options.probe.map((probe) => model.reach(probe));
    };
    const before = reachOf(options.before);
    const after = reachOf(options.after);
    const probes = options.probe.map((probe, i) => diffPairs(probe, before[i], after[i]));
    const stdout = options.json ? json({ probes }) : `${probes.map(renderDiff).join('\n')}\n`;
    context.finish({ stdout, exitCode: EXIT.ok });
  });
}
