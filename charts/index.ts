import * as cdk8s from 'cdk8s';
import { BaselineChart } from './baseline-chart';
import { GuideChart } from './guide-chart';
import { ShopChart } from './shop-chart';

export * from './baseline-chart';
export * from './guide-chart';
export * from './shop-chart';
export * from './shop-workload';

/**
 * Builds every chart of the project in `app`. Each chart is self-contained (a namespace comes with its
 * baseline and workloads in one chart), so the charts can be applied in any order. The CDK stack attaches
 * exactly these chart objects to the cluster, and `bin/synth-charts.ts` writes them to `dist/`.
 */
export function createProjectCharts(app: cdk8s.App): cdk8s.Chart[] {
  return [new GuideChart(app, 'guide'), new BaselineChart(app, 'baseline'), new ShopChart(app, 'shop')];
}
