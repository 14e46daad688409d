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
  it('AllowAllToPod opens both directions of the selected pods with empty rules', () => {
    const chart = newChart();
    new AllowAllToPod(chart, 'pod-network-policy', { podSelector: demo });
    expect(onlyPolicy(chart).spec).toEqual({
      podSelector: { matchLabels: { app: 'application-demo' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{}],
      egress: [{}],
    });
  });

  it('DenyAllToPod isolates both directions of the selected pods and allows nothing', () => {
    const chart = newChart();
    new DenyAllToPod(chart, 'pod-network-policy', { podSelector: demo });
    expect(onlyPolicy(chart).spec).toEqual({
      podSelector: { matchLabels: { app: 'application-demo' } },
      policyTypes: ['Ingress', 'Egress'],
    });
  });

  it('BlockAllIncoming selects every pod and isolates ingress only', () => {
    const chart = newChart();
    new BlockAllIncoming(chart, 'pod-network-policy');
    expect(onlyPolicy(chart).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
  });

  it('BlockAllOutgoing selects every pod and isolates egress only', () => {
    const chart = newChart();
    new BlockAllOutgoing(chart, 'pod-network-policy');
    expect(onlyPolicy(chart).spec).toEqual({ podSelector: {}, policyTypes: ['Egress'] });
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
      "guide/deny: metadata.name = \"pod-network-policy\": guide/allow/Resource already defines NetworkPolicy 'pod-network-policy' in namespace 'demo'",
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
