import { diffPairs } from '../../lib/analysis';
import { e2eCluster, match, model, policy, tcp } from './builders';

const DENY_X = policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

describe('coverage', () => {
  it('lists, per direction, the workloads no policy isolates (externals are never listed)', () => {
    const egressOnA = policy('y', 'egress-a', { podSelector: match({ pod: 'a' }), policyTypes: ['Egress'] });
    const coverage = model(
      [...e2eCluster(), DENY_X, egressOnA],
      [{ name: 'internet', ip: '203.0.113.10' }],
    ).coverage();
    expect(coverage).toEqual({
      uncovered: {
        ingress: ['y/a', 'y/b', 'y/c', 'z/a', 'z/b', 'z/c'],
        egress: ['y/b', 'y/c', 'z/a', 'z/b', 'z/c'],
      },
      baselineOnly: { ingress: [], egress: [] },
    });
  });
});

describe('reach', () => {
  it('returns every allowed pair sorted by source then destination', () => {
    const pairs = model([...e2eCluster(), DENY_X]).reach(tcp(80));
    // y and z are open (6 x 6 pairs); the pods of x are cut off, except from themselves.
    expect(pairs).toHaveLength(39);
    expect(pairs[0]).toEqual(['x/a', 'x/a']);
    expect(pairs).toEqual([...pairs].sort((a, b) => (a.join(' ') < b.join(' ') ? -1 : 1)));
    expect(pairs.filter(([from, to]) => from.startsWith('x/') || to.startsWith('x/'))).toEqual([
      ['x/a', 'x/a'],
      ['x/b', 'x/b'],
      ['x/c', 'x/c'],
    ]);
  });
});

describe('diffPairs', () => {
  it('lists the flows a change opens and closes, sorted', () => {
    const before = model([...e2eCluster(), DENY_X]);
    const allowYToA = policy('x', 'y-to-a', {
      podSelector: match({ pod: 'a' }),
      ingress: [{ from: [{ namespaceSelector: match({ ns: 'y' }) }] }],
    });
    const denyZ = policy('z', 'deny-c', { podSelector: match({ pod: 'c' }), policyTypes: ['Ingress'] });
    const after = model([...e2eCluster(), DENY_X, allowYToA, denyZ]);
    const diff = diffPairs(tcp(80), before.reach(tcp(80)), after.reach(tcp(80)));
    expect(diff).toEqual({
      protocol: 'TCP',
      port: 80,
      added: [
        ['y/a', 'x/a'],
        ['y/b', 'x/a'],
        ['y/c', 'x/a'],
      ],
      removed: [
        ['y/a', 'z/c'],
        ['y/b', 'z/c'],
        ['y/c', 'z/c'],
        ['z/a', 'z/c'],
        ['z/b', 'z/c'],
      ],
    });
  });

  it('is empty when nothing changes', () => {
    const pairs = model([...e2eCluster(), DENY_X]).reach(tcp(80));
    expect(diffPairs(tcp(80), pairs, pairs)).toEqual({ protocol: 'TCP', port: 80, added: [], removed: [] });
  });
});

describe('explain', () => {
  it('names the isolating policies and the admitting rule of each side', () => {
    const allow = policy('x', 'allow-b', {
      podSelector: match({ pod: 'a' }),
      ingress: [{ from: [{ podSelector: match({ pod: 'b' }) }], ports: [{ port: 80 }] }],
    });
    const cluster = model([...e2eCluster(), policy('x', 'deny-in', { podSelector: {} }), allow]);
    expect(cluster.explain('x/b', 'x/a', tcp(80))).toEqual({
      from: 'x/b',
      to: 'x/a',
      protocol: 'TCP',
      port: 80,
      allowed: true,
      egress: {
        endpoint: 'x/b',
        isolated: false,
        policies: [],
        allowedBy: [],
        allowed: true,
        decidedBy: 'default',
        chain: [
          'Admin: no match',
          'NetworkPolicy: none isolates',
          'Baseline: no match',
          'default',
          'allowed',
        ],
        notEvaluated: [],
      },
      ingress: {
        endpoint: 'x/a',
        isolated: true,
        policies: ['x/deny-in', 'x/allow-b'],
        allowedBy: [{ policy: 'x/allow-b', direction: 'ingress', rule: 0 }],
        allowed: true,
        decidedBy: 'NetworkPolicy',
        chain: [
          'Admin: no match',
          'NetworkPolicy x/deny-in, x/allow-b: x/allow-b ingress[0] admits',
          'allowed',
        ],
        notEvaluated: [],
      },
    });
    expect(cluster.explain('x/c', 'x/a', tcp(80)).ingress).toMatchObject({ allowed: false, allowedBy: [] });
  });

  it.each([
    [
      'x/a',
      'x/a',
      'a pod always reaches itself: traffic to its own IP never leaves its network namespace, so no policy applies',
    ],
    [
      'internet',
      'partner',
      'both endpoints are outside the cluster: no policy applies, and reach leaves such flows out',
    ],
  ])('notes what the sides do not say: %s -> %s', (from, to, note) => {
    const externals = [
      { name: 'internet', ip: '203.0.113.10' },
      { name: 'partner', ip: '198.51.100.7' },
    ];
    const explanation = model([...e2eCluster(), DENY_X], externals).explain(from, to, tcp(80));
    expect(explanation).toMatchObject({ allowed: true, note });
    expect(model(e2eCluster(), externals).explain('x/a', 'x/b', tcp(80))).not.toHaveProperty('note');
  });

  it('refuses an unknown endpoint', () => {
    expect(() => model(e2eCluster()).explain('x/zz', 'x/a', tcp(80))).toThrow(
      'unknown endpoint "x/zz": use namespace/name of a workload or an --external name',
    );
  });
});
