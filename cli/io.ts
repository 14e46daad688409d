import type { ClusterModel, SkippedObject } from '../lib/analysis';

/** Exit status: 0 success, 1 lint findings, 2 bad input or usage, 3 internal error. */
export const EXIT = { ok: 0, findings: 1, badInput: 2, internal: 3 } as const;

/** Where the CLI reads and writes: the process streams in production, buffers in tests. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Standard input, read whole, for the input `-`.
   * @default - `-` is refused as unavailable
   */
  stdin?(): string;
}

/** What a command produced; written only once it succeeded, so a failure never leaves partial stdout. */
export interface CommandResult {
  stdout: string;
  exitCode: number;
}

export interface CliContext {
  finish(result: CommandResult): void;
  /** Standard input for the input `-`; undefined where there is none. */
  readStdin?: () => string;
  /** One line for the reader on stderr (what the input held that netpol skipped): never part of the answer. */
  notice(line: string): void;
}

export function json(document: unknown): string {
  return `${JSON.stringify(document)}\n`;
}

/** `--json` documents carry a "skipped" list whenever an input held objects netpol does not evaluate. */
export function withSkipped<T extends object>(
  document: T,
  ...models: readonly ClusterModel[]
): T | (T & { skipped: SkippedObject[] }) {
  const skipped = models.flatMap((model) => model.input.skipped);
  return skipped.length === 0 ? document : { ...document, skipped };
}
