import { join } from 'node:path';
import {
  ClusterModel,
  PROTOCOLS,
  PortSet,
  loadManifestDir,
  type Connection,
  type Probe,
} from '../../lib/analysis';
import { breakpoints, expectConnectionsMatchProbes } from './connectivity-oracle';
import { deployment, e2eCluster, match, model, namespace, pod, policy, type Json } from './builders';

const SHOP = join(__dirname, '..', 'cli', 'fixtures', 'shop');
const EXTERNALS = [
  { name: 'internet', ip: '203.0.113.10' },
  { name: 'vpn', ip: '10.1.2.3' },
];

const allowedOf = (connections: readonly Connection[], from: string, to: string): string | undefined =>
  connections.find((c) => c.from === from && c.to === to)?.allowed.toString();

/** A web pod serving http on 8080 and an api pod serving http on 9000: one named port, two numbers. */
function namedPortCluster(extra: Json[]): ClusterModel {
  return model([
    namespace('app'),
    pod('app', 'client', { role: 'client' }),
    pod('app', 'web', { role: 'server' }, { ports: [{ name: 'http', containerPort: 8080 }] }),
    pod(
      'app',
      'api',
      { role: 'server' },
      {
        ports: [
          { name: 'http', containerPort: 9000 },
          { name: 'http', containerPort: 9001, protocol: 'UDP' },
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
        ],
      },
    ),
    ...extra,
  ]);
}

describe('connections', () => {
  it('derive each pair from the rules: union over admitting rules, endPort ranges, protocol default TCP, ports: [] = all', () => {
    const cluster = model([
      ...e2eCluster(),
      policy('x', 'a-ingress', {
        podSelector: match({ pod: 'a' }),
        ingress: [
          {
            from: [{ podSelector: match({ pod: 'b' }) }],
            ports: [{ port: 80 }, { port: 1000, endPort: 2000 }],
          },
          { from: [{ podSelector: match({ pod: 'b' }) }], ports: [{ port: 2001, endPort: 2005 }] },
          { from: [{ podSelector: match({ pod: 'b' }) }], ports: [{ protocol: 'UDP' }] },
          { from: [{ podSelector: match({ pod: 'c' }) }], ports: [] },
        ],
      }),
    ]);
    const connections = cluster.connections();
    expect(allowedOf(connections, 'x/b', 'x/a')).toBe('TCP 80,1000-2005; UDP all ports');
    expect(allowedOf(connections, 'x/c', 'x/a')).toBe('All connections');
    expect(allowedOf(connections, 'y/a', 'x/a')).toBeUndefined();
    // x/a reaches itself: a Pod cannot block access to itself.
    expect(allowedOf(connections, 'x/a', 'x/a')).toBe('All connections');
  });

  it('intersect the egress of the source with the ingress of the destination', () => {
    const cluster = model([
      ...e2eCluster(),
      policy('x', 'b-egress', {
        podSelector: match({ pod: 'b' }),
        policyTypes: ['Egress'],
        egress: [{ to: [{ podSelector: {} }], ports: [{ port: 1, endPort: 100 }] }],
      }),
      policy('x', 'a-ingress', {
        podSelector: match({ pod: 'a' }),
        ingress: [
          {
            ports: [
              { port: 80, endPort: 443 },
              { port: 81, protocol: 'UDP' },
            ],
          },
        ],
      }),
    ]);
    const connections = cluster.connections();
    expect(allowedOf(connections, 'x/b', 'x/a')).toBe('TCP 80-100');
    expect(allowedOf(connections, 'x/b', 'x/c')).toBe('TCP 1-100');
    expect(allowedOf(connections, 'y/b', 'x/a')).toBe('TCP 80-443; UDP 81');
    // The egress peer podSelector: {} is every pod of x only.
    expect(allowedOf(connections, 'x/b', 'y/a')).toBeUndefined();
  });

  it('resolve named ports per destination: the same name is 8080 on one pod and 9000 on another', () => {
    const egress = policy('app', 'client-egress', {
      podSelector: match({ role: 'client' }),
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: match({ role: 'server' }) }], ports: [{ port: 'http' }] }],
    });
    const egressOnly = namedPortCluster([egress]).connections();
    expect(allowedOf(egressOnly, 'app/client', 'app/web')).toBe('TCP 8080');
    expect(allowedOf(egressOnly, 'app/client', 'app/api')).toBe('TCP 9000');
    const ingress = policy('app', 'server-ingress', {
      podSelector: match({ role: 'server' }),
      ingress: [
        {
          ports: [
            { port: 'http', protocol: 'UDP' },
            { port: 'dns', protocol: 'UDP' },
          ],
        },
      ],
    });
    const both = namedPortCluster([egress, ingress]).connections();
    // Egress admits TCP http, ingress UDP http and dns: nothing in common on either server.
    expect(allowedOf(both, 'app/client', 'app/api')).toBeUndefined();
    expect(allowedOf(both, 'app/web', 'app/api')).toBe('UDP 53,9001');
    // web declares no UDP port: the ingress rule resolves to nothing there.
    expect(allowedOf(both, 'app/api', 'app/web')).toBeUndefined();
  });

  it('leave out pairs of two externals and pairs that allow nothing, and sort by from then to', () => {
    const connections = ClusterModel.fromManifests(loadManifestDir(SHOP), {
      externals: EXTERNALS,
    }).connections();
    expect(connections.some((c) => !c.from.includes('/') && !c.to.includes('/'))).toBe(false);
    expect(connections.every((c) => !c.allowed.isEmpty())).toBe(true);
    const keys = connections.map((c) => `${c.from}\u0000${c.to}`);
    expect(keys).toEqual([...keys].sort());
    expect(allowedOf(connections, 'internet', 'shop/frontend')).toBe('TCP 80');
    expect(allowedOf(connections, 'vpn', 'shop/frontend')).toBeUndefined();
    expect(allowedOf(connections, 'shop/frontend', 'kube-system/coredns')).toBe('TCP 53; UDP 53');
  });

  it('hostNetwork pods: never isolated, never matched by selectors, no named ports', () => {
    const hostPod = pod('x', 'agent', { pod: 'a' }, { ports: [{ name: 'serve-80-tcp', containerPort: 80 }] });
    (hostPod.spec as Json).hostNetwork = true;
    const cluster = model([
      ...e2eCluster(),
      hostPod,
      policy('x', 'a', {
        podSelector: match({ pod: 'a' }),
        ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 'serve-80-tcp' }] }],
      }),
    ]);
    const connections = cluster.connections();
    expect(allowedOf(connections, 'x/b', 'x/a')).toBe('TCP 80');
    expect(allowedOf(connections, 'x/agent', 'x/a')).toBeUndefined();
    expect(allowedOf(connections, 'x/b', 'x/agent')).toBe('All connections');
    expect(expectConnectionsMatchProbes(cluster).length).toBeGreaterThan(6);
  });

  it('a workload paired with itself stands for its replicas, which policies govern', () => {
    const cluster = model([
      namespace('app'),
      deployment('app', 'web', { app: 'web' }),
      policy('app', 'deny', { podSelector: {} }),
    ]);
    expect(cluster.connections()).toEqual([]);
  });

  it('focus: sources, destinations and pairs with one side in view', () => {
    const cluster = model([...e2eCluster()]);
    const inX = (e: { namespace?: string }) => e.namespace === 'x';
    const ids = (connections: Connection[]) => connections.map((c) => `${c.from}>${c.to}`);
    expect(ids(cluster.connections({ from: inX }))).toHaveLength(27);
    expect(ids(cluster.connections({ from: inX })).every((id) => id.startsWith('x/'))).toBe(true);
    expect(ids(cluster.connections({ to: inX })).every((id) => id.includes('>x/'))).toBe(true);
    expect(ids(cluster.connections({ either: inX }))).toHaveLength(81 - 36);
    expect(ids(cluster.connections({ from: inX, to: inX }))).toHaveLength(9);
  });
});

