import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import {
  InputError,
  connectionsFromProbes,
  diffConnections,
  formatProbe,
  policyChanges,
  summarizeSkipped,
  type ClusterModel,
  type ConnectionDiff,
  type ExternalEndpoint,
  type Probe,
} from '../lib/analysis';
import { flowAcknowledgement, type LintConfig } from '../lib/analysis/lint-config';

import { EXIT, json, type CliContext, type Io } from './io';
import { lintConfigs, lintReport, DEFAULT_LINT_CONFIG } from './lint-config';
import { loadModel, parseExternal, parseProbe } from './options';
import { diffSummary, renderDiffMarkdown, renderLintMarkdown, skippedMarkdown } from './render/markdown';
import { renderSarif } from './render/sarif';
import { packageVersion } from './version';

interface ReviewOptions {
  base: string;
  failOnOpen?: boolean;
  sarif?: string;
  probe?: Probe[];
  external: ExternalEndpoint[];
  config?: string;
}

/** Runs a program; a failure is an InputError that quotes its own error output. */
function run(command: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    const detail = (stderr || message).trim().split('\n').slice(-3).join(' ');
    throw new InputError(undefined, `${command} ${args.join(' ')} failed in ${cwd}: ${detail}`);
  }
}

/** The opened pairs (new, or with new ports) that no `acknowledgeFlows` entry covers. */
function unacknowledgedOpenings(diff: ConnectionDiff, configs: readonly LintConfig[]) {
  const opened = [
    ...diff.opened.map((c) => ({ from: c.from, to: c.to, ports: c.allowed })),
    ...diff.changed
      .filter((c) => !c.opened.isEmpty())
      .map((c) => ({ from: c.from, to: c.to, ports: c.opened })),
  ];
  return opened.map((flow) => ({ ...flow, acknowledged: flowAcknowledgement(configs, flow.from, flow.to) }));
}

