import type * as Graphviz from 'ts-graphviz';
import { formatProbe, isExternalId, pairKey, type Pair, type Probe } from '../../lib/analysis';

// ts-graphviz loads when a DOT graph is asked for, not with every command (nor `netpol --help`).
let graphviz: typeof Graphviz | undefined;
function loadGraphviz(): typeof Graphviz {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use
  graphviz ??= require('ts-graphviz') as typeof Graphviz;
  return graphviz;
}

/** One edge of the graph: an allowed pair and what it allows. */
export interface Edge {
  from: string;
  to: string;
  label: string;
}

/** Edges of per-probe results: one per allowed pair, labelled with the probes that pass. */
export function probeEdges(results: ReadonlyArray<{ probe: Probe; allowed: readonly Pair[] }>): Edge[] {
  const edges = new Map<string, Edge>();
  for (const { probe, allowed } of results) {
    for (const pair of allowed) {
      const key = pairKey(pair);
      const edge = edges.get(key);
      if (edge) edge.label += `, ${formatProbe(probe)}`;
      else edges.set(key, { from: pair[0], to: pair[1], label: formatProbe(probe) });
    }
  }
  return [...edges.keys()].sort().map((key) => edges.get(key) as Edge);
}

/** The allowed flows as a Graphviz graph: one cluster per namespace, externals outside every cluster. */
export function renderDot(ids: readonly string[], edges: readonly Edge[]) {
  const { Digraph, toDot } = loadGraphviz();
  const graph = new Digraph('netpol', { rankdir: 'LR', label: 'allowed flows', fontname: 'Helvetica' });
  const namespaces = new Map<string, ReturnType<Graphviz.Digraph['createSubgraph']>>();
  for (const id of ids) {
    if (isExternalId(id)) {
      graph.createNode(id, { shape: 'diamond' });
      continue;
    }
    const namespace = id.slice(0, id.indexOf('/'));
    let cluster = namespaces.get(namespace);
    if (!cluster) {
      cluster = graph.createSubgraph(`cluster_${namespace}`, { label: namespace });
      namespaces.set(namespace, cluster);
    }
    cluster.createNode(id, { shape: 'box', label: id.slice(namespace.length + 1) });
  }
  for (const { from, to, label } of edges) graph.createEdge([from, to], { label });
  return `${toDot(graph)}\n`;
}
