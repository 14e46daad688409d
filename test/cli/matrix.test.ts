import type { Pair } from '../../lib/analysis';
import { MATRIX_MAX_ENDPOINTS, renderMatrix } from '../../cli/render/matrix';

const TCP_80 = { protocol: 'TCP', port: 80 } as const;
const idsOf = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `ns/pod-${String(i).padStart(5, '0')}`);

describe('the reach text output', () => {
  it('is a matrix up to a readable size', () => {
    const ids = idsOf(MATRIX_MAX_ENDPOINTS);
    const text = renderMatrix(TCP_80, ids, [[ids[0], ids[1]]]);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`TCP/80: 1 of ${MATRIX_MAX_ENDPOINTS ** 2} flows allowed`);
    expect(lines[1]).toContain('rows: sources, columns: destinations');
    expect(lines).toHaveLength(3 + MATRIX_MAX_ENDPOINTS);
    expect(lines[3]).toMatch(/^ +1 ns\/pod-00000 +\. +x( +\.)+$/);
  });

  it('gives way to a list of the allowed flows above it', () => {
    const ids = idsOf(MATRIX_MAX_ENDPOINTS + 1);
    const allowed: Pair[] = [
      [ids[0], ids[1]],
      [ids[2], ids[0]],
    ];
    expect(renderMatrix(TCP_80, ids, allowed).split('\n')).toEqual([
      `TCP/80: 2 of ${(MATRIX_MAX_ENDPOINTS + 1) ** 2} flows allowed`,
      `${MATRIX_MAX_ENDPOINTS + 1} endpoints are too many for a matrix (at most ${MATRIX_MAX_ENDPOINTS}): allowed flows, source -> destination`,
      `  ${ids[0]} -> ${ids[1]}`,
      `  ${ids[2]} -> ${ids[0]}`,
    ]);
  });

  it('lists the flows of 100,000 endpoints line by line, where a matrix would have 10^10 cells', () => {
    const ids = idsOf(100_000);
    const allowed = ids.slice(1).map((to): Pair => [ids[0], to]);
    const text = renderMatrix(TCP_80, ids, allowed);
    expect(text.split('\n')).toHaveLength(2 + allowed.length);
  });
});
