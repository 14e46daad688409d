import { App, Chart } from 'cdk8s';
import {
  AllowAppTraffic,
  AllowDnsEgress,
  AllowFromAnywhere,
  AllowFromApp,
  AllowFromCidrs,
  AllowFromNamespace,
  AllowToApp,
  AllowToCidrs,
  Label,
  LabelSelector,
  Port,
} from '../../lib/policies';
import { newChart, onlyPolicy, synth } from './synth';

const api = LabelSelector.matchLabels({ 'app.kubernetes.io/name': 'api' });
const web = LabelSelector.matchLabels({ 'app.kubernetes.io/name': 'web' });
const apiSpec = { matchLabels: { 'app.kubernetes.io/name': 'api' } };
const webSpec = { matchLabels: { 'app.kubernetes.io/name': 'web' } };
/** The message of a construct that needs a specific selector and was given LabelSelector.all(). */
const needsSpecific = (path: string, field: string, fix: string) =>
  `${path}: ${field} = {}: this construct needs a specific selector, and LabelSelector.all() matches everything. Fix: ${fix}.`;
const kubeDnsPeer = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};
const dnsPorts = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];

describe('AllowDnsEgress', () => {
  it('lets every pod of the namespace reach kube-dns in kube-system on UDP and TCP 53, one peer (AND)', () => {
    const chart = newChart('shop');
    new AllowDnsEgress(chart, 'allow-dns-egress');
    expect(onlyPolicy(chart).spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [kubeDnsPeer], ports: dnsPorts }],
    });
  });

  it('takes other clients and another DNS deployment', () => {
    const chart = newChart();
    new AllowDnsEgress(chart, 'dns', {
      podSelector: api,
      dnsNamespace: 'dns',
      dnsPodSelector: LabelSelector.matchLabels({ app: 'coredns' }),
    });
    expect(onlyPolicy(chart).spec).toEqual({
      podSelector: apiSpec,
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } },
              podSelector: { matchLabels: { app: 'coredns' } },
            },
          ],
          ports: dnsPorts,
        },
      ],
    });
  });
});

describe('AllowDnsEgress refuses', () => {
  it('LabelSelector.all() as the DNS pods: every pod of kube-system would be reachable on port 53', () => {
    expect(() => new AllowDnsEgress(newChart(), 'dns', { dnsPodSelector: LabelSelector.all() })).toThrow(
      needsSpecific(
        'test/dns',
        'spec.egress[0].to[0].podSelector',
        "select the DNS pods, e.g. LabelSelector.matchLabels({ 'k8s-app': 'kube-dns' })",
      ),
    );
  });

  it('a DNS namespace name no namespace can have', () => {
    expect(() => new AllowDnsEgress(newChart(), 'dns', { dnsNamespace: 'Kube_System' })).toThrow(
      'test/dns: spec.egress[0].to[0].namespaceSelector = "Kube_System": a namespace name must be a lowercase ' +
        "RFC 1123 label: 'a-z', '0-9' and '-', starting and ending with an alphanumeric, so the selector would match " +
        "no namespace. Fix: use the namespace's exact name, e.g. 'kube-system'.",
    );
  });
});

