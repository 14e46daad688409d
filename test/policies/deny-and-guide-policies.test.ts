import { App, Chart } from 'cdk8s';
import {
  AllowAllToPod,
  BlockAllIncoming,
  BlockAllOutgoing,
  DefaultDeny,
  DenyAllToPod,
  LabelSelector,
  PolicyType,
} from '../../lib/policies';
import { newChart, onlyPolicy } from './synth';

const demo = LabelSelector.matchLabels({ app: 'application-demo' });

describe("the guide's four policies", () => {
  const DEMO_SELECTOR = { matchLabels: { app: 'application-demo' } };
  it.each([
    [
      'AllowAllToPod opens both directions of the selected pods with empty rules',
      (chart: Chart) => new AllowAllToPod(chart, 'pod-network-policy', { podSelector: demo }),
      { podSelector: DEMO_SELECTOR, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] },
    ],
    [
      'DenyAllToPod isolates both directions of the selected pods and allows nothing',
      (chart: Chart) => new DenyAllToPod(chart, 'pod-network-policy', { podSelector: demo }),
      { podSelector: DEMO_SELECTOR, policyTypes: ['Ingress', 'Egress'] },
    ],
    [
      'BlockAllIncoming selects every pod and isolates ingress only',
      (chart: Chart) => new BlockAllIncoming(chart, 'pod-network-policy'),
      { podSelector: {}, policyTypes: ['Ingress'] },
    ],
    [
      'BlockAllOutgoing selects every pod and isolates egress only',
      (chart: Chart) => new BlockAllOutgoing(chart, 'pod-network-policy'),
      { podSelector: {}, policyTypes: ['Egress'] },
    ],
  ])('%s', (_, build, spec) => {
    const chart = newChart();
    build(chart);
    expect(onlyPolicy(chart).spec).toEqual(spec);
  });

  it.each([
    ['AllowAllToPod', AllowAllToPod, 'select the pods to open up'],
    ['DenyAllToPod', DenyAllToPod, 'select the pods to isolate, or use DefaultDeny for the whole namespace'],
  ])('%s refuses LabelSelector.all(): it is about specific pods', (_, Construct, fix) => {
    const chart = newChart();
    expect(() => new Construct(chart, 'p', { podSelector: LabelSelector.all() })).toThrow(
      'test/p: spec.podSelector = {}: this construct needs a specific selector, and LabelSelector.all() matches everything. ' +
        `Fix: ${fix}.`,
    );
  });

  it("refuses the guide's four in one namespace: all share the name pod-network-policy", () => {
    const chart = new Chart(new App(), 'guide', { namespace: 'demo' });
    new AllowAllToPod(chart, 'allow', { name: 'pod-network-policy', podSelector: demo });
    expect(() => new DenyAllToPod(chart, 'deny', { name: 'pod-network-policy', podSelector: demo })).toThrow(
      "guide/deny: metadata.name = \"pod-network-policy\": guide/allow/Resource already defines NetworkPolicy 'pod-network-policy' in namespace 'demo'; " +
        'applied together, one would silently replace the other. Fix: give this policy a different name, or put it in a different namespace.',
    );
  });
});

describe('DefaultDeny', () => {
  it('denies both directions for every pod by default', () => {
    const chart = newChart('shop');
    new DefaultDeny(chart, 'default-deny');
    expect(onlyPolicy(chart)).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
  });

  it.each([[['Ingress']], [['Egress']], [['Egress', 'Ingress']]] as PolicyType[][][])(
    'denies the directions asked for: %j',
    (policyTypes) => {
      const chart = newChart();
      new DefaultDeny(chart, 'default-deny', { policyTypes });
      // written in the canonical order, whatever order they were given in
      expect(onlyPolicy(chart).spec.policyTypes).toEqual(
        ['Ingress', 'Egress'].filter((type) => policyTypes.includes(type as PolicyType)),
      );
    },
  );

  it.each([[[]], [['Ingress', 'Ingress']], [['ingress']]])('refuses the policyTypes %j', (policyTypes) => {
    const chart = newChart();
    expect(() => new DefaultDeny(chart, 'deny', { policyTypes: policyTypes as PolicyType[] })).toThrow(
      `test/deny: spec.policyTypes = ${JSON.stringify(policyTypes)}: must list Ingress and/or Egress, each once. ` +
        "Fix: use ['Ingress'], ['Egress'] or both.",
    );
  });
});
