import { App, Testing } from 'cdk8s';
import { PlatformChart } from '../../charts';
import { Selector } from '../../lib/analysis/selectors';
import { NAMESPACE_NAME_LABEL, POLICY_TIER_ORDER } from '../../lib/kubernetes';
import { SYSTEM_NAMESPACES } from '../../lib/policies';
import { KubeObject } from '../policies/synth';
import { synthProject } from './project';

/**
 * What the platform chart's YAML says, read as a reviewer reads it: which namespaces each guardrail selects and
 * what its rules do, in evaluation order. Whether connections are then allowed or denied (a pod in a new namespace
 * reaches DNS and nothing else; no pod reaches the metadata service; the shop's flows hold) is for the analyzer's
 * intent tests, which evaluate these objects with the NetworkPolicies of the other charts.
 */
const policies = synthProject().objects.platform;
const byName = (name: string): KubeObject => policies.find((policy) => policy.metadata.name === name)!;

/** Policies in the order the API evaluates them: tier (Admin before Baseline), then priority. */
const evaluationOrder = [...policies].sort(
  (a, b) =>
    POLICY_TIER_ORDER.indexOf(a.spec.tier) - POLICY_TIER_ORDER.indexOf(b.spec.tier) ||
    a.spec.priority - b.spec.priority,
);

/** Whether the policy's subject selects (some pods of) the namespace, by the analyzer's selector semantics. */
function selectsNamespace(policy: KubeObject, namespace: string): boolean {
  const { namespaces, pods } = policy.spec.subject;
  const selector = Selector.compile(namespaces ?? pods.namespaceSelector ?? {}, 'subject');
  return selector.matches({ [NAMESPACE_NAME_LABEL]: namespace });
}

const NEW_NAMESPACE = 'created-tomorrow';
const DNS_PEER = {
  pods: {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } },
    podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
  },
};
const DNS_PORTS = [
  { udp: { destinationPort: { number: 53 } } },
  { tcp: { destinationPort: { number: 53 } } },
];

describe('the platform chart', () => {
  it('holds only cluster-scoped ClusterNetworkPolicies, in this evaluation order', () => {
    expect(
      policies.every((policy) => policy.kind === 'ClusterNetworkPolicy' && !policy.metadata.namespace),
    ).toBe(true);
    expect(evaluationOrder.map((p) => `${p.spec.tier} ${p.spec.priority} ${p.metadata.name}`)).toEqual([
      'Admin 10 deny-instance-metadata',
      'Admin 20 protect-system-namespaces-dns',
      'Admin 30 protect-system-namespaces',
      'Baseline 1000 baseline-default-deny',
    ]);
  });

  it('denies the metadata service to every pod of every namespace, system ones included, before any other rule', () => {
    const [first] = evaluationOrder;
    expect(first.metadata.name).toBe('deny-instance-metadata');
    for (const namespace of [NEW_NAMESPACE, 'shop', ...SYSTEM_NAMESPACES]) {
      expect(selectsNamespace(first, namespace)).toBe(true);
    }
    expect(first.spec.subject.pods).toBeUndefined();
    expect(first.spec.egress).toEqual([
      expect.objectContaining({
        action: 'Deny',
        to: [{ networks: ['169.254.169.254/32', 'fd00:ec2::254/128'] }],
      }),
    ]);
    expect(first.spec.egress[0].protocols).toBeUndefined();
  });

  it('covers a namespace created tomorrow with the baseline: DNS to kube-dns, then deny all, both ways', () => {
    const baseline = byName('baseline-default-deny');
    expect(selectsNamespace(baseline, NEW_NAMESPACE)).toBe(true);
    expect(baseline.spec.ingress).toEqual([
      { name: 'deny-all-ingress', action: 'Deny', from: [{ namespaces: {} }] },
    ]);
    expect(baseline.spec.egress).toEqual([
      { name: 'allow-cluster-dns', action: 'Accept', to: [DNS_PEER], protocols: DNS_PORTS },
      {
        name: 'deny-all-egress',
        action: 'Deny',
        to: [{ namespaces: {} }, { networks: ['0.0.0.0/0', '::/0'] }],
      },
    ]);
  });

  it('exempts exactly the system namespaces from the baseline, and protects exactly them', () => {
    const baseline = byName('baseline-default-deny');
    const protect = byName('protect-system-namespaces');
    for (const namespace of SYSTEM_NAMESPACES) {
      expect(selectsNamespace(baseline, namespace)).toBe(false);
      expect(selectsNamespace(protect, namespace)).toBe(true);
    }
    for (const namespace of [NEW_NAMESPACE, 'shop', 'default']) {
      expect(selectsNamespace(baseline, namespace)).toBe(true);
      expect(selectsNamespace(protect, namespace)).toBe(false);
    }
  });

  it('lets every pod query kube-dns before the system namespaces deny other namespaces', () => {
    const dns = byName('protect-system-namespaces-dns');
    const protect = byName('protect-system-namespaces');
    expect(dns.spec.priority).toBeLessThan(protect.spec.priority);
    expect(dns.spec.subject).toEqual(DNS_PEER);
    expect(dns.spec.ingress).toEqual([
      { name: 'pass-dns-queries', action: 'Pass', from: [{ namespaces: {} }], protocols: DNS_PORTS },
    ]);
    expect(protect.spec.ingress.map((rule: KubeObject) => rule.action)).toEqual(['Pass', 'Deny']);
    expect(protect.spec.ingress[1].from).toEqual([{ namespaces: {} }]);
  });

  it('adds tenant isolation and delegation when asked', () => {
    const chart = new PlatformChart(new App(), 'platform', {
      tenants: ['team-a', 'team-b'],
      delegatedNamespaces: ['shop'],
    });
    expect(Testing.synth(chart).map((policy) => policy.metadata.name)).toEqual([
      'deny-instance-metadata',
      'protect-system-namespaces-dns',
      'protect-system-namespaces',
      'isolate-tenant-team-a',
      'isolate-tenant-team-b',
      'delegate-to-namespace-policies',
      'baseline-default-deny',
    ]);
  });
});
