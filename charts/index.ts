import * as cdk8s from 'cdk8s';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BaselineChart } from './baseline-chart';
import { GuideChart } from './guide-chart';
import { PlatformChart } from './platform-chart';
import { ShopChart } from './shop-chart';

export * from './baseline-chart';
export * from './guide-chart';
export * from './platform-chart';
export * from './shop-chart';
export * from './shop-workload';

/**
 * Builds every chart of the project in `app`. Each chart is self-contained (a namespace comes with its
 * baseline and workloads in one chart), so the charts can be applied in any order. The CDK stack attaches
 * exactly these chart objects to the cluster, and `synthProjectCharts` writes them to `dist/`. The platform
 * chart (cluster-wide ClusterNetworkPolicies) comes first, as it is evaluated first; it needs the
 * ClusterNetworkPolicy CRD on the cluster before it is applied.
 */
export function createProjectCharts(app: cdk8s.App): cdk8s.Chart[] {
  return [
    new PlatformChart(app, 'platform'),
    new GuideChart(app, 'guide'),
    new BaselineChart(app, 'baseline'),
    new ShopChart(app, 'shop'),
  ];
}

/** The extension of the chart files, as cdk8s writes them: `<chart>.k8s.yaml`. */
const CHART_FILE_EXTENSION = '.k8s.yaml';

/**
 * Writes every project chart to `outdir`, one `<chart id>.k8s.yaml` per chart, and returns the charts, so that
 * the CDK app attaches to the cluster exactly the objects written for review. The output depends only on the
 * code: chart files of an earlier run are removed first (a renamed or dropped chart must not leave stale YAML
 * behind to be reviewed or applied), and nothing is read from the environment (cdk8s would otherwise honour
 * CDK8S_RECORD_CONSTRUCT_METADATA).
 */
export function synthProjectCharts(outdir: string): cdk8s.Chart[] {
  mkdirSync(outdir, { recursive: true });
  for (const file of readdirSync(outdir)) {
    if (file.endsWith(CHART_FILE_EXTENSION)) rmSync(join(outdir, file));
  }
  const app = new cdk8s.App({
    outdir,
    outputFileExtension: CHART_FILE_EXTENSION,
    yamlOutputType: cdk8s.YamlOutputType.FILE_PER_CHART,
    recordConstructMetadata: false,
  });
  const charts = createProjectCharts(app);
  app.synth();
  return charts;
}

/** The file `synthProjectCharts` writes a chart to. */
export function chartFileName(chart: cdk8s.Chart): string {
  return `${chart.node.id}${CHART_FILE_EXTENSION}`;
}
