import type * as Yaml from 'yaml';
import type { Document, LineCounter } from 'yaml';
import type { SourceRef } from './types';

/** A place in a text file, 1-based as editors and SARIF count. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Where the object a SourceRef names starts in its file's text: the first key of the document, or of the item of
 * a `kind: List`. The manifests are parsed by js-yaml, which keeps no positions; the `yaml` parser keeps them and
 * counts documents the same way (empty ones included), so the document index carries over. JSON is YAML, so a
 * `.json` file is located the same way. Undefined when the text does not hold that document or item.
 *
 * The text is parsed once; the returned function locates any number of objects in it (one file's findings).
 */
export function positionsIn(text: string): (source: SourceRef) => SourcePosition | undefined {
  // The yaml parser loads when a position is first asked for (SARIF), not with every command.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use
  const { LineCounter, isMap, isSeq, parseAllDocuments } = require('yaml') as typeof Yaml;
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter });
  // An empty text parses to an EmptyStream, which holds no document.
  const documents: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  return (source) => locate({ isMap, isSeq }, documents, lineCounter, source);
}

function locate(
  { isMap, isSeq }: Pick<typeof Yaml, 'isMap' | 'isSeq'>,
  documents: readonly Document.Parsed[],
  lineCounter: LineCounter,
  source: SourceRef,
): SourcePosition | undefined {
  const contents = documents[source.index ?? 0]?.contents;
  if (!contents) return undefined;
  let node = contents;
  if (source.item !== undefined) {
    const items = isMap(contents) ? contents.get('items', true) : undefined;
    const item = isSeq(items) ? items.items[source.item] : undefined;
    if (!item || typeof item !== 'object' || !('range' in item) || !item.range) return undefined;
    node = item as typeof contents;
  }
  if (!node.range) return undefined;
  const { line, col } = lineCounter.linePos(node.range[0]);
  return { line, column: col };
}
