import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { InputError, decodeText } from '../lib/analysis';
import { coverageCommand } from './commands/coverage';
import { diffCommand } from './commands/diff';
import { explainCommand } from './commands/explain';
import { lintCommand } from './commands/lint';
import { reachCommand } from './commands/reach';
import { reportCommand } from './commands/report';
import { EXIT, type CliContext, type CommandResult, type Io } from './io';
import { addInputOptions } from './options';
import { packageVersion } from './version';

export { EXIT, type Io } from './io';

function buildProgram(context: CliContext, help: string[]): Command {
  const output = { writeOut: (text: string) => help.push(text), writeErr: () => undefined };
  const program = new Command('netpol')
    .description(
      'Offline analysis of Kubernetes NetworkPolicies (networking.k8s.io/v1) and ClusterNetworkPolicies ' +
        '(policy.networking.k8s.io/v1alpha2) in manifests: folders, files or stdin (-)',
    )
    .addHelpText(
      'after',
      // The README's first examples, runnable on a fresh clone after `npm run synth:charts` (a test runs each).
      '\nExamples:\n' +
        '  $ npm run netpol -- reach examples/cluster --external internet=203.0.113.10\n' +
        '  $ npm run netpol -- lint dist\n' +
        '  $ npm run netpol -- diff --before dist --after examples/cluster --format md\n' +
        "\nRun 'netpol <command> --help' for a command's options and example.\n",
    )
    .version(packageVersion(), '--version', 'print the version of netpol')
    .exitOverride()
    .configureOutput(output);
  for (const build of [
    reachCommand,
    coverageCommand,
    lintCommand,
    diffCommand,
    explainCommand,
    reportCommand,
  ]) {
    program.addCommand(addInputOptions(build(context)).exitOverride().configureOutput(output));
  }
  return program;
}

/** Standard input can be read once: `diff --before - --after -` would compare it with nothing. */
function onlyOnce(read: () => string): () => string {
  let consumed = false;
  return () => {
    if (consumed) throw new InputError(undefined, 'standard input (-) can be only one of the inputs');
    consumed = true;
    return read();
  };
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

/**
 * The CLI as a function, so tests run it in-process. Nothing reaches stdout unless the command
 * succeeds; every failure is one line on stderr, never a stack trace.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let result: CommandResult | undefined;
  const help: string[] = [];
  const context: CliContext = {
    finish: (done) => (result = done),
    readStdin: io.stdin && onlyOnce(io.stdin),
    notice: (line) => io.stderr(`netpol: ${line}\n`),
  };
  const program = buildProgram(context, help);
  try {
    if (argv.length === 0) {
      io.stderr(program.helpInformation());
      return EXIT.badInput;
    }
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) {
        io.stdout(help.join(''));
        return EXIT.ok;
      }
      // Commander's own messages already start with "error: ".
      io.stderr(`netpol: ${oneLine(error.message)}\n`);
      return EXIT.badInput;
    }
    if (error instanceof InputError) {
      io.stderr(`netpol: error: ${oneLine(error.message)}\n`);
      return EXIT.badInput;
    }
    io.stderr(`netpol: internal error: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT.internal;
  }
  if (!result) return EXIT.ok;
  io.stdout(result.stdout);
  return result.exitCode;
}

/** Entry point of bin/netpol.js. `exitCode` rather than exit() lets a large stdout flush to a pipe. */
export function main(): void {
  const io: Io = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    // File descriptor 0 reads a pipe or a redirected file to its end, as `helm template ... | netpol reach -` needs.
    stdin: () => decodeText(readFileSync(0)),
  };
  // A reader that stops early (`| head`) closes the pipe: that ends the output, it is no error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? EXIT.ok);
  });
  void run(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
