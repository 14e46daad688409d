/**
 * Writes every project chart to `dist/` as Kubernetes YAML, one file per chart (`dist/<chart>.k8s.yaml`),
 * for review and for `kubectl apply`. The output depends only on the code: two runs are byte-identical.
 */
import * as cdk8s from 'cdk8s';
import { createProjectCharts } from '../charts';

const app = new cdk8s.App({ outdir: 'dist', yamlOutputType: cdk8s.YamlOutputType.FILE_PER_CHART });
createProjectCharts(app);
app.synth();
