import { Command, Option } from 'commander';
import {
  DEFAULT_POD_CIDRS,
  InputError,
  connectionsFromProbes,
  connectionsToJson,
  exposureToJson,
  formatProbe,
  summarizeSkipped,
  type ClusterModel,
  type Connection,
  type ExternalEndpoint,
  type Focus,
  type Probe,
} from '../../lib/analysis';
import {
  addFocusFilters,
  focusOf,
  isFocused,
  namespaceMatcher,
  patternsMatchingNothing,
  type FocusOptions,
} from '../filters';
import { EXIT, json, withSkipped, type CliContext } from '../io';
import {
  INPUT_ARGUMENT,
  addExternals,
  addFormat,
  addJson,
  addProbes,
  collectText,
  example,
  inputName,
  loadModel,
  type InputOptions,
} from '../options';
import { renderConnections, renderExposure } from '../render/connections';
import { connectionsGraph, renderDot } from '../render/dot';
import { code, renderReachMarkdown, skippedMarkdown } from '../render/markdown';
import { renderSvg } from '../render/svg';
import { renderMatrix } from '../render/matrix';

interface ReachOptions extends FocusOptions, InputOptions {
  probe?: Probe[];
  external: ExternalEndpoint[];
  json?: boolean;
  format: 'text' | 'dot' | 'md' | 'svg';
  exposure?: boolean;
  podCidr?: string[];
}

/** The graph shows every endpoint, or with a focus only those of the flows kept. */
function graphIds(model: ClusterModel, edges: readonly Connection[], focused: boolean): string[] {
  if (!focused) return model.endpointIds();
  return [...new Set(edges.flatMap(({ from, to }) => [from, to]))].sort();
}

/**
 * The formats a reviewer reads, over one connectivity list: the exact one, or what the probes prove (and then
 * the Markdown says which ports were checked).
 */
async function reviewerOutput(
  model: ClusterModel,
  connections: readonly Connection[],
  options: ReachOptions,
): Promise<string> {
  if (options.format === 'md') {
    const scope =
      options.probe &&
      `Ports checked: ${options.probe.map(formatProbe).join(', ')}; other ports are not shown.`;
    return renderReachMarkdown(connections, { scope });
  }
  const graph = connectionsGraph(graphIds(model, connections, isFocused(options)), connections);
  return options.format === 'dot' ? renderDot(graph) : renderSvg(graph);
}

/** `reach --probe`: one answer per probe, as before the connectivity list. */
async function probeOutput(
  model: ClusterModel,
  probes: readonly Probe[],
  options: ReachOptions,
  focus: Focus,
) {
  const results = probes.map((probe) => ({ probe, allowed: model.reach(probe, focus) }));
  if (options.json) return { probes: results.map(({ probe, allowed }) => ({ ...probe, allowed })) };
  const focused = isFocused(options);
  if (options.format !== 'text') return reviewerOutput(model, connectionsFromProbes(results), options);
  const ids = model.endpointIds();
  const text = results.map(({ probe, allowed }) => renderMatrix(probe, ids, allowed, { focused }));
  return `${text.join('\n\n')}\n`;
}

/** `reach` without --probe: the connectivity list, every port at once. */
async function connectionsOutput(model: ClusterModel, options: ReachOptions, focus: Focus) {
  const connections = model.connections(focus);
  if (options.json) return connectionsToJson(connections);
  if (options.format !== 'text') return reviewerOutput(model, connections, options);
  return `${renderConnections(connections, model.endpointIds().length)}\n`;
}

/** The focus filters apply to exposure too: the policies of the filtered namespaces, the workloads of --from/--to. */
function exposureOf(model: ClusterModel, options: ReachOptions, focus: Focus) {
  return model.exposure({
    podCidrs: options.podCidr,
    namespace: options.namespaceFilter && namespaceMatcher(options.namespaceFilter),
    workload:
      focus.from || focus.to
        ? (endpoint, direction) => {
            const test = direction === 'egress' ? focus.from : focus.to;
            return !test || test(endpoint);
          }
        : undefined,
  });
}

export function reachCommand(context: CliContext): Command {
  const command = new Command('reach')
    .description(
      'list what each pair of endpoints may open (source egress AND destination ingress): every port, or --probe',
    )
    .argument('<input...>', INPUT_ARGUMENT);
  addProbes(command);
  addExternals(command);
  addFocusFilters(command);
  command
    .option('--exposure', 'also list rules that admit pods or addresses beyond the input (potential peers)')
    .addOption(
      new Option(
        '--pod-cidr <cidr>',
        `where pod addresses live, for --exposure of ipBlocks, repeatable (default ${DEFAULT_POD_CIDRS.join(', ')})`,
      ).argParser(collectText),
    );
  addJson(command);
  addFormat(
    command,
    'text (list, or matrix with --probe), Graphviz DOT, Markdown for a pull-request comment, or an SVG drawing',
    ['dot', 'md', 'svg'],
  );
  command.addHelpText(
    'after',
    `
Semantics (networking.k8s.io/v1): a flow needs the source's egress AND the destination's ingress.
  Without --probe, each pair's ports are derived from the rules: the union of the ports of the rules
  admitting it on each side (no ports: every port; endPort: a range; named ports resolve on the
  destination's containers), intersected; a side no policy isolates allows every port.
  A Pod always reaches itself (Kubernetes: "a pod cannot block access to itself"); a workload's pair
  with itself stands for traffic between its replicas, which policies govern.
  hostNetwork pods are never isolated and never matched by pod or namespace selectors; only an
  ipBlock matches their (node) IP, and named ports do not resolve on them.
  Externals (--external) are unrestricted on their side and matched only by ipBlock; a pair of two
  externals is never listed.`,
  );
  example(
    command,
    'npm run netpol -- reach dist --external internet=203.0.113.10',
    'npm run netpol -- reach dist --namespace-filter shop --exposure',
    'npm run netpol -- reach dist --probe TCP/80 --probe UDP/53 --external internet=203.0.113.10',
    'npm run netpol -- reach dist --format svg > flows.svg',
    'npm run netpol -- reach dist --format md > comment.md',
  );
  return command.action(async (inputs: string[], options: ReachOptions) => {
    if (options.exposure && options.format !== 'text') {
      throw new InputError(
        undefined,
        `--exposure prints text or JSON, not --format ${options.format}: drop --format`,
      );
    }
    if (options.podCidr && !options.exposure) {
      throw new InputError(
        undefined,
        '--pod-cidr applies to --exposure only: add --exposure or drop --pod-cidr',
      );
    }
    const model = loadModel(context, inputs, options, { answersPairs: true });
    const focus = focusOf(options);
    const endpoints = model.endpointIds().map((id) => model.endpoint(id));
    for (const notice of patternsMatchingNothing(options, endpoints)) context.notice(notice);
    const answer = options.probe
      ? await probeOutput(model, options.probe, options, focus)
      : await connectionsOutput(model, options, focus);
    const exposure = options.exposure ? exposureOf(model, options, focus) : undefined;
    let stdout: string;
    if (options.json) {
      const document = exposure ? { ...(answer as object), exposure: exposureToJson(exposure) } : answer;
      stdout = json(withSkipped(document as object, model));
    } else {
      stdout = answer as string;
      if (options.format === 'md') {
        stdout =
          skippedMarkdown('answer', [summarizeSkipped(model.input.skipped, code(inputName(inputs)))]) +
          stdout;
      }
      if (exposure) stdout += `\n${renderExposure(exposure)}\n`;
    }
    context.finish({ stdout, exitCode: EXIT.ok });
  });
}
