import type * as Graphviz from 'ts-graphviz';
import {
  compareConnections,
  isExternalId,
  normalizeConnections,
  type Connection,
  type ConnectionDiff,
} from '../../lib/analysis';

// ts-graphviz loads when a graph is asked for, not with every command (nor `netpol --help`).
let graphviz: typeof Graphviz | undefined;
function loadGraphviz(): typeof Graphviz {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use
  graphviz ??= require('ts-graphviz') as typeof Graphviz;
  return graphviz;
}

type Digraph = Graphviz.Digraph;

/** How an edge is drawn: an allowed flow, or one side of a change. */
type EdgeKind = 'allowed' | 'opened' | 'closed' | 'changed';

interface FlowEdge {
  from: string;
  to: string;
  label: string;
  kind: EdgeKind;
}

/** Colours that read on white and for the common colour blindnesses (green/red also differ by line style). */
const EDGE_STYLE: Record<EdgeKind, Graphviz.EdgeAttributesObject> = {
  allowed: { color: '#57606a' },
  opened: { color: '#1a7f37', fontcolor: '#1a7f37', penwidth: 2 },
  closed: { color: '#cf222e', fontcolor: '#cf222e', style: 'dashed', penwidth: 2 },
  changed: { color: '#9a6700', fontcolor: '#9a6700', penwidth: 2 },
};

const OUTSIDE = 'outside the cluster';

/** One frame per namespace, externals in a frame of their own, apart from every namespace. */
function addNodes(graph: Digraph, ids: readonly string[]): void {
  const frames = new Map<string, ReturnType<Digraph['createSubgraph']>>();
  const frame = (name: string, attributes: Record<string, string>) => {
    let subgraph = frames.get(name);
    if (!subgraph) {
      subgraph = graph.createSubgraph(`cluster_${name}`, { label: name, ...attributes });
      frames.set(name, subgraph);
    }
    return subgraph;
  };
  for (const id of [...ids].sort((a, b) => Number(isExternalId(a)) - Number(isExternalId(b)))) {
    if (isExternalId(id)) {
      frame(OUTSIDE, { style: 'dashed' }).createNode(id, { shape: 'diamond' });
      continue;
    }
    const namespace = id.slice(0, id.indexOf('/'));
    frame(namespace, {}).createNode(id, { shape: 'box', label: id.slice(namespace.length + 1) });
  }
}

function flowGraph(title: string, ids: readonly string[], edges: readonly FlowEdge[]): Digraph {
  // More room between ranks than Graphviz's default, so port labels sit on their edges, clear of the frames.
  const graph = new (loadGraphviz().Digraph)('netpol', {
    rankdir: 'LR',
    label: title,
    fontname: 'Helvetica',
    ranksep: 1.2,
    nodesep: 0.4,
  });
  graph.attributes.node.set('fontname', 'Helvetica');
  graph.attributes.edge.set('fontname', 'Helvetica');
  graph.attributes.edge.set('fontsize', 11);
  addNodes(graph, ids);
  for (const edge of edges) {
    graph.createEdge([edge.from, edge.to], { label: edge.label, ...EDGE_STYLE[edge.kind] });
  }
  return graph;
}

/** Every endpoint, and one edge per pair with allowed traffic, labelled with its ports. */
export function connectionsGraph(ids: readonly string[], connections: readonly Connection[]): Digraph {
  const edges = normalizeConnections(connections).map(({ from, to, allowed }) => ({
    from,
    to,
    label: allowed.toString(),
    kind: 'allowed' as const,
  }));
  return flowGraph('allowed flows', ids, edges);
}

/** A key of HTML-like label rows, one per kind of change drawn. */
function addLegend(graph: Digraph): void {
  const row = (kind: EdgeKind, text: string): string =>
    `<tr><td><font color="${EDGE_STYLE[kind].color as string}">${EDGE_STYLE[kind].style === 'dashed' ? '- - -' : '——'}</font></td><td align="left">${text}</td></tr>`;
  const rows = [
    row('opened', 'opened: allowed after, not before'),
    row('closed', 'closed: allowed before, not after'),
    row('changed', 'changed: other ports (before → after)'),
  ];
  const legend = graph.createSubgraph('cluster_legend', { label: 'legend', style: 'dotted' });
  legend.createNode('legend', {
    shape: 'plaintext',
    label: `<<table border="0" cellspacing="2">${rows.join('')}</table>>`,
  });
}

/** The endpoints a change touches and one coloured edge per changed pair, with a legend. */
export function diffGraph(diff: ConnectionDiff): Digraph {
  const edges: FlowEdge[] = [
    ...diff.opened.map((c) => ({
      from: c.from,
      to: c.to,
      label: c.allowed.toString(),
      kind: 'opened' as const,
    })),
    ...diff.closed.map((c) => ({
      from: c.from,
      to: c.to,
      label: c.allowed.toString(),
      kind: 'closed' as const,
    })),
    ...diff.changed.map((c) => ({
      from: c.from,
      to: c.to,
      label: `${c.before.toString()} → ${c.after.toString()}`,
      kind: 'changed' as const,
    })),
  ].sort(compareConnections);
  const ids = [...new Set(edges.flatMap((edge) => [edge.from, edge.to]))].sort();
  const title = edges.length === 0 ? 'connectivity change: none' : 'connectivity change';
  const graph = flowGraph(title, ids, edges);
  addLegend(graph);
  return graph;
}

export function renderDot(graph: Digraph): string {
  return `${loadGraphviz().toDot(graph)}\n`;
}
