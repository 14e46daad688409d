import { clusterPolicy, namespace, pod, policy, match, model, type Json } from './builders';

const CLUSTER = [
  namespace('shop', { team: 'shop' }),
  namespace('kube-system'),
  pod('shop', 'api', { app: 'api' }),
  pod('shop', 'web', { app: 'web' }),
];

const apiIngress = (from: Json[] | undefined, ports: Json[] = [{ port: 8080 }]) =>
  policy('shop', 'api', {
    podSelector: match({ app: 'api' }),
    ingress: [{ ...(from ? { from } : {}), ports }],
  });

const exposureOf = (...policies: Json[]) =>
  model([...CLUSTER, ...policies])
    .exposure()
    .map(({ path, reason, peer, ports, namedPorts, workloads }) => ({
      path,
      reason,
      peer,
      ports: ports.toString(),
      namedPorts,
      workloads,
    }));

describe('exposure: what policies admit beyond the input', () => {
  it('a namespaceSelector by labels admits namespaces created later', () => {
    expect(
      exposureOf(
        apiIngress([{ namespaceSelector: match({ team: 'x' }), podSelector: match({ role: 'client' }) }]),
      ),
    ).toEqual([
      {
        path: 'spec.ingress[0].from[0]',
        reason: 'namespace-selector',
        peer: 'pods with role=client in any namespace with team=x',
        ports: 'TCP 8080',
        namedPorts: [],
        workloads: ['shop/api'],
      },
    ]);
  });

  it('an empty namespaceSelector is any namespace; with no podSelector the whole cluster', () => {
    const peers = exposureOf(
      apiIngress([{ namespaceSelector: {} }, { namespaceSelector: {}, podSelector: match({ app: 'web' }) }]),
    );
    expect(peers.map((p) => p.peer)).toEqual([
      'every pod of every namespace (the whole cluster)',
      'pods with app=web in any namespace',
    ]);
  });

  it('a rule without peers admits anything, on its ports, named ones as written', () => {
    expect(exposureOf(apiIngress(undefined, [{ port: 'http' }, { protocol: 'UDP', port: 53 }]))).toEqual([
      {
        path: 'spec.ingress[0]',
        reason: 'any-peer',
        peer: 'any peer: every pod of every namespace, and every address',
        ports: 'UDP 53',
        namedPorts: ['TCP/http'],
        workloads: ['shop/api'],
      },
    ]);
  });

  it('ingress named ports resolve on the workloads the rule opens; egress ones stay names', () => {
    const servers = [
      pod('shop', 'a', { role: 'server' }, { ports: [{ name: 'http', containerPort: 8080 }] }),
      pod('shop', 'b', { role: 'server' }, { ports: [{ name: 'http', containerPort: 9000 }] }),
    ];
    const open = (direction: 'ingress' | 'egress') =>
      policy('shop', direction, {
        podSelector: match({ role: 'server' }),
        policyTypes: [direction === 'ingress' ? 'Ingress' : 'Egress'],
        [direction]: [{ ports: [{ port: 'http' }] }],
      });
    const exposure = model([...CLUSTER, ...servers, open('ingress'), open('egress')]).exposure();
    expect(exposure.map((p) => [p.direction, p.ports.toString(), p.namedPorts])).toEqual([
      ['egress', 'No connections', ['TCP/http']],
      ['ingress', 'TCP 8080,9000', ['TCP/http']],
    ]);
  });

  it('a namespaceSelector that names namespaces is reported only for those absent from the input', () => {
    const byName = (names: string[]) =>
      apiIngress([
        {
          namespaceSelector: {
            matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: names }],
          },
        },
      ]);
    expect(exposureOf(byName(['kube-system']))).toEqual([]);
    expect(exposureOf(byName(['kube-system', 'payments'])).map((p) => [p.reason, p.peer])).toEqual([
      ['absent-namespace', 'every pod in namespace payments (not in the input)'],
    ]);
  });

  it('a podSelector alone stays in the policy namespace and is not reported', () => {
    expect(exposureOf(apiIngress([{ podSelector: {} }]))).toEqual([]);
  });

  it('an ipBlock is reported when it may hold pod addresses, its except taken into account', () => {
    const block = (cidr: string, except: string[] = []) => apiIngress([{ ipBlock: { cidr, except } }]);
    expect(exposureOf(block('203.0.113.0/24'))).toEqual([]);
    // Two exceptions that only together cover the block: reported, as the code says (never hidden).
    expect(exposureOf(block('10.0.0.0/8', ['10.0.0.0/9', '10.128.0.0/9']))).toHaveLength(1);
    expect(exposureOf(block('10.20.0.0/16')).map((p) => p.peer)).toEqual([
      'pods with addresses in 10.20.0.0/16 (overlaps pod range 10.0.0.0/8)',
    ]);
    expect(exposureOf(block('0.0.0.0/0', ['10.0.0.0/8'])).map((p) => p.peer)).toEqual([
      'pods with addresses in 0.0.0.0/0 except 10.0.0.0/8 (overlaps pod range 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)',
    ]);
    // With the cluster's own pod range, only blocks that reach into it count.
    const withPodCidr = (cidr: string, except: string[] = []) =>
      model([...CLUSTER, block(cidr, except)]).exposure({ podCidrs: ['10.0.0.0/16'] });
    expect(withPodCidr('0.0.0.0/0', ['10.0.0.0/8'])).toEqual([]);
    expect(withPodCidr('10.0.0.0/8')).toHaveLength(1);
    expect(withPodCidr('10.0.3.0/24')).toHaveLength(1);
    expect(withPodCidr('2001:db8::/32')).toEqual([]);
  });

  it('egress rules name the sources they open; filters keep namespaces and workloads', () => {
    const egress = policy('shop', 'web-egress', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: {} }], ports: [{ port: 443 }] }],
    });
    const cluster = model([...CLUSTER, egress]);
    expect(cluster.exposure().map((p) => [p.direction, p.workloads])).toEqual([
      ['egress', ['shop/api', 'shop/web']],
    ]);
    expect(cluster.exposure({ namespace: (ns) => ns === 'other' })).toEqual([]);
    const onlyWeb = cluster.exposure({ workload: (endpoint) => endpoint.name === 'web' });
    expect(onlyWeb.map((p) => p.workloads)).toEqual([['shop/web']]);
    expect(cluster.exposure({ workload: () => false })).toEqual([]);
  });
});

