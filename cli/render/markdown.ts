import {
  isExternalId,
  normalizeConnections,
  type ConnectionDiff,
  type Connection,
  type LintReport,
  type PolicyChanges,
} from '../../lib/analysis';

/**
 * Markdown for a pull-request comment (GitHub-flavoured: tables; `<details>` folds what is for the record). Every renderer takes the connectivity
 * as `Connection[]` or a `ConnectionDiff`, whatever computed it: per-probe answers or the exact aggregation.
 */

const OUTSIDE = 'outside the cluster';

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** A table cell: pipes would end the cell and newlines the row. */
const cell = (text: string): string =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');
export const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

const namespaceOf = (id: string): string => (isExternalId(id) ? OUTSIDE : id.slice(0, id.indexOf('/')));

/** Rows grouped under the namespace of their source, namespaces in code-unit order, the outside last. */
function byNamespace<T extends { from: string }>(items: readonly T[]): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const namespace = namespaceOf(item.from);
    groups.set(namespace, [...(groups.get(namespace) ?? []), item]);
  }
  const rank = (namespace: string): string => (namespace === OUTSIDE ? `\uffff${namespace}` : namespace);
  return [...groups].sort(([a], [b]) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}

const heading = (namespace: string): string =>
  namespace === OUTSIDE ? `#### From ${OUTSIDE}` : `#### From namespace ${code(namespace)}`;

/**
 * What the inputs held that netpol does not evaluate, one quoted line per input, for a comment whose reader never
 * sees stderr: a deny-all netpol cannot read must not pass for "everything allowed".
 */
export function skippedMarkdown(scope: string, summaries: ReadonlyArray<string | undefined>): string {
  return summaries.flatMap((line) => (line ? [`> **Not in this ${scope}:** ${line}\n\n`] : [])).join('');
}

export interface MarkdownOptions {
  /** What the connectivity covers, when not every port: e.g. the probes it was computed for. */
  scope?: string;
}

const scopeLine = (options: MarkdownOptions): string[] => (options.scope ? [`_${options.scope}_`, ''] : []);

export function renderReachMarkdown(
  connections: readonly Connection[],
  options: MarkdownOptions = {},
): string {
  const list = normalizeConnections(connections);
  const lines = [
    '### netpol: allowed connections',
    '',
    `**${plural(list.length, 'connection')} allowed**`,
    '',
  ];
  lines.push(...scopeLine(options));
  for (const [namespace, rows] of byNamespace(list)) {
    lines.push(heading(namespace), '');
    lines.push(
      table(
        ['From', 'To', 'Allowed'],
        rows.map((c) => [c.from, c.to, c.allowed.toString()]),
      ),
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

type DiffRow = { from: string; change: string; cells: string[] };

function diffRows(diff: ConnectionDiff): DiffRow[] {
  const rows: DiffRow[] = [
    ...diff.opened.map((c) => ({ from: c.from, change: 'opened', cells: [c.to, '—', c.allowed.toString()] })),
    ...diff.closed.map((c) => ({ from: c.from, change: 'closed', cells: [c.to, c.allowed.toString(), '—'] })),
    ...diff.changed.map((c) => ({
      from: c.from,
      change: 'changed',
      cells: [c.to, c.before.toString(), c.after.toString()],
    })),
  ];
  return rows.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.cells[0] < b.cells[0] ? -1 : 1));
}

/** `2 flows opened, 1 closed, 1 changed`: the summary line of a diff. */
export function diffSummary(diff: ConnectionDiff): string {
  return `${plural(diff.opened.length, 'flow')} opened, ${diff.closed.length} closed, ${diff.changed.length} changed`;
}

function policyList(changes: PolicyChanges): string[] {
  const rows = [
    ...changes.added.map((id) => [id, 'added']),
    ...changes.removed.map((id) => [id, 'removed']),
    ...changes.modified.map((id) => [id, 'modified']),
  ].sort(([a], [b]) => (a < b ? -1 : 1));
  if (rows.length === 0) return ['#### Policies changed', '', 'None.'];
  return ['#### Policies changed', '', table(['Policy', 'Change'], rows)];
}

export function renderDiffMarkdown(
  diff: ConnectionDiff,
  policies: PolicyChanges,
  options: MarkdownOptions = {},
): string {
  const lines = ['### netpol: connectivity change', '', `**${diffSummary(diff)}**`, ''];
  lines.push(...scopeLine(options));
  const rows = diffRows(diff);
  if (rows.length === 0) lines.push('No allowed connection changes.', '');
  for (const [namespace, group] of byNamespace(rows)) {
    lines.push(heading(namespace), '');
    const header = ['Change', 'From', 'To', 'Allowed before', 'Allowed after'];
    lines.push(
      table(
        header,
        group.map((row) => [row.change, row.from, ...row.cells]),
      ),
      '',
    );
  }
  lines.push(...policyList(policies));
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The lint findings as a Markdown section: open ones in a table, acknowledged ones with their reasons. */
export function renderLintMarkdown({ findings, acknowledged }: LintReport): string {
  const lines = ['### netpol: lint', ''];
  lines.push(`**${plural(findings.length, 'open finding')}, ${acknowledged.length} acknowledged**`, '');
  if (findings.length > 0) {
    lines.push(
      table(
        ['Object', 'Rule', 'Finding'],
        findings.map((f) => [f.object, f.rule, f.message]),
      ),
      '',
    );
  }
  if (acknowledged.length > 0) {
    lines.push('<details><summary>Acknowledged findings</summary>', '');
    const rows = acknowledged.map((f) => [f.object, f.rule, f.message, f.reason]);
    lines.push(table(['Object', 'Rule', 'Finding', 'Reason'], rows), '', '</details>', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
