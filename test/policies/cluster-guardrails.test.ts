import { clusterNetworkPolicyProblem } from '../../lib/kubernetes';
import {
  BaselineDefaultDeny,
  DelegateToNamespacePolicies,
  DenyInstanceMetadata,
  IsolateTenants,
  LabelSelector,
  ProtectSystemNamespaces,
  SYSTEM_NAMESPACES,
} from '../../lib/policies';
import { KubeObject, newChart, synth } from './synth';

/** Every ClusterNetworkPolicy the chart synthesizes, each checked against the API's rules. */
function clusterPolicies(build: (chart: ReturnType<typeof newChart>) => void): KubeObject[] {
  const chart = newChart();
  build(chart);
  const policies = synth(chart);
  for (const policy of policies) expect(clusterNetworkPolicyProblem(policy)).toBeUndefined();
  return policies;
}

const NAME = 'kubernetes.io/metadata.name';
const DNS_PORTS = [
  { udp: { destinationPort: { number: 53 } } },
  { tcp: { destinationPort: { number: 53 } } },
];

describe('SYSTEM_NAMESPACES', () => {
  it("are the cluster's own: EKS add-ons in kube-system, Calico and its operator", () => {
    expect(SYSTEM_NAMESPACES).toEqual(['kube-system', 'calico-system', 'tigera-operator']);
  });
});