describe('exposure: ClusterNetworkPolicy Accept rules', () => {
  const everyNamespace = { namespaces: {} };
  const cnpExposure = (objects: Json[], options?: Parameters<ReturnType<typeof model>['exposure']>[0]) =>
    model([...CLUSTER, ...objects])
      .exposure(options)
      .map(({ policy: id, tier, direction, path, reason, peer, ports, namedPorts, workloads }) => ({
        policy: id,
        tier,
        direction,
        path,
        reason,
        peer,
        ports: ports.toString(),
        namedPorts,
        workloads,
      }));

  it('an Admin Accept whose namespaces peer matches by labels admits namespaces created later', () => {
    const monitoring = clusterPolicy('allow-monitoring', 'Admin', 10, everyNamespace, {
      ingress: [
        {
          action: 'Accept',
          from: [{ namespaces: match({ team: 'monitoring' }) }],
          protocols: [{ tcp: { destinationPort: { number: 9090 } } }],
        },
      ],
    });
    expect(cnpExposure([monitoring])).toEqual([
      {
        policy: 'ClusterNetworkPolicy/allow-monitoring',
        tier: 'Admin',
        direction: 'ingress',
        path: 'spec.ingress[0].from[0].namespaces',
        reason: 'namespace-selector',
        peer: 'every pod in any namespace with team=monitoring',
        ports: 'TCP 9090',
        namedPorts: [],
        workloads: ['shop/api', 'shop/web'],
      },
    ]);
  });

  it('Deny and Pass rules admit no one and are not listed', () => {
    const rules = (action: string) => ({
      egress: [{ action, to: [{ namespaces: {} }, { networks: ['0.0.0.0/0'] }] }],
    });
    expect(
      cnpExposure([
        clusterPolicy('deny', 'Admin', 1, everyNamespace, rules('Deny')),
        clusterPolicy('pass', 'Admin', 2, everyNamespace, rules('Pass')),
        clusterPolicy('baseline-deny', 'Baseline', 1, everyNamespace, rules('Deny')),
      ]),
    ).toEqual([]);
  });

  it('a Baseline Accept of pods in any namespace, on every port when it lists no protocols', () => {
    const baseline = clusterPolicy(
      'allow-web',
      'Baseline',
      5,
      { namespaces: match({ team: 'shop' }) },
      {
        ingress: [
          {
            action: 'Accept',
            from: [{ pods: { namespaceSelector: {}, podSelector: match({ app: 'web' }) } }],
          },
        ],
      },
    );
    expect(cnpExposure([baseline]).map((p) => [p.tier, p.path, p.reason, p.peer, p.ports])).toEqual([
      [
        'Baseline',
        'spec.ingress[0].from[0].pods',
        'namespace-selector',
        'pods with app=web in any namespace',
        'All connections',
      ],
    ]);
  });

  it('namespaces pinned by name are listed only when absent from the input', () => {
    const byName = (names: string[]) =>
      clusterPolicy('allow-system', 'Admin', 3, everyNamespace, {
        ingress: [
          {
            action: 'Accept',
            from: [
              {
                namespaces: {
                  matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: names }],
                },
              },
            ],
          },
        ],
      });
    expect(cnpExposure([byName(['kube-system'])])).toEqual([]);
    expect(cnpExposure([byName(['kube-system', 'monitoring'])]).map((p) => [p.reason, p.peer])).toEqual([
      ['absent-namespace', 'every pod in namespace monitoring (not in the input)'],
    ]);
  });

  it('a networks peer is listed when it may hold pod addresses, each CIDR at its own path', () => {
    const egress = clusterPolicy('allow-out', 'Admin', 4, everyNamespace, {
      egress: [
        {
          action: 'Accept',
          to: [{ networks: ['203.0.113.0/24', '10.20.0.0/16'] }],
          protocols: [{ tcp: { destinationPort: { range: { start: 8000, end: 8100 } } } }],
        },
      ],
    });
    expect(cnpExposure([egress]).map((p) => [p.direction, p.path, p.reason, p.peer, p.ports])).toEqual([
      [
        'egress',
        'spec.egress[0].to[0].networks[1]',
        'ip-block',
        'pods with addresses in 10.20.0.0/16 (overlaps pod range 10.0.0.0/8)',
        'TCP 8000-8100',
      ],
    ]);
    expect(model([...CLUSTER, egress]).exposure({ podCidrs: ['172.16.0.0/12'] })).toEqual([]);
  });

  it('a destinationNamedPort resolves on the subject for ingress and stays a name, without protocol, for egress', () => {
    const servers = [
      pod('shop', 'a', { role: 'server' }, { ports: [{ name: 'http', containerPort: 8080 }] }),
      pod(
        'shop',
        'b',
        { role: 'server' },
        { ports: [{ name: 'http', containerPort: 9000, protocol: 'UDP' }] },
      ),
    ];
    const rule = (peerField: 'from' | 'to') => ({
      action: 'Accept',
      [peerField]: [{ namespaces: match({ team: 'x' }) }],
      protocols: [{ destinationNamedPort: 'http' }],
    });
    const named = clusterPolicy(
      'named',
      'Admin',
      6,
      { pods: { namespaceSelector: {}, podSelector: match({ role: 'server' }) } },
      { ingress: [rule('from')], egress: [rule('to')] },
    );
    expect(
      model([...CLUSTER, ...servers, named])
        .exposure()
        .map((p) => [p.direction, p.ports.toString(), p.namedPorts, p.workloads]),
    ).toEqual([
      ['egress', 'No connections', ['http'], ['shop/a', 'shop/b']],
      ['ingress', 'TCP 8080; UDP 9000', ['http'], ['shop/a', 'shop/b']],
    ]);
  });

  it('filters keep the subject workloads of matching namespaces; experimental peers are not listed', () => {
    const guard = clusterPolicy('allow-everywhere', 'Admin', 7, everyNamespace, {
      egress: [
        { action: 'Accept', to: [{ domainNames: ['example.com'] }] },
        { action: 'Accept', to: [{ namespaces: {} }] },
      ],
    });
    const objects = [...CLUSTER, pod('kube-system', 'dns', { k8s: 'dns' }), guard];
    expect(
      model(objects)
        .exposure()
        .map((p) => [p.path, p.workloads]),
    ).toEqual([['spec.egress[1].to[0].namespaces', ['kube-system/dns', 'shop/api', 'shop/web']]]);
    const inShop = model(objects).exposure({ namespace: (ns) => ns === 'shop' });
    expect(inShop.map((p) => p.workloads)).toEqual([['shop/api', 'shop/web']]);
    expect(model(objects).exposure({ namespace: (ns) => ns === 'other' })).toEqual([]);
    expect(
      model(objects)
        .exposure({ workload: (endpoint) => endpoint.name === 'dns' })
        .map((p) => p.workloads),
    ).toEqual([['kube-system/dns']]);
  });
});
