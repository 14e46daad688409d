import * as cdk8s from 'cdk8s';
import { GuideChart } from './guide-chart';

export * from './guide-chart';

/**
 * Builds every chart of the project in `app`, in apply order. The CDK stack attaches exactly these chart
 * objects to the cluster, and `bin/synth-charts.ts` writes them to `dist/`: one source for both.
 */
export function createProjectCharts(app: cdk8s.App): cdk8s.Chart[] {
  return [new GuideChart(app, 'guide')];
}
