import { namespace, pod, policy, match, model, type Json } from './builders';

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
