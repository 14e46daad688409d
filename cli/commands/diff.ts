import { Command, Option } from 'commander';
import {
  connectionDiffToJson,
  connectionsFromProbes,
  diffConnections,
  diffPairs,
  formatProbe,
  policyChanges,
  summarizeSkipped,
  type ClusterModel,
  type ConnectionDiff,
  type ExternalEndpoint,
  type Focus,
  type Probe,
  type ProbeDiff,
} from '../../lib/analysis';
import { addFocusFilters, focusOf, patternsMatchingNothing, type FocusOptions } from '../filters';
import { EXIT, json, withSkipped, type CliContext } from '../io';
import {
  addExternals,
  addFormat,
  addJson,
  addProbes,
  example,
  loadModel,
  type InputOptions,
} from '../options';
import { renderConnectionDiff } from '../render/connections';
import { diffGraph } from '../render/dot';
import { code, renderDiffMarkdown, skippedMarkdown } from '../render/markdown';
import { renderSvg } from '../render/svg';

interface DiffOptions extends FocusOptions, InputOptions {
  before: string;
  after: string;
  probe?: Probe[];
  external: ExternalEndpoint[];
  json?: boolean;
  format: 'text' | 'md' | 'svg';
}

/** What the probes prove, as connections, for the formats that draw or table a connectivity change. */
function probedConnections(model: ClusterModel, probes: readonly Probe[], focus: Focus) {
  return connectionsFromProbes(probes.map((probe) => ({ probe, allowed: model.reach(probe, focus) })));
}

/** Markdown for a pull-request comment, or the change drawn; with --probe they say which ports were checked. */
async function reviewerOutput(
  [before, after]: readonly [ClusterModel, ClusterModel],
  diff: ConnectionDiff,
  options: DiffOptions,
): Promise<string> {
  if (options.format === 'svg') return renderSvg(diffGraph(diff));
  const scope =
    options.probe &&
    `Ports checked: ${options.probe.map(formatProbe).join(', ')}; other ports are not shown.`;
  return renderDiffMarkdown(diff, policyChanges(before, after), { scope });
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
  addFormat(command, 'text, Markdown for a pull-request comment, or an SVG drawing', ['md', 'svg']);
  example(
    command,
    // dist/ against dist/ plus the cluster DNS (examples/cluster): what adding kube-dns opens. Runs as written.
    'npm run netpol -- diff --before dist --after examples/cluster',
    'npm run netpol -- diff --before dist --after examples/cluster --probe TCP/53 --probe UDP/53',
    'npm run netpol -- diff --before dist --after examples/cluster --format md > comment.md',
  );
  return command.action(async (options: DiffOptions) => {
    const before = loadModel(context, options.before, options, { answersPairs: true });
    const after = loadModel(context, options.after, options, { answersPairs: true });
    const focus = focusOf(options);
    const endpoints = [before, after].flatMap((model) => model.endpointIds().map((id) => model.endpoint(id)));
    for (const notice of patternsMatchingNothing(options, endpoints)) context.notice(notice);
    let stdout: string;
    if (options.format !== 'text') {
      const diff = options.probe
        ? diffConnections(
            probedConnections(before, options.probe, focus),
            probedConnections(after, options.probe, focus),
          )
        : diffConnections(before.connections(focus), after.connections(focus));
      stdout = await reviewerOutput([before, after], diff, options);
      if (options.format === 'md') {
        const notes = skippedMarkdown('diff', [
          summarizeSkipped(before.input.skipped, code(options.before)),
          summarizeSkipped(after.input.skipped, code(options.after)),
        ]);
        stdout = notes + stdout;
      }
    } else if (options.probe) {
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
