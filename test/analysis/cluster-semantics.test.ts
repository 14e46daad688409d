import type { ExternalEndpoint, Probe, Protocol } from '../../lib/analysis';
import {
  clusterPolicy,
  conformanceCluster,
  houseIp,
  houseNamespace,
  housePod,
  match,
  model,
  pod,
  policy,
  type Json,
} from './builders';

/**
 * One row per rule of ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2, network-policy-api v0.2.0), most of
 * them the upstream conformance scenarios (conformance/tests/*.go with conformance/base/**.yaml) on its model of
 * houses. Every row states flows that must be allowed AND flows that must be denied, checked one flow at a time
 * (explain) and over every pair at once (reach), which must agree.
 */
type Flow = [from: string, to: string, probe: string, allowed: boolean];

interface Scenario {
  name: string;
  objects: Json[];
  externals?: ExternalEndpoint[];
  flows: Flow[];
}

const probe = (text: string): Probe => {
  const [protocol, port] = text.split('/');
  return { protocol: protocol as Protocol, port: Number(port) };
};

const G = housePod('gryffindor');
const S = housePod('slytherin');
const H = housePod('hufflepuff');
const R = housePod('ravenclaw');
const R1 = housePod('ravenclaw', 1);
const INTERNET: ExternalEndpoint = { name: 'internet', ip: '203.0.113.10' };

const toNamespace = (house: string): Json => ({ namespaces: houseNamespace(house) });
const housePods = (house: string): Json => ({
  pods: {
    namespaceSelector: { matchLabels: { 'conformance-house': house } },
    podSelector: { matchLabels: { 'conformance-house': house } },
  },
});
const rule = (action: string, peers: Json[], direction: 'to' | 'from', protocols?: Json[]): Json => ({
  action,
  [direction]: peers,
  ...(protocols ? { protocols } : {}),
});
const ports80_53_9003 = [
  { tcp: { destinationPort: { number: 80 } } },
  { udp: { destinationPort: { number: 53 } } },
  { sctp: { destinationPort: { number: 9003 } } },
];

/** conformance/base/admin_tier/standard-gress-rules-combined.yaml ("gress-rules", Admin, priority 15). */
function gressRules(tier: 'Admin' | 'Baseline', order: (rules: Json[]) => Json[] = (rules) => rules): Json {
  const egress = [
    rule('Accept', [toNamespace('ravenclaw')], 'to'),
    rule('Deny', [toNamespace('ravenclaw')], 'to'),
    rule('Pass', [toNamespace('ravenclaw')], 'to'),
    rule('Deny', [toNamespace('slytherin')], 'to', ports80_53_9003),
    rule('Pass', [toNamespace('slytherin')], 'to', ports80_53_9003),
    rule('Accept', [toNamespace('hufflepuff')], 'to', [
      { tcp: { destinationPort: { number: 8080 } } },
      { udp: { destinationPort: { number: 5353 } } },
      { sctp: { destinationPort: { number: 9003 } } },
    ]),
    rule('Deny', [toNamespace('hufflepuff')], 'to'),
  ];
  const ingress = [
    rule('Accept', [toNamespace('ravenclaw')], 'from'),
    rule('Deny', [toNamespace('ravenclaw')], 'from'),
    rule('Pass', [toNamespace('ravenclaw')], 'from'),
    rule('Deny', [toNamespace('slytherin')], 'from', ports80_53_9003),
    rule('Pass', [toNamespace('slytherin')], 'from', ports80_53_9003),
    rule('Accept', [toNamespace('hufflepuff')], 'from', [
      { tcp: { destinationPort: { number: 80 } } },
      { udp: { destinationPort: { number: 5353 } } },
      { sctp: { destinationPort: { number: 9003 } } },
    ]),
    rule('Deny', [toNamespace('hufflepuff')], 'from'),
  ];
  return clusterPolicy(
    'gress-rules',
    tier,
    15,
    { namespaces: houseNamespace('gryffindor') },
    {
      egress: order(egress),
      ingress: order(ingress),
    },
  );
}

const swap =
  (i: number, j: number) =>
  (rules: Json[]): Json[] => {
    const copy = [...rules];
    [copy[i], copy[j]] = [copy[j], copy[i]];
    return copy;
  };