describe('AllowFromApp and AllowToApp', () => {
  it('AllowFromApp admits the client app of the same namespace on the given ports', () => {
    const chart = newChart();
    new AllowFromApp(chart, 'p', { podSelector: api, fromPods: web, ports: [Port.tcp('http')] });
    expect(onlyPolicy(chart).spec).toEqual({
      podSelector: apiSpec,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: webSpec }], ports: [{ protocol: 'TCP', port: 'http' }] }],
    });
  });

  it('AllowFromApp admits a client app of other namespaces, selected with expressions', () => {
    const chart = newChart();
    new AllowFromApp(chart, 'p', {
      podSelector: api,
      fromPods: LabelSelector.matchExpressions(Label.in('app.kubernetes.io/name', 'web', 'admin')),
      fromNamespaces: LabelSelector.matchExpressions(Label.exists('team'), Label.doesNotExist('sandbox')),
      ports: [Port.tcp(8080)],
    });
    expect(onlyPolicy(chart).spec.ingress[0].from).toEqual([
      {
        namespaceSelector: {
          matchExpressions: [
            { key: 'team', operator: 'Exists' },
            { key: 'sandbox', operator: 'DoesNotExist' },
          ],
        },
        podSelector: {
          matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['web', 'admin'] }],
        },
      },
    ]);
  });

  it('AllowToApp lets the client reach the server app on the given ports', () => {
    const chart = newChart();
    new AllowToApp(chart, 'p', {
      podSelector: web,
      toPods: api,
      toNamespaces: LabelSelector.namespaceNamed('backend'),
      ports: [Port.tcp('http'), Port.range('TCP', 9000, 9100)],
    });
    expect(onlyPolicy(chart).spec).toEqual({
      podSelector: webSpec,
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'backend' } },
              podSelector: apiSpec,
            },
          ],
          ports: [
            { protocol: 'TCP', port: 'http' },
            { protocol: 'TCP', port: 9000, endPort: 9100 },
          ],
        },
      ],
    });
  });

  const all = LabelSelector.all();
  const fromApp = (podSelector: LabelSelector, fromPods: LabelSelector) => () =>
    new AllowFromApp(newChart(), 'p', { podSelector, fromPods, ports: [Port.tcp(80)] });
  const toApp = (podSelector: LabelSelector, toPods: LabelSelector) => () =>
    new AllowToApp(newChart(), 'p', { podSelector, toPods, ports: [Port.tcp(80)] });
  it.each([
    ['AllowFromApp server', fromApp(all, web), 'spec.podSelector', 'select the server pods'],
    [
      'AllowFromApp client',
      fromApp(api, all),
      'spec.ingress[0].from[0].podSelector',
      'select the client pods, or use AllowFromNamespace',
    ],
    ['AllowToApp client', toApp(all, api), 'spec.podSelector', 'select the client pods'],
    ['AllowToApp server', toApp(web, all), 'spec.egress[0].to[0].podSelector', 'select the server pods'],
  ])('refuses LabelSelector.all() for the %s', (_, build, field, fix) => {
    expect(build).toThrow(needsSpecific('test/p', field, fix));
  });
});

// These constructs require `ports`, so the fix cannot be NetworkPolicy's "leave ports out".
describe.each([
  [
    'AllowFromApp',
    'ingress',
    () => new AllowFromApp(newChart(), 'p', { podSelector: api, fromPods: web, ports: [] }),
  ],
  [
    'AllowToApp',
    'egress',
    () => new AllowToApp(newChart(), 'p', { podSelector: web, toPods: api, ports: [] }),
  ],
  [
    'AllowFromAnywhere',
    'ingress',
    () => new AllowFromAnywhere(newChart(), 'p', { podSelector: web, ports: [] }),
  ],
  [
    'AllowFromNamespace',
    'ingress',
    () =>
      new AllowFromNamespace(newChart(), 'p', {
        podSelector: api,
        fromNamespaces: LabelSelector.namespaceNamed('monitoring'),
        ports: [],
      }),
  ],
  [
    'AllowFromCidrs',
    'ingress',
    () =>
      new AllowFromCidrs(newChart(), 'p', { podSelector: api, cidrs: [{ cidr: '10.0.0.0/8' }], ports: [] }),
  ],
  [
    'AllowToCidrs',
    'egress',
    () => new AllowToCidrs(newChart(), 'p', { podSelector: api, cidrs: [{ cidr: '10.0.0.0/8' }], ports: [] }),
  ],
])('%s', (_, direction, build) => {
  it('refuses an empty port list: the ports must be listed', () => {
    expect(build).toThrow(
      `test/p: spec.${direction}[0].ports = []: an empty 'ports' list allows every port. ` +
        "Fix: list the ports to open, e.g. [Port.tcp('http')].",
    );
  });
});

