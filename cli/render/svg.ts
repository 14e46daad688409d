import type * as VizJs from '@viz-js/viz';
import type { Digraph } from 'ts-graphviz';
import { renderDot } from './dot';

/**
 * Draws a graph as SVG in-process with Graphviz compiled to WebAssembly (@viz-js/viz bundles the wasm in its
 * package), so no `dot` binary is needed. It loads on the first drawing, not with every command; one Graphviz
 * instance per process, since compiling the module is the cost.
 */
let viz: Promise<VizJs.Viz> | undefined;

export async function renderSvg(graph: Digraph): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not with the CLI
  viz ??= (require('@viz-js/viz') as typeof VizJs).instance();
  const svg = (await viz).renderString(renderDot(graph), { format: 'svg', engine: 'dot' });
  return svg.endsWith('\n') ? svg : `${svg}\n`;
}
