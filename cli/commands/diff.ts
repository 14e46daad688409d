import { Command, Option } from 'commander';
import {
  connectionsFromProbes,
  diffConnections,
  diffPairs,
  formatProbe,
  policyChanges,
  type ClusterModel,
  type ExternalEndpoint,
  type Probe,
  type ProbeDiff,
} from '../../lib/analysis';
import { EXIT, json, withSkipped, type CliContext } from '../io';
import { addExternals, addJson, addProbes, example, loadModel, type InputOptions } from '../options';
import { diffGraph } from '../render/dot';
import { renderDiffMarkdown } from '../render/markdown';
import { renderSvg } from '../render/svg';

interface DiffOptions extends InputOptions {
  before: string;
  after: string;
  probe: Probe[];
  external: ExternalEndpoint[];
  json?: boolean;
  format: 'text' | 'md' | 'svg';
}

/** Until the exact aggregation lands, the connectivity of a diff is what the probes prove. */
function probedConnections(model: ClusterModel, probes: readonly Probe[]) {
  return connectionsFromProbes(probes.map((probe) => ({ probe, allowed: model.reach(probe) })));
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
  command.addOption(
    new Option('--format <format>', 'text, Markdown for a pull-request comment, or an SVG drawing')
      .choices(['text', 'md', 'svg'])
      .default('text')
      .conflicts('json'),
  );
  example(
    command,
    'npm run netpol -- diff --before base/dist --after dist --probe TCP/80 --probe UDP/53',
    'npm run netpol -- diff --before base/dist --after dist --probe TCP/80 --format md > comment.md',
  );
  return command.action(async (options: DiffOptions) => {
    const before = loadModel(context, options.before, options);
    const after = loadModel(context, options.after, options);
    let stdout: string;
    if (options.format === 'md' || options.format === 'svg') {
      const diff = diffConnections(
        probedConnections(before, options.probe),
        probedConnections(after, options.probe),
      );
      const scope = `Ports checked: ${options.probe.map(formatProbe).join(', ')}; other ports are not shown.`;
      stdout =
        options.format === 'md'
          ? renderDiffMarkdown(diff, policyChanges(before, after), { scope })
          : await renderSvg(diffGraph(diff));
    } else {
      const probes = options.probe.map((probe) => diffPairs(probe, before.reach(probe), after.reach(probe)));
      stdout = options.json
        ? json(withSkipped({ probes }, before, after))
        : `${probes.map(renderDiff).join('\n')}\n`;
    }
    context.finish({ stdout, exitCode: EXIT.ok });
  });
}
