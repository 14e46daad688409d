import type * as Graphviz from 'ts-graphviz';
import { formatProbe, isExternalId, pairKey, type Pair, type Probe } from '../../lib/analysis';

// ts-graphviz loads when a DOT graph is asked for, not with every command (nor `netpol --help`).
let graphviz: typeof Graphviz | undefined;
function loadGraphviz(): typeof Graphviz {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use
  graphviz ??= require('ts-graphviz') as typeof Graphviz;
  return graphviz;
}

/**
 * The allowed flows as a Graphviz graph: one cluster per namespace, externals outside every cluster,
 * one edge per allowed pair labelled with the probes that pass.
 */
export function renderDot(
  ids: readonly string[],
  results: ReadonlyArray<{ probe: Probe; allowed: readonly Pair[] }>,
) {
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
  const labels = new Map<string, { pair: Pair; probes: string[] }>();
  for (const { probe, allowed } of results) {
    for (const pair of allowed) {
      const key = pairKey(pair);
      const edge = labels.get(key) ?? { pair, probes: [] };
      edge.probes.push(formatProbe(probe));
      labels.set(key, edge);
    }
  }
  const keys = [...labels.keys()].sort();
  for (const key of keys) {
    const { pair, probes } = labels.get(key) as { pair: Pair; probes: string[] };
    graph.createEdge([pair[0], pair[1]], { label: probes.join(', ') });
  }
  return `${toDot(graph)}\n`;
}
