import { LINT_RULES } from '../../lib/analysis';
import { match, model, namespace, pod, policy, type Json } from './builders';

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
  ];

  it.each(cases)('%s', (rule, policies, object, message) => {
    const findings = lint(...policies);
    expect(findings).toContainEqual({ rule, object, message });
    expect(findings.map((finding) => finding.rule)).toEqual([rule]);
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