function openingsMarkdown(openings: ReturnType<typeof unacknowledgedOpenings>): string {
  if (openings.length === 0) return '';
  const rows = openings.map(
    ({ from, to, ports, acknowledged }) =>
      `| ${from} | ${to} | ${ports.toString()} | ${acknowledged ? `acknowledged: ${acknowledged.reason.replace(/\|/g, '\\|')}` : '**not acknowledged**'} |`,
  );
  return [
    '#### Openings',
    '',
    '| From | To | Opens | Acknowledgement (`acknowledgeFlows`) |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** Synthesizes the charts of a tree with its own `synth:charts` script, into its own dist/. */
function synthCharts(tree: string): string {
  run('npm', ['run', '--silent', 'synth:charts'], tree);
  return join(tree, 'dist');
}

/**
 * `npm run review -- --base <ref>`: the charts at the base ref (a temporary git worktree sharing this
 * checkout's node_modules) against the working tree, as a Markdown pull-request comment on stdout.
 */
export async function review(options: ReviewOptions, io: Io, cwd = process.cwd()): Promise<number> {
  const root = run('git', ['rev-parse', '--show-toplevel'], cwd).trim();
  run('git', ['rev-parse', '--verify', '--quiet', `${options.base}^{commit}`], root);
  const scratch = mkdtempSync(join(tmpdir(), 'netpol-review-'));
  const baseTree = join(scratch, 'base');
  try {
    run('git', ['worktree', 'add', '--detach', '--quiet', baseTree, options.base], root);
    const modules = join(root, 'node_modules');
    if (existsSync(modules)) symlinkSync(modules, join(baseTree, 'node_modules'), 'dir');
    // What the inputs hold that netpol does not evaluate is said on stderr, as the CLI says it.
    const context: CliContext = {
      finish: () => undefined,
      notice: (line) => io.stderr(`netpol review: ${line}\n`),
    };
    const before = loadModel(context, synthCharts(baseTree), options, { answersPairs: true });
    const after = loadModel(context, synthCharts(root), options, { answersPairs: true });
    // Every port, exactly, unless --probe narrows the review to some.
    const connections = (model: ClusterModel) =>
      options.probe
        ? connectionsFromProbes(options.probe.map((probe) => ({ probe, allowed: model.reach(probe) })))
        : model.connections();
    const diff = diffConnections(connections(before), connections(after));
    const configOptions = { ignore: [], config: options.config ?? configIn(root) };
    const configs = lintConfigs(configOptions);
    const report = lintReport(after, configOptions);
    const openings = unacknowledgedOpenings(diff, configs);
    const scope =
      options.probe &&
      `Ports checked: ${options.probe.map(formatProbe).join(', ')}; other ports are not shown.`;
    const title = `## netpol review: \`${options.base}\` → working tree\n\n`;
    // What the charts hold that netpol does not evaluate goes in the comment too, not only on stderr.
    const skipped = skippedMarkdown('review', [
      summarizeSkipped(before.input.skipped, `\`${options.base}\``),
      summarizeSkipped(after.input.skipped, 'the working tree'),
    ]);
    io.stdout(
      title +
        skipped +
        renderDiffMarkdown(diff, policyChanges(before, after), { scope }) +
        `\n${openingsMarkdown(openings)}\n` +
        renderLintMarkdown(report),
    );
    if (options.sarif)
      writeFileSync(
        options.sarif,
        json(renderSarif(report, after, { version: packageVersion(), cwd: root })),
      );
    const unacknowledged = openings.filter((opening) => !opening.acknowledged);
    io.stderr(`netpol review: ${diffSummary(diff)}; ${unacknowledged.length} opening(s) not acknowledged\n`);
    if (options.failOnOpen && unacknowledged.length > 0) {
      for (const { from, to, ports } of unacknowledged)
        io.stderr(`  opens ${from} -> ${to}: ${ports.toString()}\n`);
      return EXIT.findings;
    }
    return EXIT.ok;
  } finally {
    if (existsSync(baseTree)) run('git', ['worktree', 'remove', '--force', baseTree], root);
    rmSync(scratch, { recursive: true, force: true });
  }
}

function configIn(root: string): string | undefined {
  const file = join(root, DEFAULT_LINT_CONFIG);
  return existsSync(file) ? relative(process.cwd(), file) || file : undefined;
}

function program(): Command {
  return new Command('review')
    .description('review a change: the charts at a git ref against the working tree, as a Markdown comment')
    .addOption(
      new Option('--base <ref>', 'the git ref to compare with, e.g. origin/main').makeOptionMandatory(),
    )
    .option(
      '--fail-on-open',
      'exit 1 when a flow opens that no acknowledgeFlows entry of .netpol.yaml covers',
    )
    .option('--sarif <file>', 'also write the lint findings of the working tree as SARIF 2.1.0')
    .addOption(
      new Option('--probe <PROTO/PORT>', 'only these ports, repeatable (default: every port)').argParser(
        (text: string, previous: Probe[] | undefined) => [...(previous ?? []), parseProbe(text)],
      ),
    )
    .addOption(
      new Option('--external <NAME=IP>', 'an endpoint outside the cluster, repeatable')
        .argParser((text: string, previous: ExternalEndpoint[] | undefined) => [
          ...(previous ?? []),
          parseExternal(text),
        ])
        .default([], 'none'),
    )
    .option(
      '--config <file>',
      `lint config (default: ${DEFAULT_LINT_CONFIG} at the repository root, if present)`,
    )
    .exitOverride();
}

/** Entry point of `npm run review`: exit 0 reviewed, 1 unacknowledged openings (with --fail-on-open), 2 bad input. */
export async function reviewMain(argv: readonly string[], io: Io, cwd = process.cwd()): Promise<number> {
  const command = program().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    command.parse([...argv], { from: 'user' });
    return await review(command.opts<ReviewOptions>(), io, cwd);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    if (error instanceof InputError) {
      io.stderr(`netpol review: error: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return EXIT.badInput;
    }
    throw error;
  }
}