/** A NetworkPolicy isolating gryffindor that admits only slytherin (standard-anp-np-banp.yaml). */
const GRYFFINDOR_ADMITS_SLYTHERIN = policy('network-policy-conformance-gryffindor', 'allow-slytherin', {
  podSelector: {},
  policyTypes: ['Ingress', 'Egress'],
  ingress: [{ from: [{ namespaceSelector: match({ 'conformance-house': 'slytherin' }) }] }],
  egress: [{ to: [{ namespaceSelector: match({ 'conformance-house': 'slytherin' }) }] }],
});

/** conformance/base/admin_tier/standard-priority-field.yaml. */
function priorityPolicies(passPriority: number): Json[] {
  const subject = housePods('gryffindor');
  const both = (action: string) => ({
    ingress: [rule(action, [housePods('slytherin')], 'from')],
    egress: [rule(action, [housePods('slytherin')], 'to')],
  });
  return [
    clusterPolicy('priority-50-example', 'Admin', 50, subject, both('Deny')),
    clusterPolicy('old-priority-60-new-priority-40-example', 'Admin', passPriority, subject, both('Pass')),
    clusterPolicy('default', 'Baseline', 10, subject, both('Accept')),
  ];
}

/** conformance/base/api_integration/standard-anp-np-banp.yaml. */
function integration(adminAction: 'Deny' | 'Pass', withNetworkPolicy: boolean): Json[] {
  const both = (action: string) => ({
    ingress: [rule(action, [{ namespaces: match({ 'conformance-house': 'slytherin' }) }], 'from')],
    egress: [rule(action, [{ namespaces: match({ 'conformance-house': 'slytherin' }) }], 'to')],
  });
  const gryffindor = match({ 'conformance-house': 'gryffindor' });
  return [
    clusterPolicy('pass-example', 'Admin', 10, { namespaces: gryffindor }, both(adminAction)),
    ...(withNetworkPolicy ? [GRYFFINDOR_ADMITS_SLYTHERIN] : []),
    clusterPolicy('default', 'Baseline', 10, { namespaces: gryffindor }, both('Deny')),
  ];
}

/** conformance/base/{admin,baseline}_tier/standard-egress-inline-cidr-rules.yaml, with the allow the test adds. */
function inlineCidr(tier: 'Admin' | 'Baseline', allowPodIps: boolean): Json {
  const allow = rule(
    'Accept',
    [{ networks: [`${houseIp('ravenclaw', 0)}/32`, `${houseIp('hufflepuff')}/32`] }],
    'to',
  );
  return clusterPolicy('inline-cidr-as-peers-example', tier, 85, housePods('gryffindor'), {
    egress: [
      ...(allowPodIps ? [allow] : []),
      rule('Accept', [housePods('slytherin')], 'to'),
      rule('Deny', [{ networks: ['0.0.0.0/0', '::/0'] }], 'to'),
    ],
  });
}

const cluster = (...objects: Json[]): Json[] => [...conformanceCluster(), ...objects];

