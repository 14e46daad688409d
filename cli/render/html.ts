import {
  normalizeConnections,
  type Connection,
  type Coverage,
  type Finding,
  type LintReport,
} from '../../lib/analysis';

/** Everything the report page shows; computed by the command, rendered here without any I/O. */
export interface ReportData {
  title: string;
  /** What the connectivity covers, when not every port. */
  scope?: string;
  /** What the inputs held that netpol does not evaluate (summarizeSkipped), said at the top of the page. */
  skipped?: string;
  /** The flow graph, as an SVG document (its XML prolog is dropped when inlined). */
  svg: string;
  connections: readonly Connection[];
  coverage: Coverage;
  workloads: number;
  /** With the rules a lint config ignored, and how many findings each left out. */
  lint: LintReport & { ignored?: ReadonlyArray<{ rule: string; findings: number }> };
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** An SVG document as an element: no XML prolog or DOCTYPE inside HTML. */
function inlineSvg(svg: string): string {
  return svg.slice(Math.max(0, svg.indexOf('<svg')));
}

function connectionRows(connections: readonly Connection[]): string {
  return normalizeConnections(connections)
    .map(
      ({ from, to, allowed }) =>
        `<tr><td>${escape(from)}</td><td>${escape(to)}</td><td>${escape(allowed.toString())}</td></tr>`,
    )
    .join('\n');
}

/** Per direction, the workloads no policy covers, then those only the Baseline tier (ClusterNetworkPolicy) covers. */
function coverageSection({ uncovered, baselineOnly }: Coverage, workloads: number): string {
  const list = (direction: 'ingress' | 'egress'): string => {
    const ids = uncovered[direction];
    const baseline = baselineOnly[direction];
    const title = `${direction === 'ingress' ? 'Ingress' : 'Egress'}: ${
      ids.length === 0 && baseline.length === 0
        ? `every workload (${workloads}) is isolated by a policy`
        : `${ids.length} of ${workloads} workloads are not isolated by any policy`
    }`;
    const items = ids.map((id) => `<li>${escape(id)}</li>`).join('');
    const baselineTitle = `${baseline.length} of ${workloads} workloads are covered only by the Baseline tier (no NetworkPolicy isolates them)`;
    const baselineItems = baseline.map((id) => `<li>${escape(id)}</li>`).join('');
    return (
      `<h3>${escape(title)}</h3>${items ? `<ul class="uncovered" data-direction="${direction}">${items}</ul>` : ''}` +
      (baselineItems
        ? `<p>${escape(baselineTitle)}</p><ul class="baseline-only" data-direction="${direction}">${baselineItems}</ul>`
        : '')
    );
  };
  return list('ingress') + list('egress');
}

function findingRows(findings: readonly Finding[], reasons: boolean): string {
  return findings
    .map((finding) => {
      const reason = reasons ? `<td>${escape((finding as Finding & { reason: string }).reason)}</td>` : '';
      return `<tr><td>${escape(finding.object)}</td><td><code>${escape(finding.rule)}</code></td><td>${escape(finding.message)}</td>${reason}</tr>`;
    })
    .join('\n');
}

function lintSection({ findings, acknowledged, ignored = [] }: ReportData['lint']): string {
  const open =
    findings.length === 0
      ? '<p id="no-findings">No open findings.</p>'
      : `<table id="findings"><thead><tr><th>Object</th><th>Rule</th><th>Finding</th></tr></thead><tbody>${findingRows(findings, false)}</tbody></table>`;
  const done =
    acknowledged.length === 0
      ? ''
      : `<h3>${plural(acknowledged.length, 'acknowledged finding')}</h3><table id="acknowledged"><thead><tr><th>Object</th><th>Rule</th><th>Finding</th><th>Reason</th></tr></thead><tbody>${findingRows(acknowledged, true)}</tbody></table>`;
  const left = ignored.map(({ rule, findings: count }) => `${escape(rule)} (${count})`).join(', ');
  const leftOut =
    ignored.length === 0 ? '' : `<p id="ignored">Ignored rules, their findings left out: ${left}</p>`;
  return open + leftOut + done;
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2rem; color: #1f2328; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; margin-top: 2rem; }
.summary span { display: inline-block; margin-right: 1.5rem; }
#graph { overflow: auto; border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem; max-height: 80vh; }
#graph svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
#filter { font: inherit; padding: .3rem .5rem; width: 24rem; max-width: 100%; }
.scope { color: #57606a; font-style: italic; }
`;

/** Hides the rows whose text does not contain every word typed, and says how many remain. */
const FILTER_SCRIPT = `
(function () {
  var input = document.getElementById('filter');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#connections tbody tr'));
  var count = document.getElementById('shown');
  function apply() {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' shown';
  }
  input.addEventListener('input', apply);
  apply();
})();
`;

/**
 * One self-contained page: styles, script and the graph inline, nothing fetched, so it opens offline from a CI
 * artifact or an e-mail.
 */
export function renderReportHtml(data: ReportData): string {
  const connections = normalizeConnections(data.connections);
  const open = data.lint.findings.length;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(data.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escape(data.title)}</h1>
<p class="summary"><span>${plural(data.workloads, 'workload')}</span><span>${plural(connections.length, 'connection')} allowed</span><span>${plural(open, 'open lint finding')}</span></p>
${data.skipped ? `<p id="skipped"><strong>Not in this report:</strong> ${escape(data.skipped)}</p>\n` : ''}<h2>Flow graph</h2>
<div id="graph">${inlineSvg(data.svg)}</div>
<h2>Connectivity</h2>
${data.scope ? `<p class="scope">${escape(data.scope)}</p>` : ''}
<p><label>Filter <input id="filter" type="search" placeholder="namespace, workload or port, e.g. shop TCP"></label> <span id="shown"></span></p>
<table id="connections"><thead><tr><th>From</th><th>To</th><th>Allowed</th></tr></thead><tbody>
${connectionRows(connections)}
</tbody></table>
<h2>Coverage</h2>
<div id="coverage">${coverageSection(data.coverage, data.workloads)}</div>
<h2>Lint</h2>
<div id="lint">${lintSection(data.lint)}</div>
<script>${FILTER_SCRIPT}</script>
</body>
</html>
`;
}
