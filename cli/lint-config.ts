import { existsSync, readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { InputError, type ClusterModel } from '../lib/analysis';
import {
  applyLintConfigs,
  ignoreConfig,
  parseLintConfig,
  type IgnoredRule,
  type LintConfig,
} from '../lib/analysis/lint-config';
import type { LintReport } from '../lib/analysis';

/** The config file read when --config is not given, from the current directory, if there is one. */
export const DEFAULT_LINT_CONFIG = '.netpol.yaml';

export interface LintConfigOptions {
  ignore: string[];
  config?: string;
}

export function addLintConfig(command: Command): Command {
  return command
    .addOption(
      new Option('--ignore <rule>', 'leave out the findings of a lint rule, repeatable (they are counted)')
        .argParser((rule: string, previous: string[] | undefined) => [...(previous ?? []), rule])
        .default([], 'none'),
    )
    .addOption(
      new Option(
        '--config <file>',
        `lint settings: ignored rules and acknowledgements with reasons (default: ${DEFAULT_LINT_CONFIG} if present)`,
      ),
    );
}

function readConfig(file: string): LintConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const problem = String((error as { message?: unknown }).message ?? error).split(', ')[0];
    throw new InputError({ file }, `cannot read the lint config (${problem})`);
  }
  return parseLintConfig(text, file);
}

/** The configs in force: --ignore, then the --config file or the default one. */
export function lintConfigs(options: LintConfigOptions): LintConfig[] {
  const configs = options.ignore.length > 0 ? [ignoreConfig(options.ignore)] : [];
  const file = options.config ?? (existsSync(DEFAULT_LINT_CONFIG) ? DEFAULT_LINT_CONFIG : undefined);
  if (file !== undefined) configs.push(readConfig(file));
  return configs;
}

/** The model's lint report with the configs applied; `ignored` only when a config ignores something. */
export function lintReport(
  model: ClusterModel,
  options: LintConfigOptions,
): LintReport & { ignored?: IgnoredRule[] } {
  const configs = lintConfigs(options);
  if (configs.length === 0) return model.lint();
  const { ignored, ...report } = applyLintConfigs(model.lint(), configs);
  return ignored.length > 0 ? { ...report, ignored } : report;
}