const scenarios: Scenario[] = [
  {
    name: "gress rules: the first matching rule decides, Accept before a Deny of the same peers ('allow-gress')",
    objects: cluster(gressRules('Admin')),
    flows: [
      [G, R, 'TCP/80', true],
      [G, R, 'UDP/5353', true],
      [G, R, 'SCTP/9005', true],
      [R, G, 'TCP/8080', true],
      [R, G, 'UDP/53', true],
    ],
  },
  {
    name: "gress rules at ports: Accept on the listed ports, Deny of everything else ('allow-gress ... at ports')",
    objects: cluster(gressRules('Admin')),
    flows: [
      [G, H, 'TCP/8080', true],
      [G, H, 'UDP/5353', true],
      [G, H, 'SCTP/9003', true],
      [G, H, 'TCP/80', false],
      [G, H, 'UDP/53', false],
      [G, H, 'SCTP/9005', false],
      [H, G, 'TCP/80', true],
      [H, G, 'UDP/5353', true],
      [H, G, 'SCTP/9003', true],
      [H, G, 'TCP/8080', false],
      [H, G, 'UDP/53', false],
      [H, G, 'SCTP/9005', false],
    ],
  },
  {
    name: "gress rules: Deny moved first denies every protocol ('deny-gress')",
    objects: cluster(gressRules('Admin', swap(0, 1))),
    flows: [
      [G, R, 'TCP/80', false],
      [G, R, 'UDP/53', false],
      [G, R, 'SCTP/9003', false],
      [R, G, 'TCP/8080', false],
      [R, G, 'UDP/5353', false],
      [R1, G, 'SCTP/9005', false],
      // the subject is gryffindor: ravenclaw's other flows are not its business
      [R, H, 'TCP/80', true],
    ],
  },
  {
    name: "gress rules: a Deny on TCP 80, UDP 53 and SCTP 9003 only ('deny-gress ... at the specified ports')",
    objects: cluster(gressRules('Admin')),
    flows: [
      [G, S, 'TCP/80', false],
      [G, S, 'UDP/53', false],
      [G, S, 'SCTP/9003', false],
      [G, S, 'TCP/8080', true],
      [G, S, 'UDP/5353', true],
      [G, S, 'SCTP/9005', true],
      [S, G, 'TCP/80', false],
      [S, G, 'UDP/53', false],
      [S, G, 'SCTP/9003', false],
      [S, G, 'TCP/8080', true],
    ],
  },
  {
    name: "gress rules: Pass moved first leaves the flow to the next tiers, here the default ('pass-gress')",
    objects: cluster(gressRules('Admin', swap(0, 2))),
    flows: [
      [G, R, 'TCP/80', true],
      [R, G, 'UDP/53', true],
    ],
  },
  {
    name: 'Pass skips the rest of the Admin tier and a NetworkPolicy decides',
    objects: cluster(gressRules('Admin', swap(0, 2)), GRYFFINDOR_ADMITS_SLYTHERIN),
    flows: [
      [G, R, 'TCP/80', false],
      [R, G, 'UDP/53', false],
      [G, S, 'TCP/8080', true],
    ],
  },
  {
    name: 'the Baseline tier applies its rules in order as the Admin tier does',
    objects: cluster(gressRules('Baseline', swap(0, 1))),
    flows: [
      [G, R, 'TCP/80', false],
      [G, H, 'TCP/8080', true],
      [G, H, 'TCP/80', false],
      [S, G, 'TCP/80', false],
      [S, G, 'TCP/8080', true],
    ],
  },
  {
    name: 'priority: the lower value decides first (Deny at 50 before Pass at 60)',
    objects: cluster(...priorityPolicies(60)),
    flows: [
      [S, G, 'TCP/80', false],
      [S, G, 'UDP/53', false],
      [G, S, 'TCP/8080', false],
      [G, H, 'TCP/80', true],
    ],
  },
  {
    name: 'priority: Pass moved to 40 takes precedence, and the Baseline Accept decides',
    objects: cluster(...priorityPolicies(40)),
    flows: [
      [S, G, 'TCP/80', true],
      [G, S, 'SCTP/9003', true],
    ],
  },
  {
    name: 'integration: an Admin Deny overrides the NetworkPolicy that admits the flow',
    objects: cluster(...integration('Deny', true)),
    flows: [
      [S, G, 'TCP/80', false],
      [G, S, 'TCP/8080', false],
    ],
  },
  {
    name: 'integration: an Admin Pass leaves it to the NetworkPolicy, which admits it over the Baseline Deny',
    objects: cluster(...integration('Pass', true)),
    flows: [
      [S, G, 'TCP/80', true],
      [G, S, 'TCP/8080', true],
      // the NetworkPolicy isolates gryffindor: other houses are denied by it, not by a cluster rule
      [H, G, 'TCP/80', false],
    ],
  },
  {
    name: 'integration: an Admin Pass without a NetworkPolicy reaches the Baseline Deny',
    objects: cluster(...integration('Pass', false)),
    flows: [
      [S, G, 'TCP/80', false],
      [G, S, 'TCP/8080', false],
      [H, G, 'TCP/80', true],
    ],
  },
  {
    name: 'networks match pod IPs and external addresses (admin inline CIDR: deny-egress)',
    objects: cluster(inlineCidr('Admin', false)),
    externals: [INTERNET],
    flows: [
      [G, S, 'TCP/80', true],
      [G, H, 'TCP/80', false],
      [G, R, 'UDP/53', false],
      [G, 'internet', 'TCP/443', false],
      [H, 'internet', 'TCP/443', true],
    ],
  },
  {
    name: 'networks with /32 pod IPs accept those pods only (admin inline CIDR: allow-egress)',
    objects: cluster(inlineCidr('Admin', true)),
    externals: [INTERNET],
    flows: [
      [G, R, 'TCP/80', true],
      [G, R1, 'TCP/80', false],
      [G, H, 'SCTP/9003', true],
      [G, 'internet', 'TCP/443', false],
    ],
  },
  {
    name: 'baseline inline CIDR: a NetworkPolicy overrides the Baseline Deny of 0.0.0.0/0',
    objects: cluster(
      inlineCidr('Baseline', false),
      policy('network-policy-conformance-gryffindor', 'egress-to-hufflepuff', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: match({ 'conformance-house': 'hufflepuff' }) }] }],
      }),
    ),
    externals: [INTERNET],
    flows: [
      [G, H, 'TCP/80', true],
      [G, S, 'TCP/80', false],
      [G, 'internet', 'TCP/443', false],
    ],
  },
  {
    name: 'destinationNamedPort resolves on the destination, for the protocol its container declares',
    objects: cluster(
      clusterPolicy(
        'named',
        'Admin',
        5,
        { namespaces: houseNamespace('gryffindor') },
        {
          egress: [
            rule('Accept', [toNamespace('hufflepuff')], 'to', [
              { destinationNamedPort: 'web' },
              { destinationNamedPort: 'dns' },
            ]),
            rule('Deny', [toNamespace('hufflepuff')], 'to'),
          ],
          ingress: [rule('Deny', [toNamespace('slytherin')], 'from', [{ destinationNamedPort: 'web' }])],
        },
      ),
    ),
    flows: [
      [G, H, 'TCP/80', true],
      [G, H, 'UDP/53', true],
      [G, H, 'TCP/53', false],
      [G, H, 'UDP/80', false],
      [G, H, 'TCP/8080', false],
      [S, G, 'TCP/80', false],
      [S, G, 'TCP/8080', true],
      [S, G, 'UDP/80', true],
    ],
  },
  {
    name: 'a destinationPort range is inclusive at both ends, per protocol',
    objects: cluster(
      clusterPolicy(
        'ranges',
        'Admin',
        5,
        { namespaces: houseNamespace('gryffindor') },
        {
          egress: [
            rule('Deny', [toNamespace('slytherin')], 'to', [
              { tcp: { destinationPort: { range: { start: 8000, end: 8080 } } } },
              { udp: { destinationPort: { range: { start: 5000, end: 5353 } } } },
            ]),
          ],
        },
      ),
    ),
    flows: [
      [G, S, 'TCP/8000', false],
      [G, S, 'TCP/8080', false],
      [G, S, 'TCP/7999', true],
      [G, S, 'TCP/8081', true],
      [G, S, 'UDP/5353', false],
      [G, S, 'UDP/5354', true],
      [G, S, 'SCTP/8080', true],
    ],
  },
  {
    name: 'each side decides on its own: an egress Accept does not override the destination ingress',
    objects: cluster(
      clusterPolicy(
        'accept-out',
        'Admin',
        1,
        { namespaces: houseNamespace('gryffindor') },
        {
          egress: [rule('Accept', [toNamespace('slytherin')], 'to')],
        },
      ),
      clusterPolicy(
        'deny-in',
        'Admin',
        2,
        { namespaces: houseNamespace('slytherin') },
        {
          ingress: [rule('Deny', [toNamespace('gryffindor')], 'from')],
        },
      ),
      policy('network-policy-conformance-gryffindor', 'deny-egress', {
        podSelector: {},
        policyTypes: ['Egress'],
      }),
    ),
    flows: [
      [G, S, 'TCP/80', false],
      // the egress Accept overrides gryffindor's own NetworkPolicy default deny
      [G, H, 'TCP/80', false],
      [H, S, 'TCP/80', true],
    ],
  },
  {
    name: 'an Admin Accept overrides a NetworkPolicy default deny on its side',
    objects: cluster(
      clusterPolicy(
        'accept-dns',
        'Admin',
        1,
        { namespaces: {} },
        {
          egress: [
            rule('Accept', [toNamespace('ravenclaw')], 'to', [{ udp: { destinationPort: { number: 53 } } }]),
          ],
        },
      ),
      policy('network-policy-conformance-gryffindor', 'deny-all', {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      }),
    ),
    flows: [
      [G, R, 'UDP/53', true],
      [G, R, 'TCP/53', false],
      [S, G, 'TCP/80', false],
    ],
  },
  {
    name: 'an Admin Accept on a pod no NetworkPolicy isolates changes nothing: everything is allowed already',
    objects: cluster(
      clusterPolicy(
        'accept-only',
        'Admin',
        1,
        { namespaces: houseNamespace('gryffindor') },
        {
          ingress: [rule('Accept', [toNamespace('slytherin')], 'from')],
          egress: [rule('Pass', [toNamespace('slytherin')], 'to')],
        },
      ),
    ),
    flows: [
      [S, G, 'TCP/80', true],
      [H, G, 'TCP/80', true],
      [G, S, 'UDP/53', true],
    ],
  },
  {
    name: 'subject pods: namespaceSelector AND podSelector',
    objects: [
      ...conformanceCluster(),
      pod('network-policy-conformance-gryffindor', 'other', { app: 'other' }, { ip: '10.244.1.99' }),
      clusterPolicy('only-labelled', 'Admin', 1, housePods('gryffindor'), {
        ingress: [rule('Deny', [{ namespaces: {} }], 'from')],
      }),
    ],
    flows: [
      [S, G, 'TCP/80', false],
      [S, 'network-policy-conformance-gryffindor/other', 'TCP/80', true],
    ],
  },
  {
    name: 'host-networked pods are neither subjects nor pod peers; networks still match their IP',
    objects: [
      ...conformanceCluster(),
      {
        ...pod(
          'network-policy-conformance-gryffindor',
          'host',
          { 'conformance-house': 'gryffindor' },
          { ip: '192.0.2.5' },
        ),
        spec: { hostNetwork: true, containers: [{ name: 'main', image: 'app' }] },
      },
      clusterPolicy(
        'deny-from-gryffindor',
        'Admin',
        1,
        { namespaces: houseNamespace('slytherin') },
        {
          ingress: [rule('Deny', [toNamespace('gryffindor')], 'from')],
        },
      ),
      clusterPolicy(
        'deny-out-of-gryffindor',
        'Admin',
        2,
        { namespaces: houseNamespace('gryffindor') },
        {
          egress: [rule('Deny', [toNamespace('hufflepuff')], 'to')],
        },
      ),
      clusterPolicy(
        'deny-to-node',
        'Admin',
        3,
        { namespaces: houseNamespace('ravenclaw') },
        {
          egress: [rule('Deny', [{ networks: ['192.0.2.0/24'] }], 'to')],
        },
      ),
    ],
    flows: [
      [G, S, 'TCP/80', false],
      ['network-policy-conformance-gryffindor/host', S, 'TCP/80', true],
      ['network-policy-conformance-gryffindor/host', H, 'TCP/80', true],
      [R, 'network-policy-conformance-gryffindor/host', 'TCP/80', false],
    ],
  },
  {
    name: 'a pod reaches itself whatever the tiers say (overview: hairpin to its own IP is not subject to CNP)',
    objects: cluster(
      clusterPolicy(
        'deny-all',
        'Admin',
        1,
        { namespaces: {} },
        {
          ingress: [rule('Deny', [{ namespaces: {} }], 'from')],
          egress: [rule('Deny', [{ networks: ['0.0.0.0/0'] }], 'to')],
        },
      ),
    ),
    flows: [
      [G, G, 'TCP/80', true],
      [G, housePod('gryffindor', 1), 'TCP/80', false],
    ],
  },
  {
    name: 'a Baseline Pass leaves the flow to the default (allowed); a Baseline Deny after it does not apply',
    objects: cluster(
      clusterPolicy(
        'baseline',
        'Baseline',
        1,
        { namespaces: {} },
        {
          ingress: [
            rule('Pass', [toNamespace('slytherin')], 'from'),
            rule('Deny', [{ namespaces: {} }], 'from'),
          ],
        },
      ),
    ),
    flows: [
      [S, G, 'TCP/80', true],
      [H, G, 'TCP/80', false],
      [H, H, 'TCP/80', true],
    ],
  },
  {
    name: 'a NetworkPolicy that isolates a pod decides over the Baseline tier, whatever it admits',
    objects: cluster(
      clusterPolicy(
        'baseline-accept',
        'Baseline',
        1,
        { namespaces: {} },
        {
          ingress: [rule('Accept', [{ namespaces: {} }], 'from')],
        },
      ),
      policy('network-policy-conformance-gryffindor', 'deny-ingress', {
        podSelector: {},
        policyTypes: ['Ingress'],
      }),
    ),
    flows: [
      [S, G, 'TCP/80', false],
      [S, H, 'TCP/80', true],
    ],
  },
  {
    name: 'experimental peers (nodes, domainNames) match nothing: the next rule decides',
    objects: cluster(
      clusterPolicy(
        'experimental',
        'Admin',
        1,
        { namespaces: houseNamespace('gryffindor') },
        {
          egress: [
            rule('Deny', [{ nodes: {} }], 'to'),
            rule('Accept', [{ domainNames: ['example.com'] }], 'to'),
            rule('Deny', [toNamespace('slytherin')], 'to'),
          ],
        },
      ),
    ),
    flows: [
      [G, S, 'TCP/80', false],
      [G, H, 'TCP/80', true],
    ],
  },
];

