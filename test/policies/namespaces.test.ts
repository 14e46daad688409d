import { NamespaceBaseline, SecureNamespace } from '../../lib/policies';
import { newChart, synth } from './synth';

const defaultDeny = (namespace: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'default-deny', namespace },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
});

describe('NamespaceBaseline', () => {
  it('denies both directions, then allows DNS egress, for an existing namespace', () => {
    const chart = newChart();
    new NamespaceBaseline(chart, 'default', { namespace: 'default' });
    const objects = synth(chart);
    expect(
      objects.map((object) => `${object.kind} ${object.metadata.namespace}/${object.metadata.name}`),
    ).toEqual(['NetworkPolicy default/default-deny', 'NetworkPolicy default/allow-dns-egress']);
    expect(objects[0]).toEqual(defaultDeny('default'));
    expect(objects[1].spec.policyTypes).toEqual(['Egress']);
    expect(objects[1].spec.podSelector).toEqual({});
  });
});

describe('SecureNamespace', () => {
  it('creates the namespace first, with Pod Security "restricted", then its baseline', () => {
    const chart = newChart();
    const namespace = new SecureNamespace(chart, 'ns', { name: 'shop', labels: { team: 'payments' } });
    const objects = synth(chart);
    expect(objects[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'shop',
        labels: {
          team: 'payments',
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        },
      },
    });
    expect(objects[1]).toEqual(defaultDeny('shop'));
    expect(objects[2].metadata).toEqual({ name: 'allow-dns-egress', namespace: 'shop' });
    expect(namespace.namespaceName).toBe('shop');
  });

  it('writes no metadata.namespace on the cluster-scoped Namespace, even in a namespaced chart', () => {
    const chart = newChart('shop');
    new SecureNamespace(chart, 'ns', { name: 'shop', podSecurity: 'baseline' });
    const [namespace, ...policies] = synth(chart);
    expect(namespace.metadata).not.toHaveProperty('namespace');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(policies.map((policy) => policy.metadata.namespace)).toEqual(['shop', 'shop']);
  });

  it('refuses an invalid namespace name', () => {
    expect(() => new SecureNamespace(newChart(), 'ns', { name: 'Shop_1' })).toThrow(
      'test/ns: name = "Shop_1": a namespace name must be a lowercase RFC 1123 label',
    );
  });

  it('refuses an invalid label', () => {
    expect(() => new SecureNamespace(newChart(), 'ns', { name: 'shop', labels: { 'team/': 'a' } })).toThrow(
      'test/ns: labels key = "team/": label key its name part is empty',
    );
  });

  it('refuses a second namespace with the same baseline policies', () => {
    const chart = newChart();
    new SecureNamespace(chart, 'a', { name: 'shop' });
    expect(() => new SecureNamespace(chart, 'b', { name: 'shop' })).toThrow(
      "test/b/baseline/default-deny: metadata.name = \"default-deny\": test/a/baseline/default-deny/Resource already defines NetworkPolicy 'default-deny' in namespace 'shop'",
    );
  });
});