describe('AllowFromNamespace', () => {
  it('admits every pod of the selected namespaces on the given ports', () => {
    const chart = newChart();
    new AllowFromNamespace(chart, 'p', {
      podSelector: api,
      fromNamespaces: LabelSelector.namespaceNamed('monitoring'),
      ports: [Port.tcp('metrics')],
    });
    expect(onlyPolicy(chart).spec).toEqual({
      podSelector: apiSpec,
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
          ports: [{ protocol: 'TCP', port: 'metrics' }],
        },
      ],
    });
  });

  it.each([
    [
      'the namespaces',
      api,
      LabelSelector.all(),
      'spec.ingress[0].from[0].namespaceSelector',
      'select the namespaces, e.g. LabelSelector.namespaceNamed(...)',
    ],
    [
      'the server pods',
      LabelSelector.all(),
      LabelSelector.namespaceNamed('x'),
      'spec.podSelector',
      'select the server pods',
    ],
  ])('refuses LabelSelector.all() as %s', (_, podSelector, fromNamespaces, field, fix) => {
    expect(
      () => new AllowFromNamespace(newChart(), 'p', { podSelector, fromNamespaces, ports: [Port.tcp(80)] }),
    ).toThrow(needsSpecific('test/p', field, fix));
  });
});

describe('AllowFromCidrs and AllowToCidrs', () => {
  it('AllowFromCidrs admits each block, minus its exceptions, on the given ports', () => {
    const chart = newChart();
    new AllowFromCidrs(chart, 'p', {
      podSelector: api,
      cidrs: [{ cidr: '10.0.0.0/16', except: ['10.0.5.0/24'] }, { cidr: '192.168.1.0/24' }],
      ports: [Port.tcp(443)],
    });
    expect(onlyPolicy(chart).spec).toEqual({
      podSelector: apiSpec,
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            { ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.5.0/24'] } },
            { ipBlock: { cidr: '192.168.1.0/24' } },
          ],
          ports: [{ protocol: 'TCP', port: 443 }],
        },
      ],
    });
  });

  it('AllowToCidrs lets the pods reach each block on the given ports', () => {
    const chart = newChart();
    new AllowToCidrs(chart, 'p', {
      podSelector: api,
      cidrs: [{ cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] }],
      ports: [Port.tcp(443), Port.sctp(3868)],
    });
    expect(onlyPolicy(chart).spec).toEqual({
      podSelector: apiSpec,
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }],
          ports: [
            { protocol: 'TCP', port: 443 },
            { protocol: 'SCTP', port: 3868 },
          ],
        },
      ],
    });
  });

  it('refuses an empty block list', () => {
    expect(
      () => new AllowToCidrs(newChart(), 'p', { podSelector: api, cidrs: [], ports: [Port.tcp(443)] }),
    ).toThrow(
      'test/p: spec.egress[0].to = []: an empty peer list allows every peer. ' +
        "Fix: list at least one block in cidrs, e.g. [{ cidr: '10.0.0.0/16' }].",
    );
    expect(
      () => new AllowFromCidrs(newChart(), 'p', { podSelector: api, cidrs: [], ports: [Port.tcp(443)] }),
    ).toThrow('test/p: spec.ingress[0].from = []: an empty peer list allows every peer.');
  });

  it('names the block that is wrong', () => {
    expect(
      () =>
        new AllowFromCidrs(newChart(), 'p', {
          podSelector: api,
          cidrs: [{ cidr: '10.0.0.0/16' }, { cidr: '10.1.0.0/16', except: ['10.2.0.0/24'] }],
          ports: [Port.tcp(443)],
        }),
    ).toThrow(
      'test/p: spec.ingress[0].from[1].ipBlock.except[0] = "10.2.0.0/24": ' +
        "an exception must be strictly inside its CIDR '10.1.0.0/16'. Fix: use a longer prefix within '10.1.0.0/16', or drop the exception.",
    );
  });
});