describe.each(scenarios)('$name', ({ objects, externals, flows }) => {
  const cluster = model(objects, externals);
  it.each(flows)('%s -> %s %s allowed: %s', (from, to, probeText, allowed) => {
    expect(cluster.allows(from, to, probe(probeText))).toBe(allowed);
  });
  it('reach agrees with explain on every pair', () => {
    const probes = [...new Set(flows.map(([, , text]) => text))].map(probe);
    for (const p of probes) {
      const reached = new Set(cluster.reach(p).map(([from, to]) => `${from} ${to}`));
      for (const from of cluster.endpointIds()) {
        for (const to of cluster.endpointIds()) {
          const external = !from.includes('/') && !to.includes('/');
          const expected = !external && cluster.allows(from, to, p);
          expect([from, to, p, reached.has(`${from} ${to}`)]).toEqual([from, to, p, expected]);
        }
      }
    }
  });
});

describe('explain', () => {
  const experimental = model(
    cluster(
      clusterPolicy(
        'experimental',
        'Admin',
        1,
        { namespaces: houseNamespace('gryffindor') },
        {
          egress: [
            rule('Deny', [{ nodes: {} }], 'to'),
            rule('Deny', [toNamespace('slytherin')], 'to', [{ tcp: { destinationPort: { number: 80 } } }]),
          ],
        },
      ),
    ),
  );

  it('names the experimental peers it walked past without evaluating them', () => {
    const side = experimental.explain(G, S, probe('TCP/80')).egress;
    expect(side).toMatchObject({
      allowed: false,
      decidedBy: 'Admin',
      admin: { policy: 'experimental', rule: 1, action: 'Deny' },
      notEvaluated: [
        'ClusterNetworkPolicy/experimental spec.egress[0].to[0].nodes: experimental peer, not evaluated',
      ],
    });
    expect(side.chain).toEqual(['Admin priority 1 "experimental" rule 2: Deny', 'denied']);
  });

  it('names the Baseline rule that decided, after an Admin Pass and no NetworkPolicy', () => {
    const side = model(cluster(...integration('Pass', false))).explain(S, G, probe('TCP/80')).ingress;
    expect(side).toMatchObject({
      decidedBy: 'Baseline',
      admin: { action: 'Pass' },
      baseline: { action: 'Deny' },
    });
    expect(side.chain).toEqual([
      'Admin priority 10 "pass-example" rule 1: Pass',
      'NetworkPolicy: none isolates',
      'Baseline priority 10 "default" rule 1: Deny',
      'denied',
    ]);
  });
});
