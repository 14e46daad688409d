import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../cli/main';

export const SHOP = join(__dirname, 'fixtures', 'shop');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with buffered streams. */
export async function netpol(...argv: string[]): Promise<CliRun> {
  return netpolWithStdin(undefined, ...argv);
}

/** Runs the CLI in-process with `stdin` as standard input (undefined: none, as where no stdin can be read). */
export async function netpolWithStdin(stdin: string | undefined, ...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    ...(stdin === undefined ? {} : { stdin: () => stdin }),
  });
  return { code, stdout, stderr };
}

/**
 * Runs the command with --json and expects exactly `expected` on stdout, as one JSON line: the readable deep
 * comparison first, then the text itself, since key order is part of the contract and toEqual ignores it.
 */
export async function expectJson(argv: string[], expected: unknown): Promise<void> {
  const result = await netpol(...argv, '--json');
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(result.stdout)).toEqual(expected);
  expect(result.stdout).toBe(`${JSON.stringify(expected)}\n`);
}

/** A scratch copy of the shop fixture whose files a test may rewrite; removed by `cleanup`. */
export function scratchShop(): { dir: string; edit(file: string, change: (text: string) => string): void } {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-cli-'));
  cpSync(SHOP, dir, { recursive: true });
  return {
    dir,
    edit: (file, change) => writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8'))),
  };
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs `body` on a scratch copy of the shop whose policies.yaml `change` rewrote; the copy is removed after. */
export async function withChangedPolicies<T>(
  change: (policies: string) => string,
  body: (dir: string) => Promise<T>,
): Promise<T> {
  const shop = scratchShop();
  try {
    shop.edit('policies.yaml', change);
    return await body(shop.dir);
  } finally {
    cleanup(shop.dir);
  }
}
