import { LINT_RULES } from '../../lib/analysis';
import { clusterPolicy, match, model, namespace, pod, policy, type Json } from './builders';

/** A small sound cluster: default deny, DNS allowed, web -> api on a named port. */
const cluster = [
  namespace('shop'),
  pod(
    'kube-system',
    'coredns',
    { 'k8s-app': 'kube-dns' },
    { ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] },
  ),
  pod('shop', 'web', { app: 'web' }),
  pod('shop', 'api', { app: 'api' }, { ports: [{ name: 'http', containerPort: 8080 }] }),
];
/** The same cluster as `dist/` shows it: kube-dns runs in kube-system, outside the input. */
const withoutKubeDns = cluster.filter(
  (object) => (object.metadata as { namespace?: string }).namespace !== 'kube-system',
);
const DEFAULT_DENY = policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const ALLOW_DNS = policy('shop', 'allow-dns', {
  podSelector: {},
  policyTypes: ['Egress'],
  egress: [
    {
      to: [
        {
          namespaceSelector: match({ 'kubernetes.io/metadata.name': 'kube-system' }),
          podSelector: match({ 'k8s-app': 'kube-dns' }),
        },
      ],
      ports: [{ protocol: 'UDP', port: 53 }],
    },
  ],
});
const API_FROM_WEB = policy('shop', 'api-from-web', {
  podSelector: match({ app: 'api' }),
  ingress: [{ from: [{ podSelector: match({ app: 'web' }) }], ports: [{ port: 'http' }] }],
});
const SOUND = [DEFAULT_DENY, ALLOW_DNS, API_FROM_WEB];
const SHOP_NAMESPACE = { namespaces: match({ 'kubernetes.io/metadata.name': 'shop' }) };
const EVERY_NAMESPACE = { namespaces: {} };
const deny = (peers: Json[], protocols?: Json[]): Json => ({
  action: 'Deny',
  from: peers,
  ...(protocols ? { protocols } : {}),
});
const accept = (peers: Json[], protocols?: Json[]): Json => ({ ...deny(peers, protocols), action: 'Accept' });
const FROM_WEB = [{ pods: { namespaceSelector: {}, podSelector: match({ app: 'web' }) } }];

/** The policy with `lint-acknowledge.netpol.io/<rule>: <reason>` annotations. */
function acknowledging(object: Json, reasons: Record<string, string>): Json {
  const annotations = Object.fromEntries(
    Object.entries(reasons).map(([rule, reason]) => [`lint-acknowledge.netpol.io/${rule}`, reason]),
  );
  return { ...object, metadata: { ...(object.metadata as Json), annotations } };
}

/** A pod on its node's network: policies neither isolate it nor select it as a peer. */
const hostNetworkPod = (ns: string, name: string, labels: Record<string, string>): Json => {
  const base = pod(ns, name, labels, { ip: '10.0.0.5' });
  return { ...base, spec: { ...(base.spec as Json), hostNetwork: true } };
};

const lint = (...policies: Json[]) => model([...cluster, ...policies]).lint().findings;

