import { instance } from '@viz-js/viz';
import type { Digraph } from 'ts-graphviz';
import { renderDot } from './dot';

/**
 * Draws a graph as SVG in-process with Graphviz compiled to WebAssembly (@viz-js/viz bundles the wasm in its
 * package), so no `dot` binary is needed. One Graphviz instance per process: compiling the module is the cost.
 */
let viz: ReturnType<typeof instance> | undefined;

export async function renderSvg(graph: Digraph): Promise<string> {
  viz ??= instance();
  const svg = (await viz).renderString(renderDot(graph), { format: 'svg', engine: 'dot' });
  return svg.endsWith('\n') ? svg : `${svg}\n`;
}
