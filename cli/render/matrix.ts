import { formatProbe, isExternalId, pairKey, type Pair, type Probe } from '../../lib/analysis';

const ALLOWED = 'x';
const DENIED = '.';
const OUTSIDE = '-';

/**
 * One probe as a matrix, rows sources and columns destinations. Columns are numbered (the row
 * labels carry the numbers) so the matrix stays narrow whatever the names' lengths.
 */
export function renderMatrix(probe: Probe, ids: readonly string[], allowed: readonly Pair[]): string {
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
  const possible = ids.length ** 2 - ids.filter(isExternalId).length ** 2;
  return [
    `${formatProbe(probe)}: ${allowed.length} of ${possible} flows allowed`,
    `rows: sources, columns: destinations (${ALLOWED} allowed, ${DENIED} denied, ${OUTSIDE} outside the cluster)`,
    header,
    ...rows,
  ].join('\n');
}
