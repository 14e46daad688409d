import {
  PortSet,
  connectionDiffToJson,
  connectionsFromJson,
  connectionsFromProbes,
  connectionsToJson,
  diffConnections,
  opensAnything,
  type Connection,
} from '../../lib/analysis';
import { e2eCluster, model, policy, tcp } from './builders';

const tcpPorts = (...ports: number[]): PortSet =>
  PortSet.of(
    'TCP',
    ports.map((port) => [port, port]),
  );
const link = (from: string, to: string, allowed: PortSet): Connection => ({ from, to, allowed });

describe('connections', () => {
  it('serialize to the JSON contract: sorted by from then to, pairs allowing nothing left out', () => {
    const connections = [
      link('shop/frontend', 'shop/api', tcpPorts(8080)),
      link('ns/b', 'ns/c', PortSet.empty()),
      link('ns/a', 'ns/b', PortSet.of('UDP', [[53, 53]]).union(tcpPorts(8080))),
    ];
    expect(JSON.stringify(connectionsToJson(connections))).toBe(
      '{"connections":[{"from":"ns/a","to":"ns/b","allowed":{"TCP":[[8080,8080]],"UDP":[[53,53]]}},' +
        '{"from":"shop/frontend","to":"shop/api","allowed":{"TCP":[[8080,8080]]}}]}',
    );
  });

  it('join the ports of a pair listed twice, and read the contract back', () => {
    const json = connectionsToJson([link('a/x', 'a/y', tcpPorts(80)), link('a/x', 'a/y', tcpPorts(81))]);
    expect(json.connections).toEqual([{ from: 'a/x', to: 'a/y', allowed: { TCP: [[80, 81]] } }]);
    const [read] = connectionsFromJson(JSON.parse(JSON.stringify(json)));
    expect(read.allowed.equals(PortSet.of('TCP', [[80, 81]]))).toBe(true);
    expect(() => connectionsFromJson({ connections: [{ from: 'a', to: 1, allowed: {} }] })).toThrow(
      'connections[0]: "from" and "to" must be strings',
    );
    expect(() => connectionsFromJson({ connections: [{ from: 'a', to: 'b', allowed: { X: [] } }] })).toThrow(
      'connections[0].allowed: unknown protocol "X"',
    );
  });

  it('from per-probe answers hold, per pair, exactly the probes the pair passed', () => {
    const cluster = model([
      ...e2eCluster(),
      policy('x', 'only-81', {
        podSelector: {},
        ingress: [{ ports: [{ port: 81 }] }],
        policyTypes: ['Ingress'],
      }),
    ]);
    const probes = [tcp(80), tcp(81)];
    const connections = connectionsFromProbes(
      probes.map((probe) => ({ probe, allowed: cluster.reach(probe) })),
    );
    for (const { from, to, allowed } of connections) {
      for (const probe of probes) expect(allowed.has(probe)).toBe(cluster.allows(from, to, probe));
    }
    const intoX = connections.filter((c) => c.to === 'x/a' && c.from !== 'x/a');
    expect(intoX.length).toBeGreaterThan(0);
    expect(intoX.every((c) => c.allowed.toString() === 'TCP 81')).toBe(true);
  });
});

describe('diffConnections', () => {
  const before = [
    link('a/x', 'a/y', tcpPorts(80)),
    link('a/x', 'a/z', tcpPorts(80, 443)),
    link('b/x', 'a/y', tcpPorts(53)),
  ];
  const after = [
    link('a/x', 'a/z', tcpPorts(443, 8443)),
    link('b/x', 'a/y', tcpPorts(53)),
    link('c/x', 'a/y', PortSet.all()),
  ];

  it('sorts pairs into opened, closed and changed, with the ports each change opens and closes', () => {
    const diff = diffConnections(before, after);
    expect(connectionDiffToJson(diff)).toEqual({
      opened: [{ from: 'c/x', to: 'a/y', allowed: PortSet.all().toJSON() }],
      closed: [{ from: 'a/x', to: 'a/y', allowed: { TCP: [[80, 80]] } }],
      changed: [
        {
          from: 'a/x',
          to: 'a/z',
          before: {
            TCP: [
              [80, 80],
              [443, 443],
            ],
          },
          after: {
            TCP: [
              [443, 443],
              [8443, 8443],
            ],
          },
          opened: { TCP: [[8443, 8443]] },
          closed: { TCP: [[80, 80]] },
        },
      ],
    });
    expect(opensAnything(diff)).toBe(true);
  });

  it('a change that only closes opens nothing; identical inputs differ in nothing', () => {
    expect(opensAnything(diffConnections(after, [link('b/x', 'a/y', tcpPorts(53))]))).toBe(false);
    const same = diffConnections(before, [...before].reverse());
    expect(same).toEqual({ opened: [], closed: [], changed: [] });
  });
});
