import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterModel, parseManifests } from '../lib/analysis';
import { manifestsFromObjects } from '../lib/analysis/manifests';
import { synthProject } from './charts/project';

/** examples/cluster: the charts' dist/ linked beside a kube-dns fixture, so the README's DNS examples have a server. */
describe('examples/cluster', () => {
  const dir = join(__dirname, '..', 'examples', 'cluster');

  it('links the charts output and adds the cluster DNS the shop policies allow', () => {
    expect(readlinkSync(join(dir, 'dist'))).toBe(join('..', '..', 'dist'));
    const file = join(dir, 'kube-dns.yaml');
    const charts = manifestsFromObjects(Object.values(synthProject().objects).flat());
    const model = ClusterModel.fromManifests([
      ...charts,
      ...parseManifests(readFileSync(file, 'utf8'), file),
    ]);
    for (const pod of ['shop/frontend', 'shop/api', 'shop/db']) {
      expect(model.allows(pod, 'kube-system/coredns', { protocol: 'UDP', port: 53 })).toBe(true);
      expect(model.allows(pod, 'kube-system/coredns', { protocol: 'TCP', port: 53 })).toBe(true);
      expect(model.allows(pod, 'kube-system/coredns', { protocol: 'TCP', port: 8080 })).toBe(false);
    }
  });
});
