import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  ClusterModel,
  PROTOCOLS,
  isProtocol,
  loadManifestDir,
  type ExternalEndpoint,
  type Probe,
} from '../lib/analysis';
import { portNumberProblem } from '../lib/kubernetes';

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

function collect<T>(parse: (text: string) => T) {
  return (text: string, previous: T[] | undefined): T[] => [...(previous ?? []), parse(text)];
}

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

export function example(command: Command, ...lines: string[]): Command {
  return command.addHelpText('after', `\nExample:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`);
}

/** Reads a folder of manifests into a model; bad input surfaces as a InputError (exit 2). */
export function loadModel(dir: string, externals: readonly ExternalEndpoint[] = []): ClusterModel {
  return ClusterModel.fromManifests(loadManifestDir(dir), { externals });
}