describe('the connectivity list against per-probe answers on every port', () => {
  const shop = ClusterModel.fromManifests(loadManifestDir(SHOP), { externals: EXTERNALS });

  it('agrees with reach at every breakpoint of the shop fixture (which proves every port, see breakpoints)', () => {
    const probes = expectConnectionsMatchProbes(shop);
    // 1, 65535 and the neighbours of 53, 80, 5432, 8080, 9090 at least.
    expect(probes.length).toBeGreaterThan(20);
  });

  it('agrees with allows() pair by pair at every breakpoint and at random ports', () => {
    const connections = shop.connections();
    const byPair = new Map(connections.map((c) => [`${c.from}\u0000${c.to}`, c.allowed]));
    const ids = shop.endpointIds();
    const points = breakpoints(shop, connections);
    // A fixed-seed sample between the breakpoints, for good measure (a linear congruential generator).
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 65535) + 1;
    for (const protocol of PROTOCOLS) {
      const ports = [...(points.get(protocol) ?? []), ...Array.from({ length: 30 }, random)];
      for (const from of ids) {
        for (const to of ids) {
          if (!from.includes('/') && !to.includes('/')) continue;
          const allowed = byPair.get(`${from}\u0000${to}`) ?? PortSet.empty();
          for (const port of ports) {
            const probe: Probe = { protocol, port };
            if (allowed.has(probe) !== shop.allows(from, to, probe)) {
              throw new Error(`${from} -> ${to} ${protocol}/${port}: aggregated ${allowed.has(probe)}`);
            }
          }
        }
      }
    }
  });
});