describe('lint', () => {
  it('finds nothing in sound policies', () => {
    expect(lint(...SOUND)).toEqual([]);
  });

  const cases: Array<[string, Json[], string, string]> = [
    [
      'selector-matches-nothing',
      [policy('shop', 'typo', { podSelector: match({ app: 'wbe' }) })],
      'shop/typo',
      'spec.podSelector selects no workload in namespace shop',
    ],
    [
      'namespace-without-workloads',
      [policy('shoop', 'deny', { podSelector: match({ app: 'web' }) })],
      'shoop/deny',
      'namespace shoop has no workload for the policy to select',
    ],
    [
      'peer-matches-nothing',
      [
        policy('shop', 'stale', {
          podSelector: match({ app: 'api' }),
          ingress: [{ from: [{ podSelector: match({ app: 'old' }) }] }],
        }),
      ],
      'shop/stale',
      'spec.ingress[0].from[0] matches no workload',
    ],
    [
      'selects-host-network-pods',
      [
        hostNetworkPod('shop', 'node-agent', { app: 'agent' }),
        policy('shop', 'agent', { podSelector: match({ app: 'agent' }), policyTypes: ['Ingress'] }),
      ],
      'shop/agent',
      'spec.podSelector matches hostNetwork pods shop/node-agent, which no policy isolates',
    ],
    [
      'named-port-unresolved',
      [
        policy('shop', 'bad-port', {
          podSelector: match({ app: 'api' }),
          ingress: [{ ports: [{ port: 'grpc' }] }],
        }),
      ],
      'shop/bad-port',
      'spec.ingress[0].ports[0]: no container of the selected pods declares TCP port "grpc"',
    ],
    [
      'egress-deny-without-dns',
      [DEFAULT_DENY],
      'shop/default-deny',
      'isolates egress of shop/api, shop/web but no policy lets them reach DNS (UDP/53)',
    ],
    [
      'allow-all-ingress',
      [policy('shop', 'open', { podSelector: match({ app: 'web' }), ingress: [{}] })],
      'shop/open',
      'spec.ingress[0] admits every source on every port (no peers, no ports)',
    ],
    [
      'allow-all-egress',
      [
        policy('shop', 'open-out', {
          podSelector: match({ app: 'web' }),
          policyTypes: ['Egress'],
          egress: [{}],
        }),
      ],
      'shop/open-out',
      'spec.egress[0] admits every destination on every port (no peers, no ports)',
    ],
    [
      'rules-ignored-by-policy-types',
      [
        policy('shop', 'ignored', {
          podSelector: match({ app: 'web' }),
          policyTypes: ['Ingress'],
          egress: [{}],
        }),
      ],
      'shop/ignored',
      'spec.egress has 1 rule(s) but policyTypes omits Egress',
    ],
    [
      'invalid-acknowledgement',
      [acknowledging(API_FROM_WEB, { 'allow-all': 'typo of the rule name' })],
      'shop/api-from-web',
      "annotation lint-acknowledge.netpol.io/allow-all: 'allow-all' is not a lint rule that can be acknowledged",
    ],
    [
      'unused-acknowledgement',
      [acknowledging(API_FROM_WEB, { 'allow-all-ingress': 'it was open once' })],
      'shop/api-from-web',
      'annotation lint-acknowledge.netpol.io/allow-all-ingress: no allow-all-ingress finding on this policy to acknowledge',
    ],
    [
      'duplicate-policy-name',
      [API_FROM_WEB, API_FROM_WEB],
      'shop/api-from-web',
      'defined 2 times: object index 4; object index 5',
    ],
    [
      'cluster-subject-matches-nothing',
      [
        clusterPolicy(
          'typo',
          'Admin',
          10,
          { namespaces: match({ team: 'nobody' }) },
          { ingress: [deny([{ namespaces: {} }])] },
        ),
      ],
      'ClusterNetworkPolicy/typo',
      'spec.subject selects no workload, so the Admin policy does nothing',
    ],
    [
      'cluster-policy-without-rules',
      [clusterPolicy('empty', 'Baseline', 10, SHOP_NAMESPACE)],
      'ClusterNetworkPolicy/empty',
      'spec has neither ingress nor egress rules, so the Baseline policy affects no traffic',
    ],
    [
      'cluster-priority-overlap',
      [
        clusterPolicy('b-second', 'Admin', 10, EVERY_NAMESPACE, { ingress: [accept(FROM_WEB)] }),
        clusterPolicy('a-first', 'Admin', 10, SHOP_NAMESPACE, {
          ingress: [deny([{ namespaces: match({ 'kubernetes.io/metadata.name': 'kube-system' }) }])],
        }),
      ],
      'ClusterNetworkPolicy/b-second',
      'same Admin priority 10 as ClusterNetworkPolicy/a-first, and both have ingress rules for shop/api, shop/web: the API leaves their order undefined',
    ],
    [
      'cluster-rule-shadowed',
      [
        clusterPolicy('shadow', 'Baseline', 10, SHOP_NAMESPACE, {
          ingress: [
            deny([{ namespaces: {} }]),
            accept(FROM_WEB, [{ tcp: { destinationPort: { number: 80 } } }]),
          ],
        }),
      ],
      'ClusterNetworkPolicy/shadow',
      'spec.ingress[1] never decides: Baseline priority 10 "shadow" rule 1: Deny (ClusterNetworkPolicy/shadow spec.ingress[0]) matches every flow it matches, first',
    ],
    [
      'admin-deny-overrides-network-policy',
      [API_FROM_WEB, clusterPolicy('no-ingress', 'Admin', 10, SHOP_NAMESPACE, { ingress: [deny(FROM_WEB)] })],
      'shop/api-from-web',
      'spec.ingress[0] admits nothing: Admin priority 10 "no-ingress" rule 1: Deny (ClusterNetworkPolicy/no-ingress spec.ingress[0]) denies every flow it admits',
    ],
    [
      'baseline-rule-unreachable',
      [
        policy('shop', 'deny-in', { podSelector: {}, policyTypes: ['Ingress'] }),
        clusterPolicy('baseline', 'Baseline', 10, SHOP_NAMESPACE, { ingress: [deny([{ namespaces: {} }])] }),
      ],
      'ClusterNetworkPolicy/baseline',
      'spec.ingress: every pod the subject selects (shop/api, shop/web) is isolated by NetworkPolicies for ingress, so its 1 rule(s) never apply',
    ],
    [
      'experimental-peer-not-evaluated',
      [
        clusterPolicy('fqdn', 'Admin', 10, SHOP_NAMESPACE, {
          egress: [{ action: 'Accept', to: [{ domainNames: ['example.com'] }] }],
        }),
      ],
      'ClusterNetworkPolicy/fqdn',
      'spec.egress[0].to[0].domainNames: the experimental domainNames peer is not evaluated; netpol treats it as matching nothing',
    ],
  ];

  it.each(cases)('%s', (rule, policies, object, message) => {
    const findings = lint(...policies);
    expect(findings).toContainEqual({ rule, object, message });
    expect(findings.map((finding) => finding.rule)).toEqual([rule]);
  });

  describe('ClusterNetworkPolicies', () => {
    it('report two ClusterNetworkPolicies of one name: applying both keeps only the last', () => {
      const named = (priority: number, action: string, cidr: string) =>
        clusterPolicy('guard', 'Admin', priority, SHOP_NAMESPACE, {
          egress: [{ action, to: [{ networks: [cidr] }] }],
        });
      expect(lint(named(5, 'Deny', '169.254.169.254/32'), named(6, 'Accept', '0.0.0.0/0'))).toEqual([
        {
          rule: 'duplicate-policy-name',
          object: 'ClusterNetworkPolicy/guard',
          message: 'defined 2 times: object index 4; object index 5',
        },
      ]);
    });

    it('do not report same-priority policies whose subjects share no pod, or a tier apart', () => {
      const kubeSystem = { namespaces: match({ 'kubernetes.io/metadata.name': 'kube-system' }) };
      expect(
        lint(
          clusterPolicy('shop', 'Admin', 10, SHOP_NAMESPACE, { ingress: [accept(FROM_WEB)] }),
          clusterPolicy('system', 'Admin', 10, kubeSystem, { ingress: [accept(FROM_WEB)] }),
          clusterPolicy('baseline', 'Baseline', 10, SHOP_NAMESPACE, { ingress: [accept(FROM_WEB)] }),
        ),
      ).toEqual([]);
    });

    it('do not call a rule shadowed when the earlier rule misses some of its ports, peers or pods', () => {
      const tcp80 = [{ tcp: { destinationPort: { number: 80 } } }];
      const range = [{ tcp: { destinationPort: { range: { start: 80, end: 90 } } } }];
      expect(
        lint(
          clusterPolicy('narrow', 'Admin', 10, SHOP_NAMESPACE, {
            ingress: [deny(FROM_WEB, tcp80), accept(FROM_WEB, range), accept([{ namespaces: {} }], tcp80)],
          }),
          clusterPolicy('wider-subject', 'Admin', 20, EVERY_NAMESPACE, { ingress: [deny(FROM_WEB, range)] }),
        ),
      ).toEqual([]);
    });

    it('see an earlier policy of the tier shadow a later one, networks by CIDR containment', () => {
      const egress = (action: string, networks: string[]) => ({ action, to: [{ networks }] });
      const findings = lint(
        clusterPolicy('first', 'Admin', 10, EVERY_NAMESPACE, { egress: [egress('Deny', ['10.0.0.0/8'])] }),
        clusterPolicy('second', 'Admin', 20, SHOP_NAMESPACE, {
          egress: [egress('Accept', ['10.1.0.0/16']), egress('Accept', ['192.168.0.0/16'])],
        }),
      );
      expect(findings.map((finding) => [finding.object, finding.message])).toEqual([
        [
          'ClusterNetworkPolicy/second',
          'spec.egress[0] never decides: Admin priority 10 "first" rule 1: Deny (ClusterNetworkPolicy/first spec.egress[0]) matches every flow it matches, first',
        ],
      ]);
    });

    it('do not call a NetworkPolicy rule dead when an earlier Admin Pass or Accept lets part of it through', () => {
      const pass = { ...accept(FROM_WEB, [{ tcp: { destinationPort: { number: 8080 } } }]), action: 'Pass' };
      expect(
        lint(
          API_FROM_WEB,
          clusterPolicy('delegate', 'Admin', 5, SHOP_NAMESPACE, { ingress: [pass] }),
          clusterPolicy('no-ingress', 'Admin', 10, SHOP_NAMESPACE, { ingress: [deny(FROM_WEB)] }),
        ),
      ).toEqual([]);
    });

    it('do not report what guards pods to come: namespaces without workloads, absent or future namespaces', () => {
      const deny = { ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] };
      const named = (...names: string[]) => ({
        namespaces: {
          matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: names }],
        },
      });
      expect(
        lint(
          namespace('empty'),
          policy('shop', 'deny-in', { podSelector: {}, policyTypes: ['Ingress'] }),
          clusterPolicy('system', 'Admin', 10, named('calico-system', 'tigera-operator'), deny),
          clusterPolicy('empty', 'Admin', 20, named('empty'), deny),
          // every pod of the input is isolated, but the subject also selects every namespace to come
          clusterPolicy('everyone', 'Baseline', 10, EVERY_NAMESPACE, deny),
          // shop is isolated namespace-wide for ingress only: its egress rules still apply
          clusterPolicy('shop-egress', 'Baseline', 20, SHOP_NAMESPACE, {
            egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }],
          }),
        ),
      ).toEqual([]);
    });

    it('report a Baseline rule only when every namespace it names is isolated namespace-wide', () => {
      const deny = { ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] };
      const webOnly = policy('shop', 'web-in', {
        podSelector: match({ app: 'web' }),
        policyTypes: ['Ingress'],
      });
      const apiOnly = policy('shop', 'api-in', {
        podSelector: match({ app: 'api' }),
        policyTypes: ['Ingress'],
      });
      // every shop pod is isolated today, but not a pod added tomorrow
      expect(lint(webOnly, apiOnly, clusterPolicy('shop', 'Baseline', 10, SHOP_NAMESPACE, deny))).toEqual([]);
    });

    it('report a destinationNamedPort no destination container declares, a number above all', () => {
      const findings = lint(
        clusterPolicy('ports', 'Admin', 10, SHOP_NAMESPACE, {
          ingress: [
            accept(FROM_WEB, [{ destinationNamedPort: 'http' }]),
            accept(FROM_WEB, [{ destinationNamedPort: '8080' }]),
          ],
        }),
      );
      expect(findings).toEqual([
        {
          rule: 'named-port-unresolved',
          object: 'ClusterNetworkPolicy/ports',
          message:
            'spec.ingress[1].protocols: "8080" can name no container port, so the rule matches nothing (\'8080\' is a port number, not a port name (use a destinationPort number))',
        },
      ]);
    });

    it('report a destinationNamedPort that is no port name even when no destination is in the input', () => {
      const toAbsent = (name: string) => ({
        action: 'Accept',
        to: [{ namespaces: match({ team: 'absent' }) }],
        protocols: [{ destinationNamedPort: name }],
      });
      const findings = lint(
        clusterPolicy('egress-ports', 'Admin', 10, SHOP_NAMESPACE, {
          egress: [toAbsent('metrics'), toAbsent('8080')],
        }),
      );
      expect(findings.map(({ rule, message }) => [rule, message])).toEqual([
        [
          'named-port-unresolved',
          'spec.egress[1].protocols: "8080" can name no container port, so the rule matches nothing (\'8080\' is a port number, not a port name (use a destinationPort number))',
        ],
      ]);
    });

    it('acknowledge a finding with an annotation on the ClusterNetworkPolicy', () => {
      const typo = clusterPolicy(
        'future',
        'Baseline',
        10,
        { namespaces: match({ tenant: 'next' }) },
        {
          ingress: [deny([{ namespaces: {} }])],
        },
      );
      const report = model([
        ...cluster,
        acknowledging(typo, { 'cluster-subject-matches-nothing': 'guards the tenant namespaces to come' }),
      ]).lint();
      expect(report.findings).toEqual([]);
      expect(report.acknowledged.map((finding) => finding.rule)).toEqual(['cluster-subject-matches-nothing']);
    });
  });

  it('does not report a namespace-wide policy in a namespace without workloads: it guards future pods', () => {
    const guards = ['deny', 'dns'].map((name) => ({
      ...(name === 'deny' ? DEFAULT_DENY : ALLOW_DNS),
      metadata: { namespace: 'empty', name },
    }));
    expect(lint(...SOUND, ...guards)).toEqual([]);
  });

  describe('acknowledgements', () => {
    const OPEN = policy('shop', 'open', { podSelector: match({ app: 'web' }), ingress: [{}] });
    const OPEN_FINDING = {
      rule: 'allow-all-ingress',
      object: 'shop/open',
      message: 'spec.ingress[0] admits every source on every port (no peers, no ports)',
    };
    const report = (...policies: Json[]) => model([...cluster, ...SOUND, ...policies]).lint();

    it('set an acknowledged finding apart, with its reason', () => {
      const reason = 'public entry point, reviewed in #42';
      expect(report(acknowledging(OPEN, { 'allow-all-ingress': reason }))).toEqual({
        findings: [],
        acknowledged: [{ ...OPEN_FINDING, reason }],
      });
    });

    it('apply to their own policy only', () => {
      const other = acknowledging(
        { ...OPEN, metadata: { namespace: 'shop', name: 'other' } },
        {
          'allow-all-ingress': 'reviewed',
        },
      );
      expect(report(OPEN, other).findings.map((finding) => [finding.object, finding.rule])).toEqual([
        ['shop/open', 'allow-all-ingress'],
      ]);
    });

    it.each(['', '   '])('without a reason (%j) acknowledge nothing and are a finding', (reason) => {
      expect(report(acknowledging(OPEN, { 'allow-all-ingress': reason }))).toEqual({
        findings: [
          OPEN_FINDING,
          {
            rule: 'invalid-acknowledgement',
            object: 'shop/open',
            message: 'annotation lint-acknowledge.netpol.io/allow-all-ingress: the reason is empty',
          },
        ],
        acknowledged: [],
      });
    });

    it.each([
      'example.com/allow-all-ingress',
      'lint-acknowledge.netpol.io.example.com/allow-all-ingress',
      'allow-all-ingress',
    ])('are only the lint-acknowledge.netpol.io/ annotations: %s is not one', (annotation) => {
      const annotated = {
        ...OPEN,
        metadata: { ...(OPEN.metadata as Json), annotations: { [annotation]: 'reviewed' } },
      };
      expect(report(annotated)).toEqual({ findings: [OPEN_FINDING], acknowledged: [] });
    });

    it.each(['invalid-acknowledgement', 'unused-acknowledgement'])('cannot acknowledge %s', (rule) => {
      const findings = report(
        acknowledging(OPEN, { 'allow-all-ingress': 'reviewed', [rule]: 'no' }),
      ).findings;
      expect(findings).toEqual([
        {
          rule: 'invalid-acknowledgement',
          object: 'shop/open',
          message: `annotation lint-acknowledge.netpol.io/${rule}: '${rule}' is not a lint rule that can be acknowledged`,
        },
      ]);
    });
  });

  it('checks DNS against kube-dns and names the port resolution on egress destinations', () => {
    const dnsElsewhere = policy('shop', 'dns-wrong-ns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ podSelector: match({ 'k8s-app': 'kube-dns' }) }],
          ports: [{ protocol: 'UDP', port: 'dns' }],
        },
      ],
    });
    expect(lint(DEFAULT_DENY, dnsElsewhere, API_FROM_WEB).map((f) => [f.object, f.rule])).toEqual([
      ['shop/default-deny', 'egress-deny-without-dns'],
      ['shop/dns-wrong-ns', 'egress-deny-without-dns'],
      ['shop/dns-wrong-ns', 'peer-matches-nothing'],
    ]);
  });

  it('judges DNS by reaching kube-dns when the input has it, by any UDP/53 egress rule when it has not', () => {
    const otherResolver = policy('shop', 'dns-to-resolver', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '8.8.8.8/32' } }], ports: [{ protocol: 'UDP', port: 53 }] }],
    });
    const httpsOnly = policy('shop', 'https-only', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ ports: [{ protocol: 'TCP', port: 443 }] }],
    });
    const blind = (objects: Json[]) =>
      model(objects)
        .lint()
        .findings.filter((finding) => finding.rule === 'egress-deny-without-dns')
        .map((finding) => finding.object);
    expect(blind([...cluster, otherResolver])).toEqual(['shop/dns-to-resolver']);
    expect(blind([...withoutKubeDns, otherResolver])).toEqual([]);
    expect(blind([...withoutKubeDns, httpsOnly])).toEqual(['shop/https-only']);
  });

  it('says when a peer matches only hostNetwork pods, which selectors never match', () => {
    const fromAgent = policy('shop', 'api-from-agent', {
      podSelector: match({ app: 'api' }),
      ingress: [{ from: [{ namespaceSelector: {}, podSelector: match({ app: 'agent' }) }] }],
    });
    expect(lint(...SOUND, hostNetworkPod('monitoring', 'agent', { app: 'agent' }), fromAgent)).toEqual([
      {
        rule: 'peer-matches-nothing',
        object: 'shop/api-from-agent',
        message:
          'spec.ingress[0].from[0] matches only hostNetwork pods (monitoring/agent), which selectors never match: use an ipBlock of their nodes',
      },
    ]);
  });

  it('reports a namespace-wide policy that would select hostNetwork pods, and nothing else for it', () => {
    const findings = lint(...SOUND, hostNetworkPod('shop', 'node-agent', { app: 'agent' }));
    expect(findings.map((finding) => [finding.object, finding.rule])).toEqual([
      ['shop/allow-dns', 'selects-host-network-pods'],
      ['shop/default-deny', 'selects-host-network-pods'],
    ]);
  });

  it('skips peers naming only namespaces absent from the input (kube-dns lives outside dist/)', () => {
    const typo = policy('shop', 'typo-peer', {
      podSelector: match({ app: 'api' }),
      ingress: [{ from: [{ namespaceSelector: match({ team: 'platfrom' }) }] }],
    });
    const { findings } = model([...withoutKubeDns, ...SOUND, typo]).lint();
    expect(findings).toEqual([
      {
        rule: 'peer-matches-nothing',
        object: 'shop/typo-peer',
        message: 'spec.ingress[0].from[0] matches no workload',
      },
    ]);
  });

  it('documents every rule it can report', () => {
    const reported = new Set(cases.map(([rule]) => rule));
    expect(Object.keys(LINT_RULES).sort()).toEqual([...reported].sort());
  });
});
