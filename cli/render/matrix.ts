import { formatProbe, isExternalId, pairKey, type Pair, type Probe } from '../../lib/analysis';

const ALLOWED = 'x';
const DENIED = '.';
const OUTSIDE = '-';

/** Above this many endpoints a matrix is wider than a screen (3 columns each) and too sparse to read. */
export const MATRIX_MAX_ENDPOINTS = 40;

function summary(probe: Probe, ids: readonly string[], allowed: readonly Pair[]): string {
  const possible = ids.length ** 2 - ids.filter(isExternalId).length ** 2;
  return `${formatProbe(probe)}: ${allowed.length} of ${possible} flows allowed`;
}

/** The allowed flows one per line, in reach's order: what a matrix of a large cluster would hide. */
function renderList(
  probe: Probe,
  ids: readonly string[],
  allowed: readonly Pair[],
  focused: boolean,
): string {
  const why = focused
    ? 'the flows the filters keep'
    : `${ids.length} endpoints are too many for a matrix (at most ${MATRIX_MAX_ENDPOINTS})`;
  return [
    summary(probe, ids, allowed),
    `${why}: allowed flows, source -> destination`,
    ...allowed.map(([from, to]) => `  ${from} -> ${to}`),
  ].join('\n');
}

/**
 * One probe as a matrix, rows sources and columns destinations. Columns are numbered (the row
 * labels carry the numbers) so the matrix stays narrow whatever the names' lengths. Above
 * MATRIX_MAX_ENDPOINTS, or when focus filters keep only some flows, the allowed flows as a list instead.
 */
export function renderMatrix(
  probe: Probe,
  ids: readonly string[],
  allowed: readonly Pair[],
  options: { focused?: boolean } = {},
): string {
  if (options.focused || ids.length > MATRIX_MAX_ENDPOINTS) {
    return renderList(probe, ids, allowed, options.focused ?? false);
  }
  const flows = new Set(allowed.map(pairKey));
  const cell = String(ids.length).length + 1;
  const number = (i: number): string => String(i + 1).padStart(cell);
  const labelWidth = Math.max(0, ...ids.map((id) => id.length));
  const header = `${' '.repeat(cell + 1 + labelWidth)}${ids.map((_, i) => number(i)).join('')}`;
  const rows = ids.map((from, i) => {
    const cells = ids.map((to) => {
      const mark =
        isExternalId(from) && isExternalId(to) ? OUTSIDE : flows.has(pairKey([from, to])) ? ALLOWED : DENIED;
      return mark.padStart(cell);
    });
    return `${number(i)} ${from.padEnd(labelWidth)}${cells.join('')}`;
  });
  return [
    summary(probe, ids, allowed),
    `rows: sources, columns: destinations (${ALLOWED} allowed, ${DENIED} denied, ${OUTSIDE} outside the cluster)`,
    header,
    ...rows,
  ].join('\n');
}
