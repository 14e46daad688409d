import { App, Chart, Testing } from 'cdk8s';

/** A Kubernetes object as synthesized, for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubeObject = Record<string, any>;

/** A fresh App and chart, so no test sees another test's policies (names are checked App-wide). */
export function newChart(namespace?: string): Chart {
  return new Chart(new App(), 'test', { namespace });
}

/** Every object the chart synthesizes. */
export function synth(chart: Chart): KubeObject[] {
  return Testing.synth(chart);
}

/** The one NetworkPolicy the chart synthesizes. */
export function onlyPolicy(chart: Chart): KubeObject {
  const policies = synth(chart).filter((object) => object.kind === 'NetworkPolicy');
  expect(policies).toHaveLength(1);
  return policies[0];
}
