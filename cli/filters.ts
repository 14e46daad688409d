import { Option, type Command } from 'commander';
import type * as Minimatch from 'minimatch';
import type { Endpoint, Focus } from '../lib/analysis';
import { collectText } from './options';

// minimatch loads when a focus filter is given, not with every command (nor `netpol --help`).
let minimatchModule: typeof Minimatch | undefined;
function matchesGlob(text: string, pattern: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use
  minimatchModule ??= require('minimatch') as typeof Minimatch;
  return minimatchModule.minimatch(text, pattern, { dot: true });
}

export interface FocusOptions {
  from?: string[];
  to?: string[];
  namespaceFilter?: string[];
}

/** --from, --to and --namespace-filter: glob patterns (minimatch), each repeatable, a flow kept if any matches. */
export function addFocusFilters(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--from <pattern>',
        "only flows from matching sources: a glob on namespace/name ('shop/*', '*/api'), a namespace ('shop') or an --external name; repeatable",
      ).argParser(collectText),
    )
    .addOption(
      new Option('--to <pattern>', 'only flows to matching destinations, as --from; repeatable').argParser(
        collectText,
      ),
    )
    .addOption(
      new Option(
        '--namespace-filter <pattern>',
        "only flows with at least one side in a matching namespace (a glob: 'shop', 'team-0*'); repeatable",
      ).argParser(collectText),
    );
}

/**
 * A pattern with a '/' is matched against the whole id; one without matches a namespace or an external's name, so
 * `--from shop` reads one namespace and `--from internet` one external.
 */
function endpointMatcher(patterns: readonly string[]): (endpoint: Endpoint) => boolean {
  const tests = patterns.map((pattern) => {
    const matches = (text: string) => matchesGlob(text, pattern);
    return pattern.includes('/')
      ? (endpoint: Endpoint) => matches(endpoint.id)
      : (endpoint: Endpoint) => matches(endpoint.namespace ?? endpoint.id);
  });
  return (endpoint) => tests.some((test) => test(endpoint));
}

export function namespaceMatcher(patterns: readonly string[]): (namespace: string) => boolean {
  return (namespace) => patterns.some((pattern) => matchesGlob(namespace, pattern));
}

const inNamespace =
  (matches: (namespace: string) => boolean) =>
  (endpoint: Endpoint): boolean =>
    endpoint.namespace !== undefined && matches(endpoint.namespace);

export function focusOf(options: FocusOptions): Focus {
  return {
    from: options.from && endpointMatcher(options.from),
    to: options.to && endpointMatcher(options.to),
    either: options.namespaceFilter && inNamespace(namespaceMatcher(options.namespaceFilter)),
  };
}

/**
 * One notice per pattern that matches no endpoint of the inputs: a typo in a filter otherwise reads as
 * "0 connection(s)", i.e. as everything denied.
 */
export function patternsMatchingNothing(options: FocusOptions, endpoints: readonly Endpoint[]): string[] {
  const flags: Array<
    [string, string[] | undefined, (patterns: string[]) => (endpoint: Endpoint) => boolean]
  > = [
    ['--from', options.from, endpointMatcher],
    ['--to', options.to, endpointMatcher],
    ['--namespace-filter', options.namespaceFilter, (patterns) => inNamespace(namespaceMatcher(patterns))],
  ];
  return flags.flatMap(([flag, patterns, matcher]) =>
    (patterns ?? [])
      .filter((pattern) => !endpoints.some(matcher([pattern])))
      .map((pattern) => `${flag} '${pattern}' matches no endpoint of the input: no flow is kept for it`),
  );
}

export const isFocused = (options: FocusOptions): boolean =>
  Boolean(options.from || options.to || options.namespaceFilter);
