import {
  NamespaceBaseline,
  PodSecurityLevel,
  SecureNamespace,
  SecureNamespaceProps,
  podSecurityLabels,
} from '../../lib/policies';
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

  it('makes each baseline policy depend on the Namespace, so no ordering of the chart can apply it first', () => {
    const namespace = new SecureNamespace(newChart(), 'ns', { name: 'shop' });
    for (const policy of [namespace.baseline.defaultDeny, namespace.baseline.dnsEgress]) {
      expect(policy.apiObject.node.dependencies).toContain(namespace.apiObject);
    }
  });

  it('offers its Pod Security labels for namespaces built otherwise', () => {
    expect(podSecurityLabels('baseline')).toEqual({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'baseline',
      'pod-security.kubernetes.io/audit': 'baseline',
    });
  });

  it('keeps Pod Security labels other than the level, e.g. a pinned version', () => {
    const chart = newChart();
    new SecureNamespace(chart, 'ns', {
      name: 'shop',
      labels: { 'pod-security.kubernetes.io/enforce-version': 'v1.31' },
    });
    expect(synth(chart)[0].metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce-version': 'v1.31',
      ...podSecurityLabels('restricted'),
    });
  });

  describe('refuses', () => {
    it.each<[string, SecureNamespaceProps, string]>([
      [
        'an invalid namespace name',
        { name: 'Shop_1' },
        `test/ns: name = "Shop_1": a namespace name must be a lowercase RFC 1123 label: 'a-z', '0-9' and '-', ` +
          "starting and ending with an alphanumeric. Fix: use a name like 'shop'.",
      ],
      [
        'an invalid label',
        { name: 'shop', labels: { 'team/': 'a' } },
        'test/ns: labels key = "team/": invalid label key: its name part is empty. ' +
          "Fix: use a key like 'app.kubernetes.io/name'.",
      ],
      [
        'a Pod Security level label, which podSecurity would silently overwrite',
        { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
        'test/ns: labels.pod-security.kubernetes.io/enforce = "privileged": the Pod Security level is set from ' +
          "podSecurity, and this label would be overwritten. Fix: drop the label and set podSecurity: 'privileged'.",
      ],
      [
        'an unknown Pod Security level',
        { name: 'shop', podSecurity: 'Restricted' as PodSecurityLevel },
        'test/ns: podSecurity = "Restricted": not a Pod Security Standard level (restricted, baseline, privileged). ' +
          "Fix: use 'restricted' unless a workload needs more.",
      ],
    ])('%s', (_, props, message) => {
      expect(() => new SecureNamespace(newChart(), 'ns', props)).toThrow(message);
    });

    it('a second namespace with the same baseline policies', () => {
      const chart = newChart();
      new SecureNamespace(chart, 'a', { name: 'shop' });
      expect(() => new SecureNamespace(chart, 'b', { name: 'shop' })).toThrow(
        "test/b/baseline/default-deny: metadata.name = \"default-deny\": test/a/baseline/default-deny/Resource already defines NetworkPolicy 'default-deny' in namespace 'shop'; " +
          'applied together, one would silently replace the other. Fix: give this policy a different name, or put it in a different namespace.',
      );
    });
  });
});
