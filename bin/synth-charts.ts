/**
 * Writes every project chart to `dist/` at the repository root as Kubernetes YAML, one file per chart
 * (`dist/<chart>.k8s.yaml`), for review and for `kubectl apply`. Two runs are byte-identical.
 */
import { join } from 'node:path';
import { chartFileName, synthProjectCharts } from '../charts';

const outdir = join(__dirname, '..', 'dist');
for (const chart of synthProjectCharts(outdir)) console.log(join('dist', chartFileName(chart)));
