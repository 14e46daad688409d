import { App, Chart, Testing } from 'cdk8s';
import * as entry from '../lib';

describe('package entry point', () => {
  test('exports the construct library and the stack', () => {
    for (const name of [
      'NetworkPolicy',
      'DefaultDeny',
      'AllowDnsEgress',
      'SecureNamespace',
      'SecureEksStack',
    ]) {
      expect(entry).toHaveProperty(name);
    }
  });

  test('a team can prove its own chart with the exported evaluator', () => {
    const chart = new Chart(new App(), 'team', { namespace: 'team' });
    new entry.SecureNamespace(chart, 'ns', { name: 'team' });
    const objects: unknown[] = [
      ...Testing.synth(chart),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'team', labels: { app: 'web' } } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'other' } },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
      },
    ];
    const model = entry.analysis.ClusterModel.fromObjects(objects);
    expect(model.allows('other/client', 'team/web', { protocol: 'TCP', port: 80 })).toBe(false);
    expect(model.allows('team/web', 'other/client', { protocol: 'TCP', port: 80 })).toBe(false);
    expect(model.allows('team/web', 'kube-system/coredns', { protocol: 'UDP', port: 53 })).toBe(true);
    expect(model.allows('team/web', 'kube-system/coredns', { protocol: 'TCP', port: 443 })).toBe(false);
  });
});
