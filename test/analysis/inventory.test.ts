import { ClusterModel, EVALUATED_KINDS } from '../../lib/analysis';

const template = (labels: Record<string, string>) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'c', image: 'i' }] },
});

/** A Pod, or a workload with a pod template, in namespace shop, with a uid and an optional controller. */
function owned(kind: string, name: string, owner?: { kind: string; name: string; uid?: string }, extra = {}) {
  const metadata = {
    name,
    namespace: 'shop',
    uid: `uid-${name}`,
    ...(owner ? { ownerReferences: [{ ...owner, controller: true }] } : {}),
  };
  const { spec, metadata: podMetadata } = template({ app: name });
  const body =
    kind === 'Pod'
      ? { metadata: { ...metadata, ...podMetadata }, spec }
      : { metadata, spec: { template: template({ app: name }) } };
  return { kind, ...body, ...extra };
}

describe('objects netpol does not evaluate are listed, never dropped silently', () => {
  it.each([
    ['projectcalico.org/v3', 'NetworkPolicy', 'policy', 'a NetworkPolicy of Calico: netpol evaluates'],
    ['crd.projectcalico.org/v1', 'GlobalNetworkPolicy', 'policy', 'a GlobalNetworkPolicy of Calico'],
    ['cilium.io/v2', 'CiliumNetworkPolicy', 'policy', 'a CiliumNetworkPolicy of Cilium'],
    [
      'policy.networking.k8s.io/v1alpha1',
      'AdminNetworkPolicy',
      'policy',
      'AdminNetworkPolicy is the API that policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy replaced',
    ],
    [
      'vpc-resources.k8s.aws/v1beta1',
      'SecurityGroupPolicy',
      'policy',
      'the VPC CNI (security groups for pods)',
    ],
    [
      'extensions/v1beta1',
      'NetworkPolicy',
      'policy',
      'removed in Kubernetes 1.16: convert it to networking.k8s.io/v1',
    ],
    ['argoproj.io/v1alpha1', 'Rollout', 'workload', 'it runs pods (it has a pod template)'],
    ['kustomize.config.k8s.io/v1beta1', 'Kustomization', 'render-first', 'render it first (kustomize build'],
    ['v1', 'Service', 'other', 'carries no network policy'],
    ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'other', 'carries no network policy'],
    [
      'example.com/v1',
      'Widget',
      'other',
      'a kind netpol does not know: check that it does not filter traffic',
    ],
  ])('%s %s: %s', (apiVersion, kind, category, reason) => {
    const object = {
      apiVersion,
      kind,
      metadata: { name: 'x', namespace: 'shop' },
      // Only a workload's pod template makes an unknown kind a workload.
      spec: category === 'workload' ? { template: template({ app: 'x' }) } : {},
    };
    const model = ClusterModel.fromObjects([object]);
    expect(model.endpointIds()).toEqual([]);
    expect(model.input.skipped).toEqual([
      {
        kind,
        apiVersion,
        name: 'shop/x',
        category,
        reason: expect.stringContaining(reason),
        source: { index: 0 },
      },
    ]);
  });

  it('reads an evaluated kind only from its API groups: a Deployment of another group is skipped', () => {
    const foreign = { ...owned('Deployment', 'web'), apiVersion: 'example.com/v1' };
    const model = ClusterModel.fromObjects([
      foreign,
      { ...owned('Deployment', 'api'), apiVersion: 'apps/v1' },
    ]);
    expect(model.endpointIds()).toEqual(['shop/api']);
    expect(model.input.skipped.map((object) => object.category)).toEqual(['workload']);
  });

  it('evaluates a ClusterNetworkPolicy: nothing skipped', () => {
    const guardrail = {
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'baseline' },
      spec: { tier: 'Baseline', priority: 1000, subject: { namespaces: {} }, ingress: [] },
    };
    const model = ClusterModel.fromObjects([guardrail]);
    expect(model.input.skipped).toEqual([]);
    expect(model.clusterPolicies()).toEqual(['ClusterNetworkPolicy/baseline']);
  });

  it('dispatches each evaluated kind from one table entry', () => {
    expect(EVALUATED_KINDS.map(({ kind, groups }) => `${groups.join('|')}/${kind}`)).toEqual([
      '/Namespace',
      'networking.k8s.io/NetworkPolicy',
      'policy.networking.k8s.io/ClusterNetworkPolicy',
      '/Pod',
      '/ReplicationController',
      'apps|extensions/Deployment',
      'apps|extensions/StatefulSet',
      'apps|extensions/DaemonSet',
      'apps|extensions/ReplicaSet',
      'batch/Job',
      'batch/CronJob',
    ]);
  });
});

