import { ClusterModel } from '../../lib/analysis';
import { GUIDE_NAMESPACES } from '../../charts';
import { KUBE_DNS, synthProject } from './project';

const { objects } = synthProject();
const all = Object.values(objects).flat();
const guidePolicy = (namespace: string) => `${namespace}/pod-network-policy`;

/** `netpol lint dist` in a test: the project's own charts must pass the review they ask of others. */
describe('lint over every synthesized chart', () => {
  it.each([
    ['as written to dist/', all],
    ['with the cluster DNS the baselines allow', [...all, KUBE_DNS]],
  ])('leaves no open finding %s', (_, input) => {
    expect(ClusterModel.fromObjects(input).lint().findings).toEqual([]);
  });

  it("acknowledges, with a reason, only what the guide's examples raise by design", () => {
    const acknowledged = ClusterModel.fromObjects(all)
      .lint()
      .acknowledged.map(({ object, rule, reason }) => [object, rule, reason.length > 20]);
    expect(acknowledged).toEqual([
      [guidePolicy(GUIDE_NAMESPACES.allowAllToPod), 'allow-all-egress', true],
      [guidePolicy(GUIDE_NAMESPACES.allowAllToPod), 'allow-all-ingress', true],
      [guidePolicy(GUIDE_NAMESPACES.allowAllToPod), 'namespace-without-workloads', true],
      [guidePolicy(GUIDE_NAMESPACES.denyAllToPod), 'namespace-without-workloads', true],
    ]);
  });
});
