import { ClusterModel } from '../../lib/analysis';
import { AllowAllToPod, LabelSelector, LintAcknowledgements, NetworkPolicy } from '../../lib/policies';
import { newChart, onlyPolicy, synth } from './synth';

const demo = LabelSelector.matchLabels({ app: 'demo' });
const REASON = "the guide's example, open on purpose";

function openPolicy(lintAcknowledgements?: LintAcknowledgements) {
  const chart = newChart('shop');
  new AllowAllToPod(chart, 'open', { podSelector: demo, lintAcknowledgements });
  return chart;
}

describe('lintAcknowledgements', () => {
  it('writes one lint-acknowledge.netpol.io/<rule> annotation per rule, and none without acknowledgements', () => {
    const acknowledged = onlyPolicy(openPolicy({ 'allow-all-ingress': REASON, 'allow-all-egress': REASON }));
    expect(acknowledged.metadata).toEqual({
      name: 'open',
      namespace: 'shop',
      annotations: {
        'lint-acknowledge.netpol.io/allow-all-ingress': REASON,
        'lint-acknowledge.netpol.io/allow-all-egress': REASON,
      },
    });
    expect(onlyPolicy(openPolicy()).metadata).not.toHaveProperty('annotations');
    expect(onlyPolicy(openPolicy({})).metadata).not.toHaveProperty('annotations');
  });

  it('are read back by netpol lint, which lists the findings as acknowledged with the reason', () => {
    const chart = openPolicy({ 'allow-all-ingress': REASON });
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'demo', namespace: 'shop', labels: { app: 'demo' } },
    };
    const report = ClusterModel.fromObjects([...synth(chart), pod]).lint();
    expect(report.acknowledged).toEqual([
      {
        rule: 'allow-all-ingress',
        object: 'shop/open',
        message: 'spec.ingress[0] admits every source on every port (no peers, no ports)',
        reason: REASON,
      },
    ]);
    expect(report.findings.map((finding) => finding.rule)).toEqual(['allow-all-egress']);
  });

  describe('refuses at synth', () => {
    it('a rule the analyzer does not know', () => {
      const typo = { 'allow-all-ingres': REASON } as LintAcknowledgements;
      expect(() => openPolicy(typo)).toThrow(
        `test/open: lintAcknowledgements.allow-all-ingres = "${REASON}": 'allow-all-ingres' is not a lint rule ` +
          'that can be acknowledged. Fix: use one of selector-matches-nothing, namespace-without-workloads,',
      );
    });

    it.each(['invalid-acknowledgement', 'unused-acknowledgement'])(
      'the rule %s, which cannot be acknowledged',
      (rule) => {
        expect(() => openPolicy({ [rule]: REASON } as LintAcknowledgements)).toThrow(
          `'${rule}' is not a lint rule that can be acknowledged`,
        );
      },
    );

    it.each(['', '  '])('an acknowledgement without a reason (%j)', (reason) => {
      expect(() => openPolicy({ 'allow-all-ingress': reason })).toThrow(
        `test/open: lintAcknowledgements.allow-all-ingress = ${JSON.stringify(reason)}: the reason is empty. ` +
          "Fix: say why the finding is acceptable, e.g. 'public entry point, reviewed in #123'.",
      );
    });
  });

  it('is available on every policy construct (PolicyMetadataProps)', () => {
    const chart = newChart();
    new NetworkPolicy(chart, 'p', {
      podSelector: demo,
      ingress: [],
      lintAcknowledgements: { 'namespace-without-workloads': 'pods arrive with the next release' },
    });
    expect(onlyPolicy(chart).metadata.annotations).toEqual({
      'lint-acknowledge.netpol.io/namespace-without-workloads': 'pods arrive with the next release',
    });
  });
});
