/** Exit status: 0 success, 1 lint findings, 2 bad input or usage, 3 internal error. */
export const EXIT = { ok: 0, findings: 1, badInput: 2, internal: 3 } as const;

/** Where the CLI writes: the process streams in production, buffers in tests. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** What a command produced; written only once it succeeded, so a failure never leaves partial stdout. */
export interface CommandResult {
  stdout: string;
  exitCode: number;
}

export interface CliContext {
  finish(result: CommandResult): void;
}

export function json(document: unknown): string {
  return `${JSON.stringify(document)}\n`;
}
