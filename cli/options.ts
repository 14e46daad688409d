import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  ClusterModel,
  PROTOCOLS,
  STDIN_NAME,
  isProtocol,
  readInputs,
  renderFirstHint,
  summarizeSkipped,
  type ExternalEndpoint,
  type Probe,
} from '../lib/analysis';
import { dnsLabelProblem, portNumberProblem } from '../lib/kubernetes';
import type { CliContext } from './io';

const PROBE = /^([A-Za-z]+)\/(\d+)$/;

export function parseProbe(text: string): Probe {
  const match = PROBE.exec(text.trim());
  const protocol = match?.[1].toUpperCase();
  const port = Number(match?.[2]);
  if (!isProtocol(protocol) || portNumberProblem(port)) {
    throw new InvalidArgumentError(
      `Expected PROTOCOL/PORT such as TCP/80 (${PROTOCOLS.join(', ')}; port 1-65535).`,
    );
  }
  return { protocol, port };
}

export function parseExternal(text: string): ExternalEndpoint {
  const separator = text.indexOf('=');
  if (separator <= 0 || separator === text.length - 1) {
    throw new InvalidArgumentError('Expected NAME=IP such as internet=203.0.113.10.');
  }
  return { name: text.slice(0, separator), ip: text.slice(separator + 1) };
}

/** The argParser of a repeatable option: each occurrence parsed and appended. */
function collect<T>(parse: (text: string) => T) {
  return (text: string, previous: T[] | undefined): T[] => [...(previous ?? []), parse(text)];
}

/** The argParser of a repeatable option kept as written (patterns, CIDRs checked where they are used). */
export const collectText = collect((text: string): string => text);

/** `--probe`, repeatable; without it, reach and diff answer for every port at once. */
export function addProbes(command: Command): Command {
  return command.addOption(
    new Option(
      '--probe <PROTO/PORT>',
      'judge only this protocol and port, repeatable (e.g. TCP/80, UDP/53); without it, every port',
    ).argParser(collect(parseProbe)),
  );
}

export function addExternals(command: Command): Command {
  return command.addOption(
    new Option('--external <NAME=IP>', 'an endpoint outside the cluster, matched only by ipBlock, repeatable')
      .argParser(collect(parseExternal))
      .default([], 'none'),
  );
}

export function addJson(command: Command): Command {
  return command.option('--json', 'print one JSON document on stdout');
}

/** `--format`: text (the default) or one of `formats`; not with --json, which is a document of its own. */
export function addFormat(command: Command, description: string, formats: readonly string[]): Command {
  return command.addOption(
    new Option('--format <format>', description)
      .choices(['text', ...formats])
      .default('text')
      .conflicts('json'),
  );
}

export function example(command: Command, ...lines: string[]): Command {
  return command.addHelpText('after', `\nExample:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`);
}

/** The help text of a command's input argument. */
export const INPUT_ARGUMENT =
  'folders (read recursively: *.yaml, *.yml, *.json), files, or - for standard input; read together as one cluster';

export function parseNamespace(text: string): string {
  const problem = dnsLabelProblem(text);
  if (problem) throw new InvalidArgumentError(`A namespace name ${problem}.`);
  return text;
}

/** Options every command that reads manifests takes (added to each command by the program). */
export function addInputOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--namespace <name>', 'namespace of the objects that name none (as kubectl apply -n)')
        .argParser(parseNamespace)
        .default('default'),
    )
    .option('--no-collapse', 'keep Pods, ReplicaSets and Jobs apart from the owner they belong to');
}

export interface InputOptions {
  namespace?: string;
  collapse?: boolean;
  external?: readonly ExternalEndpoint[];
}

export const inputName = (inputs: readonly string[]): string =>
  inputs.map((input) => (input === '-' ? STDIN_NAME : input)).join(' ');

/** What the reader should know about the input besides the answer: one line each, on stderr. */
function reportInput(context: CliContext, model: ClusterModel, name: string, answersPairs: boolean): void {
  const { skipped, collapsed } = model.input;
  const lines = [
    summarizeSkipped(skipped, name),
    renderFirstHint(skipped) && `hint: ${renderFirstHint(skipped)}`,
    collapsed > 0 &&
      `folded ${collapsed} Pod(s), ReplicaSet(s) and Job(s) into their owners in ${name} (--no-collapse keeps them apart)`,
    // Policies alone allow no pair: an empty answer must not read as "everything denied" or "nothing changed".
    answersPairs &&
      model.input.workloads === 0 &&
      `no workloads found in ${name}: no pair of workloads to answer for (add the Pods or workloads the policies select)`,
  ];
  for (const line of lines) if (line) context.notice(line);
}

/**
 * Reads the inputs into one model, one file at a time; bad input surfaces as an InputError (exit 2), and what the
 * input held that netpol does not evaluate is named on stderr.
 */
export function loadModel(
  context: CliContext,
  inputs: string | readonly string[],
  options: InputOptions = {},
  { answersPairs = false }: { answersPairs?: boolean } = {},
): ClusterModel {
  const paths = typeof inputs === 'string' ? [inputs] : inputs;
  const model = ClusterModel.fromManifests(readInputs(paths, { readStdin: context.readStdin }), {
    externals: options.external ?? [],
    namespace: options.namespace,
    collapseOwned: options.collapse,
  });
  reportInput(context, model, inputName(paths), answersPairs);
  return model;
}