describe('AllowFromAnywhere', () => {
  it('admits every source, inside or outside the cluster, on the given ports only', () => {
    const chart = newChart();
    new AllowFromAnywhere(chart, 'p', { podSelector: web, ports: [Port.tcp('http')] });
    expect(onlyPolicy(chart).spec).toEqual({
      podSelector: webSpec,
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 'http' }] }],
    });
  });

  it('refuses LabelSelector.all(): a whole namespace is never public', () => {
    expect(
      () =>
        new AllowFromAnywhere(newChart(), 'p', { podSelector: LabelSelector.all(), ports: [Port.tcp(80)] }),
    ).toThrow(needsSpecific('test/p', 'spec.podSelector', 'select the public pods'));
  });
});

describe('AllowAppTraffic', () => {
  it('writes both halves of a flow inside one namespace: the client egress and the server ingress', () => {
    const chart = newChart('shop');
    const flow = new AllowAppTraffic(chart, 'web-to-api', {
      from: { podSelector: web },
      to: { podSelector: api },
      ports: [Port.tcp('http')],
    });
    expect(synth(chart)).toEqual([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'web-to-api-egress', namespace: 'shop' },
        spec: {
          podSelector: webSpec,
          policyTypes: ['Egress'],
          egress: [{ to: [{ podSelector: apiSpec }], ports: [{ protocol: 'TCP', port: 'http' }] }],
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'web-to-api-ingress', namespace: 'shop' },
        spec: {
          podSelector: apiSpec,
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ podSelector: webSpec }], ports: [{ protocol: 'TCP', port: 'http' }] }],
        },
      },
    ]);
    expect([flow.egressPolicy.name, flow.ingressPolicy.name]).toEqual([
      'web-to-api-egress',
      'web-to-api-ingress',
    ]);
  });

  it('puts each half in its app namespace and selects the other namespace by name across namespaces', () => {
    const chart = newChart();
    new AllowAppTraffic(chart, 'flow', {
      name: 'edge-to-api',
      from: { podSelector: web, namespace: 'edge' },
      to: { podSelector: api, namespace: 'backend' },
      ports: [Port.tcp(8080)],
    });
    const [egress, ingress] = synth(chart);
    expect(egress.metadata).toEqual({ name: 'edge-to-api-egress', namespace: 'edge' });
    expect(egress.spec.egress[0].to).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'backend' } },
        podSelector: apiSpec,
      },
    ]);
    expect(ingress.metadata).toEqual({ name: 'edge-to-api-ingress', namespace: 'backend' });
    expect(ingress.spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } }, podSelector: webSpec },
    ]);
  });

  it.each([
    [
      'client',
      { podSelector: LabelSelector.all() },
      { podSelector: api },
      'spec.podSelector',
      'select the client pods',
    ],
    [
      'server',
      { podSelector: web },
      { podSelector: LabelSelector.all() },
      'spec.egress[0].to[0].podSelector',
      'select the server pods',
    ],
  ])('refuses LabelSelector.all() as the %s, naming the half that is wrong', (_, from, to, field, fix) => {
    expect(
      () => new AllowAppTraffic(newChart('shop'), 'flow', { from, to, ports: [Port.tcp(8080)] }),
    ).toThrow(needsSpecific('test/flow/egress', field, fix));
  });

  it('refuses a flow with one namespace known and the other not', () => {
    const chart = new Chart(new App(), 'test');
    expect(
      () =>
        new AllowAppTraffic(chart, 'flow', {
          from: { podSelector: web, namespace: 'edge' },
          to: { podSelector: api },
          ports: [Port.tcp(8080)],
        }),
    ).toThrow(
      'test/flow: to.namespace = undefined: one end has a namespace and the other has none, so the flow between them cannot be stated. ' +
        'Fix: set the namespace of both ends (or of the chart).',
    );
  });
});