describe('the namespace of objects that name none', () => {
  const unplaced = [
    { kind: 'Pod', metadata: { name: 'p' }, spec: template({}).spec },
    { kind: 'NetworkPolicy', metadata: { name: 'deny' }, spec: { podSelector: {} } },
  ];

  it('is default, or the one given (as kubectl apply -n places them)', () => {
    expect(ClusterModel.fromObjects(unplaced).endpointIds()).toEqual(['default/p']);
    const model = ClusterModel.fromObjects(unplaced, { namespace: 'shop' });
    expect(model.endpointIds()).toEqual(['shop/p']);
    // The policy landed in shop too: it isolates the pod there.
    expect(model.coverage().uncovered.ingress).toEqual([]);
  });

  it('does not move objects that name their own', () => {
    const placed = { kind: 'Pod', metadata: { name: 'q', namespace: 'other' }, spec: template({}).spec };
    expect(ClusterModel.fromObjects([placed], { namespace: 'shop' }).endpointIds()).toEqual(['other/q']);
  });

  it('must be a namespace name', () => {
    expect(() => ClusterModel.fromObjects(unplaced, { namespace: 'Shop' })).toThrow(
      'namespace "Shop" must be a lowercase RFC 1123 label',
    );
  });
});

describe('owned workloads collapse into their owner in the same input', () => {
  const deployment = owned('Deployment', 'web');
  const replicaSet = owned('ReplicaSet', 'web-5d9', { kind: 'Deployment', name: 'web', uid: 'uid-web' });
  const pod = (name: string, ip: string) =>
    owned(
      'Pod',
      name,
      { kind: 'ReplicaSet', name: 'web-5d9', uid: 'uid-web-5d9' },
      { status: { podIP: ip } },
    );

  it('folds Pod -> ReplicaSet -> Deployment into the Deployment, which gains the pod IPs', () => {
    const model = ClusterModel.fromObjects([
      pod('web-5d9-a', '10.0.0.1'),
      replicaSet,
      pod('web-5d9-b', '10.0.0.2'),
      deployment,
    ]);
    expect(model.endpointIds()).toEqual(['shop/web']);
    expect(model.endpoint('shop/web')).toMatchObject({ kind: 'Deployment', ips: ['10.0.0.1', '10.0.0.2'] });
    expect(model.input.collapsed).toBe(3);
    expect(() => model.endpoint('shop/web-5d9-a')).toThrow(
      'unknown endpoint "shop/web-5d9-a": it was folded into shop/web, which owns it: use that, or keep it apart',
    );
  });

  it('folds Pod -> Job -> CronJob, and a ReplicationController keeps its pods', () => {
    const cronJob = {
      kind: 'CronJob',
      metadata: { name: 'report', namespace: 'shop' },
      spec: { jobTemplate: { spec: { template: template({ app: 'report' }) } } },
    };
    const job = owned('Job', 'report-1', { kind: 'CronJob', name: 'report' });
    const jobPod = owned('Pod', 'report-1-x', { kind: 'Job', name: 'report-1', uid: 'uid-report-1' });
    const controller = owned('ReplicationController', 'legacy');
    const legacyPod = owned('Pod', 'legacy-x', { kind: 'ReplicationController', name: 'legacy' });
    const model = ClusterModel.fromObjects([cronJob, job, jobPod, controller, legacyPod]);
    expect(model.endpointIds()).toEqual(['shop/legacy', 'shop/report']);
    expect(model.endpoint('shop/legacy').kind).toBe('ReplicationController');
  });

  it.each([
    ['the owner is not in the input', [pod('web-5d9-a', '10.0.0.1')]],
    [
      'the owner in the input has another uid (a newer object of that name)',
      [
        pod('web-5d9-a', '10.0.0.1'),
        { ...replicaSet, metadata: { ...replicaSet.metadata, uid: 'uid-other' } },
      ],
    ],
    [
      'the owner is in another namespace',
      [
        owned('Pod', 'p', { kind: 'Deployment', name: 'web' }),
        { ...deployment, metadata: { name: 'web', namespace: 'other' } },
      ],
    ],
  ])('keeps a workload apart when %s', (_why, objects) => {
    const model = ClusterModel.fromObjects(objects);
    expect(model.endpointIds()).toHaveLength(objects.length);
    expect(model.input.collapsed).toBe(0);
  });

  it('keeps everything apart when collapseOwned is false', () => {
    const model = ClusterModel.fromObjects([deployment, replicaSet, pod('web-5d9-a', '10.0.0.1')], {
      collapseOwned: false,
    });
    expect(model.endpointIds()).toEqual(['shop/web', 'shop/web-5d9', 'shop/web-5d9-a']);
  });

  it('ends on an ownership cycle, keeping one of its members', () => {
    const a = owned('ReplicaSet', 'a', { kind: 'ReplicaSet', name: 'b' });
    const b = owned('ReplicaSet', 'b', { kind: 'ReplicaSet', name: 'a' });
    expect(ClusterModel.fromObjects([a, b]).endpointIds()).toHaveLength(1);
  });
});
