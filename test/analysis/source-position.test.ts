import { loadAll } from 'js-yaml';
import { positionsIn, type SourcePosition } from '../../lib/analysis/source-position';
import type { SourceRef } from '../../lib/analysis/types';

const positionOf = (text: string, source: SourceRef): SourcePosition | undefined => positionsIn(text)(source);

describe('positionsIn', () => {
  const yaml = [
    '# leading comment',
    '---',
    '---',
    'apiVersion: v1',
    'kind: List',
    'items:',
    '  - kind: NetworkPolicy',
    '    metadata: { name: a }',
    '  - kind: NetworkPolicy',
    '    metadata: { name: b }',
    '---',
    '  kind: Namespace',
    '',
  ].join('\n');

  it('finds a document by the index js-yaml gives it, empty documents counted', () => {
    expect(loadAll(yaml).map((document) => (document as { kind?: string } | null)?.kind)).toEqual([
      undefined,
      'List',
      'Namespace',
    ]);
    expect(positionOf(yaml, { file: 'x.yaml', index: 1 })).toEqual({ line: 4, column: 1 });
    expect(positionOf(yaml, { file: 'x.yaml', index: 2 })).toEqual({ line: 12, column: 3 });
  });

  it('finds an item of a kind: List', () => {
    expect(positionOf(yaml, { file: 'x.yaml', index: 1, item: 1 })).toEqual({ line: 9, column: 5 });
  });

  it('finds items in JSON, as kubectl get -o json writes it', () => {
    const json =
      '{\n  "kind": "List",\n  "items": [\n    {"kind": "Pod"},\n    {"kind": "NetworkPolicy"}\n  ]\n}\n';
    expect(positionOf(json, { file: 'x.json', index: 0, item: 1 })).toEqual({ line: 5, column: 5 });
  });

  it('gives nothing for a document or item that is not there', () => {
    expect(positionOf(yaml, { index: 7 })).toBeUndefined();
    expect(positionOf(yaml, { index: 1, item: 5 })).toBeUndefined();
    expect(positionOf(yaml, { index: 2, item: 0 })).toBeUndefined();
  });
});
