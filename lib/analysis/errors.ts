import type { SourceRef } from './types';

export function describeSource(source: SourceRef | undefined): string {
  if (!source) return 'input';
  const parts: string[] = [];
  if (source.file !== undefined) parts.push(source.file);
  if (source.index !== undefined) {
    parts.push(source.file !== undefined ? `document index ${source.index}` : `object index ${source.index}`);
  }
  if (source.item !== undefined) parts.push(`item ${source.item}`);
  return parts.length > 0 ? parts.join(', ') : 'input';
}

/**
 * Bad input (a manifest, an external endpoint, an endpoint id): the message is one line naming the
 * file, the document index and what is wrong, so the CLI can print it as is (exit 2).
 */
export class InputError extends Error {
  constructor(
    readonly source: SourceRef | undefined,
    readonly reason: string,
  ) {
    super(source ? `${describeSource(source)}: ${reason}` : reason);
    this.name = 'InputError';
  }
}

/** A field that fails validation; the caller adds the object it belongs to. */
export class FieldError extends Error {
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'FieldError';
  }

  /** A value that breaks a rule of lib/kubernetes, as `field = value: problem` (the constructs' format too). */
  static invalid(field: string, value: unknown, problem: string): FieldError {
    return new FieldError(`${field} = ${JSON.stringify(value)}`, problem);
  }
}