describe('BaselineDefaultDeny', () => {
  it('denies both directions for every namespace but the system ones, after DNS, last in the Baseline tier', () => {
    const [policy] = clusterPolicies((chart) => new BaselineDefaultDeny(chart, 'baseline'));
    expect(policy.metadata.name).toBe('baseline-default-deny');
    expect(policy.spec).toEqual({
      tier: 'Baseline',
      priority: 1000,
      subject: {
        namespaces: { matchExpressions: [{ key: NAME, operator: 'NotIn', values: SYSTEM_NAMESPACES }] },
      },
      ingress: [{ name: 'deny-all-ingress', action: 'Deny', from: [{ namespaces: {} }] }],
      egress: [
        {
          name: 'allow-cluster-dns',
          action: 'Accept',
          to: [
            {
              pods: {
                namespaceSelector: { matchLabels: { [NAME]: 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            },
          ],
          protocols: DNS_PORTS,
        },
        {
          name: 'deny-all-egress',
          action: 'Deny',
          to: [{ namespaces: {} }, { networks: ['0.0.0.0/0', '::/0'] }],
        },
      ],
    });
  });

  it('covers every namespace with no exemption, and can leave DNS out', () => {
    const [policy] = clusterPolicies(
      (chart) =>
        new BaselineDefaultDeny(chart, 'baseline', { exemptNamespaces: [], allowDns: false, priority: 900 }),
    );
    expect(policy.spec.subject).toEqual({ namespaces: {} });
    expect(policy.spec.priority).toBe(900);
    expect(policy.spec.egress.map((rule: KubeObject) => rule.name)).toEqual(['deny-all-egress']);
  });

  it('refuses an invalid exempted namespace name', () => {
    expect(() => new BaselineDefaultDeny(newChart(), 'b', { exemptNamespaces: ['Kube_System'] })).toThrow(
      'test/b: exemptNamespaces[0] = "Kube_System": a namespace name must be a lowercase RFC 1123 label',
    );
  });
});

describe('DenyInstanceMetadata', () => {
  it('denies egress to IMDS over IPv4 and IPv6 from every pod, in the Admin tier', () => {
    const [policy] = clusterPolicies((chart) => new DenyInstanceMetadata(chart, 'imds'));
    expect(policy.spec).toEqual({
      tier: 'Admin',
      priority: 10,
      subject: { namespaces: {} },
      egress: [
        {
          name: 'deny-instance-metadata',
          action: 'Deny',
          to: [{ networks: ['169.254.169.254/32', 'fd00:ec2::254/128'] }],
        },
      ],
    });
  });

  it('exempts namespaces only when told to', () => {
    const [policy] = clusterPolicies(
      (chart) => new DenyInstanceMetadata(chart, 'imds', { exemptNamespaces: ['legacy'] }),
    );
    expect(policy.spec.subject).toEqual({
      namespaces: { matchExpressions: [{ key: NAME, operator: 'NotIn', values: ['legacy'] }] },
    });
  });
});

describe('ProtectSystemNamespaces', () => {
  const policies = clusterPolicies((chart) => new ProtectSystemNamespaces(chart, 'system'));
  const [dns, protect] = policies;

  it('passes DNS queries from every pod to kube-dns first', () => {
    expect(dns.metadata.name).toBe('protect-system-namespaces-dns');
    expect(dns.spec).toEqual({
      tier: 'Admin',
      priority: 20,
      subject: {
        pods: {
          namespaceSelector: { matchLabels: { [NAME]: 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        },
      },
      ingress: [
        { name: 'pass-dns-queries', action: 'Pass', from: [{ namespaces: {} }], protocols: DNS_PORTS },
      ],
    });
  });

  it('then passes traffic among system namespaces and denies every other namespace', () => {
    const systemNamespaces = { matchExpressions: [{ key: NAME, operator: 'In', values: SYSTEM_NAMESPACES }] };
    expect(protect.spec).toEqual({
      tier: 'Admin',
      priority: 30,
      subject: { namespaces: systemNamespaces },
      ingress: [
        { name: 'pass-system-and-trusted', action: 'Pass', from: [{ namespaces: systemNamespaces }] },
        { name: 'deny-other-namespaces', action: 'Deny', from: [{ namespaces: {} }] },
      ],
    });
  });

  it('lets trusted namespaces in', () => {
    const [, trusting] = clusterPolicies(
      (chart) =>
        new ProtectSystemNamespaces(chart, 'system', {
          namespaces: ['kube-system'],
          trustedNamespaces: ['monitoring'],
        }),
    );
    expect(trusting.spec.subject).toEqual({ namespaces: { matchLabels: { [NAME]: 'kube-system' } } });
    expect(trusting.spec.ingress[0].from).toEqual([
      {
        namespaces: {
          matchExpressions: [{ key: NAME, operator: 'In', values: ['kube-system', 'monitoring'] }],
        },
      },
    ]);
  });

  it('refuses a DNS priority equal to the protecting one: both select the DNS pods', () => {
    expect(() => new ProtectSystemNamespaces(newChart(), 'system', { dnsPriority: 30 })).toThrow(
      "test/system/Policy: spec.priority = 30: test/system/Dns ('protect-system-namespaces-dns') is also in the Admin tier at priority 30",
    );
  });
});

describe('IsolateTenants', () => {
  const policies = clusterPolicies((chart) => new IsolateTenants(chart, 'tenants', { tenants: ['a', 'b'] }));

  it('writes one policy per tenant at one priority (their subjects are disjoint)', () => {
    expect(policies.map((policy) => [policy.metadata.name, policy.spec.priority])).toEqual([
      ['isolate-tenant-a', 40],
      ['isolate-tenant-b', 40],
    ]);
  });

  it('passes traffic within a tenant and denies other tenants, both ways', () => {
    const own = { namespaces: { matchLabels: { tenant: 'a' } } };
    const anyTenant = { namespaces: { matchExpressions: [{ key: 'tenant', operator: 'Exists' }] } };
    expect(policies[0].spec).toEqual({
      tier: 'Admin',
      priority: 40,
      subject: own,
      ingress: [
        { name: 'pass-same-tenant', action: 'Pass', from: [own] },
        { name: 'deny-other-tenants', action: 'Deny', from: [anyTenant] },
      ],
      egress: [
        { name: 'pass-same-tenant', action: 'Pass', to: [own] },
        { name: 'deny-other-tenants', action: 'Deny', to: [anyTenant] },
      ],
    });
  });

  it('refuses an empty tenant list and an invalid tenant label', () => {
    expect(() => new IsolateTenants(newChart(), 't', { tenants: [] })).toThrow(
      'test/t: tenants = []: no tenants to isolate',
    );
    expect(() => new IsolateTenants(newChart(), 't', { tenants: ['a'], tenantLabel: 'bad label' })).toThrow(
      'spec.subject.namespaces.matchLabels key = "bad label": invalid label key',
    );
  });
});

describe('DelegateToNamespacePolicies', () => {
  it('passes every connection of the namespaces to their own NetworkPolicies', () => {
    const [policy] = clusterPolicies(
      (chart) => new DelegateToNamespacePolicies(chart, 'delegate', { namespaces: ['shop'] }),
    );
    expect(policy.spec).toEqual({
      tier: 'Admin',
      priority: 500,
      subject: { namespaces: { matchLabels: { [NAME]: 'shop' } } },
      ingress: [{ name: 'pass-all-ingress', action: 'Pass', from: [{ namespaces: {} }] }],
      egress: [
        {
          name: 'pass-all-egress',
          action: 'Pass',
          to: [{ namespaces: {} }, { networks: ['0.0.0.0/0', '::/0'] }],
        },
      ],
    });
  });
});

describe('the guardrails together', () => {
  it('fit in one App with their default priorities', () => {
    const policies = clusterPolicies((chart) => {
      new DenyInstanceMetadata(chart, 'imds');
      new ProtectSystemNamespaces(chart, 'system');
      new IsolateTenants(chart, 'tenants', { tenants: ['a', 'b'] });
      new DelegateToNamespacePolicies(chart, 'delegate', { namespaces: ['shop'] });
      new BaselineDefaultDeny(chart, 'baseline', {
        dnsPodSelector: LabelSelector.matchLabels({ 'k8s-app': 'kube-dns' }),
      });
    });
    expect(
      policies.map((policy) => `${policy.spec.tier} ${policy.spec.priority} ${policy.metadata.name}`),
    ).toEqual([
      'Admin 10 deny-instance-metadata',
      'Admin 20 protect-system-namespaces-dns',
      'Admin 30 protect-system-namespaces',
      'Admin 40 isolate-tenant-a',
      'Admin 40 isolate-tenant-b',
      'Admin 500 delegate-to-namespace-policies',
      'Baseline 1000 baseline-default-deny',
    ]);
  });
});
