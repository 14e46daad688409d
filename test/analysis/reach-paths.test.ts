import type { ExternalEndpoint } from '../../lib/analysis';
import { clusterPolicy, model, namespace, pod, policy, tcp, udp, type Json } from './builders';
import { expectConnectionsMatchProbes } from './connectivity-oracle';

/**
 * reach starts each source from the smaller side (its egress targets, or the destinations whose ingress holds
 * it) and groups endpoints into admission classes. Random clusters (seeded, so every run is the same) mix
 * isolated and open sides, wide and narrow selections, named ports and ipBlocks, so that both starts and many
 * classes occur; each must give exactly the pairs that judging every flow one at a time gives. From seed 26 on,
 * ClusterNetworkPolicies of both tiers with every action are added, so the tiered classes meet the same check.
 */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const NAMESPACES = ['a', 'b', 'c'];
const ROLES = ['web', 'api', 'db'];
const EXTERNALS: ExternalEndpoint[] = [
  { name: 'internet', ip: '203.0.113.10' },
  { name: 'office', ip: '10.9.0.1' },
];

function randomCluster(seed: number): Json[] {
  const next = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const objects: Json[] = NAMESPACES.map((ns) => namespace(ns, { team: pick(['x', 'y']) }));
  for (const ns of NAMESPACES) {
    for (let i = 0; i < 6; i++) {
      const ports = next() < 0.5 ? [{ name: 'http', containerPort: pick([80, 8080]) }] : [];
      const ip = next() < 0.5 ? `10.${NAMESPACES.indexOf(ns)}.0.${i + 1}` : undefined;
      objects.push(pod(ns, `p${i}`, { role: pick(ROLES) }, { ports, ip }));
    }
  }
  const peer = (): Json =>
    pick([
      { podSelector: { matchLabels: { role: pick(ROLES) } } },
      { namespaceSelector: { matchLabels: { team: pick(['x', 'y']) } } },
      { namespaceSelector: {}, podSelector: { matchLabels: { role: pick(ROLES) } } },
      { ipBlock: { cidr: '10.0.0.0/8', except: [pick(['10.1.0.0/16', '10.9.0.0/16'])] } },
      { ipBlock: { cidr: '0.0.0.0/0' } },
    ]);
  const rule = (side: 'from' | 'to'): Json => ({
    ...(next() < 0.8 ? { [side]: [peer(), ...(next() < 0.3 ? [peer()] : [])] } : {}),
    ...(next() < 0.7
      ? { ports: [pick([{ port: 80 }, { port: 'http' }, { protocol: 'UDP', port: 53 }])] }
      : {}),
  });
  for (let i = 0; i < 8; i++) {
    const types = pick([['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
    const podSelector = next() < 0.4 ? {} : { matchLabels: { role: pick(ROLES) } };
    const count = () => Math.floor(next() * 3);
    objects.push(
      policy(pick(NAMESPACES), `p${i}`, {
        podSelector,
        policyTypes: types,
        ingress: Array.from({ length: count() }, () => rule('from')),
        egress: Array.from({ length: count() }, () => rule('to')),
      }),
    );
  }
  if (seed > 25) objects.push(...randomClusterPolicies(next, pick));
  return objects;
}

function randomClusterPolicies(next: () => number, pick: <T>(values: readonly T[]) => T): Json[] {
  const selector = (): Json => pick([{}, { matchLabels: { team: pick(['x', 'y']) } }]);
  const pods = (): Json => ({
    pods: { namespaceSelector: selector(), podSelector: { matchLabels: { role: pick(ROLES) } } },
  });
  const peer = (direction: 'ingress' | 'egress'): Json =>
    direction === 'egress' && next() < 0.3
      ? { networks: [pick(['10.0.0.0/8', '10.1.0.0/16', '0.0.0.0/0', '203.0.113.0/24'])] }
      : pick([{ namespaces: selector() }, pods()]);
  const rule = (direction: 'ingress' | 'egress'): Json => {
    const peers = [peer(direction), ...(next() < 0.3 ? [peer(direction)] : [])];
    const named = peers.every((p) => !('networks' in p)) && next() < 0.3;
    const protocols = named
      ? [{ destinationNamedPort: 'http' }]
      : pick([
          undefined,
          [{ tcp: { destinationPort: { number: 80 } } }],
          [
            { tcp: { destinationPort: { range: { start: 80, end: 8080 } } } },
            { udp: { destinationPort: { number: 53 } } },
          ],
        ]);
    return {
      action: pick(['Accept', 'Deny', 'Pass']),
      [direction === 'ingress' ? 'from' : 'to']: peers,
      ...(protocols ? { protocols } : {}),
    };
  };
  const count = () => Math.floor(next() * 3);
  return Array.from({ length: 4 }, (_, i) =>
    clusterPolicy(
      `c${i}`,
      pick(['Admin', 'Baseline'] as const),
      Math.floor(next() * 3),
      pick([{ namespaces: selector() }, pods()]),
      {
        ingress: Array.from({ length: count() }, () => rule('ingress')),
        egress: Array.from({ length: count() }, () => rule('egress')),
      },
    ),
  );
}

describe.each(Array.from({ length: 50 }, (_, i) => i + 1))('random cluster %i', (seed) => {
  const cluster = model(randomCluster(seed), EXTERNALS);
  const ids = cluster.endpointIds();
  const isExternal = (id: string) => !id.includes('/');

  it.each([tcp(80), tcp(8080), udp(53)])('reach equals pairwise evaluation on %j', (probe) => {
    const expected = ids.flatMap((from) =>
      ids
        .filter((to) => !(isExternal(from) && isExternal(to)) && cluster.allows(from, to, probe))
        .map((to) => [from, to]),
    );
    expect(cluster.reach(probe)).toEqual(expected);
  });

  it('the connectivity list equals reach on every port (checked at each breakpoint)', () => {
    expect(expectConnectionsMatchProbes(cluster).length).toBeGreaterThan(6);
  });
});
