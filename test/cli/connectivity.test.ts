import { SHOP, cleanup, expectJson, netpol, scratchShop } from './run-cli';

const INTERNET = ['--external', 'internet=203.0.113.10'];
const ALL = { TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] };
const DNS = { TCP: [[53, 53]], UDP: [[53, 53]] };

/** The shop's connectivity list: every pair that allows anything, with the exact ports. */
const SHOP_CONNECTIONS = [
  { from: 'internet', to: 'kube-system/coredns', allowed: ALL },
  { from: 'internet', to: 'monitoring/scraper', allowed: ALL },
  // The frontend's ingress admits 0.0.0.0/0 on its named port http, which is 80 on the frontend.
  { from: 'internet', to: 'shop/frontend', allowed: { TCP: [[80, 80]] } },
  { from: 'kube-system/coredns', to: 'internet', allowed: ALL },
  { from: 'kube-system/coredns', to: 'kube-system/coredns', allowed: ALL },
  { from: 'kube-system/coredns', to: 'monitoring/scraper', allowed: ALL },
  { from: 'monitoring/scraper', to: 'internet', allowed: ALL },
  { from: 'monitoring/scraper', to: 'kube-system/coredns', allowed: ALL },
  { from: 'monitoring/scraper', to: 'monitoring/scraper', allowed: ALL },
  { from: 'monitoring/scraper', to: 'shop/api', allowed: { TCP: [[8080, 8080]] } },
  { from: 'shop/api', to: 'kube-system/coredns', allowed: DNS },
  { from: 'shop/api', to: 'shop/db', allowed: { TCP: [[5432, 5432]] } },
  { from: 'shop/db', to: 'kube-system/coredns', allowed: DNS },
  { from: 'shop/frontend', to: 'kube-system/coredns', allowed: DNS },
  // The frontend's egress names the api's port http, which is 8080 on the api.
  { from: 'shop/frontend', to: 'shop/api', allowed: { TCP: [[8080, 8080]] } },
];

describe('netpol reach without --probe: the connectivity list', () => {
  it('--json follows the contract: inclusive merged ranges per protocol, pairs sorted, empty pairs left out', async () => {
    await expectJson(['reach', SHOP, ...INTERNET], { connections: SHOP_CONNECTIONS });
  });

  it('prints one line per pair, aggregated', async () => {
    const result = await netpol('reach', SHOP, ...INTERNET);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        '15 connection(s) among 6 endpoints (pairs that allow any port)',
        '  internet → kube-system/coredns: All connections',
        '  internet → monitoring/scraper: All connections',
        '  internet → shop/frontend: TCP 80',
        '  kube-system/coredns → internet: All connections',
        '  kube-system/coredns → kube-system/coredns: All connections',
        '  kube-system/coredns → monitoring/scraper: All connections',
        '  monitoring/scraper → internet: All connections',
        '  monitoring/scraper → kube-system/coredns: All connections',
        '  monitoring/scraper → monitoring/scraper: All connections',
        '  monitoring/scraper → shop/api: TCP 8080',
        '  shop/api → kube-system/coredns: TCP 53; UDP 53',
        '  shop/api → shop/db: TCP 5432',
        '  shop/db → kube-system/coredns: TCP 53; UDP 53',
        '  shop/frontend → kube-system/coredns: TCP 53; UDP 53',
        '  shop/frontend → shop/api: TCP 8080',
        '',
      ].join('\n'),
    );
  });

  it('shows a complement as ranges', async () => {
    const shop = scratchShop();
    try {
      // The api admits the scraper on every TCP port but 80.
      shop.edit('policies.yaml', (text) =>
        text.replace(
          '      ports:\n        - { port: 8080 }\n',
          '      ports:\n        - { port: 1, endPort: 79 }\n        - { port: 81, endPort: 65535 }\n',
        ),
      );
      const result = await netpol('reach', shop.dir, '--from', 'monitoring', '--to', 'shop/api');
      expect(result.stdout).toContain('  monitoring/scraper → shop/api: TCP 1-79,81-65535\n');
    } finally {
      cleanup(shop.dir);
    }
  });

  it('--format dot labels each edge with its ports', async () => {
    const result = await netpol('reach', SHOP, '--format', 'dot');
    expect(result.stdout).toContain('"shop/frontend" -> "shop/api" [\n    label = "TCP 8080";');
    expect(result.stdout).toContain('"shop/api" -> "kube-system/coredns" [\n    label = "TCP 53; UDP 53";');
  });
});

describe('focus filters', () => {
  const pairs = (json: string) =>
    (JSON.parse(json) as { connections: Array<{ from: string; to: string }> }).connections.map(
      ({ from, to }) => `${from} ${to}`,
    );

  it('--from and --to take globs on namespace/name, a namespace, or an external name', async () => {
    const fromShop = await netpol(
      'reach',
      SHOP,
      ...INTERNET,
      '--from',
      'shop',
      '--to',
      'kube-system/*',
      '--json',
    );
    expect(pairs(fromShop.stdout)).toEqual([
      'shop/api kube-system/coredns',
      'shop/db kube-system/coredns',
      'shop/frontend kube-system/coredns',
    ]);
    const fromInternet = await netpol(
      'reach',
      SHOP,
      ...INTERNET,
      '--from',
      'internet',
      '--to',
      '*/front*',
      '--json',
    );
    expect(pairs(fromInternet.stdout)).toEqual(['internet shop/frontend']);
  });

  it('--namespace-filter keeps the pairs with one side in a matching namespace, repeatable', async () => {
    const result = await netpol('reach', SHOP, ...INTERNET, '--namespace-filter', 'mon*', '--json');
    expect(pairs(result.stdout)).toEqual(
      SHOP_CONNECTIONS.filter(
        ({ from, to }) => from.startsWith('monitoring/') || to.startsWith('monitoring/'),
      ).map(({ from, to }) => `${from} ${to}`),
    );
    const two = await netpol(
      'reach',
      SHOP,
      '--namespace-filter',
      'monitoring',
      '--namespace-filter',
      'shop',
      '--json',
    );
    expect(pairs(two.stdout)).not.toContain('kube-system/coredns kube-system/coredns');
    expect(pairs(two.stdout)).toContain('shop/api shop/db');
  });

  it('names each pattern that matches no endpoint, so a typo does not read as "no flow"', async () => {
    const result = await netpol(
      'reach',
      SHOP,
      ...INTERNET,
      '--from',
      'shop',
      '--from',
      'shpo',
      '--to',
      'internet',
      '--namespace-filter',
      'monitorng',
    );
    expect(result.stderr.split('\n')).toEqual([
      "netpol: --from 'shpo' matches no endpoint of the input: no flow is kept for it",
      "netpol: --namespace-filter 'monitorng' matches no endpoint of the input: no flow is kept for it",
      '',
    ]);
    // diff checks both inputs: a namespace in either one is a match.
    const diff = await netpol(
      'diff',
      '--before',
      SHOP,
      '--after',
      SHOP,
      '--to',
      'shop/*',
      '--from',
      'nope/*',
    );
    expect(diff.stderr).toBe(
      "netpol: --from 'nope/*' matches no endpoint of the input: no flow is kept for it\n",
    );
    expect((await netpol('reach', SHOP, '--from', 'shop/*', '--to', '*/api')).stderr).toBe('');
  });

  it('filters --probe answers too, printed as a list', async () => {
    const result = await netpol('reach', SHOP, '--probe', 'TCP/8080', '--to', 'shop/api');
    expect(result.stdout).toBe(
      [
        'TCP/8080: 2 of 25 flows allowed',
        'the flows the filters keep: allowed flows, source -> destination',
        '  monitoring/scraper -> shop/api',
        '  shop/frontend -> shop/api',
        '',
      ].join('\n'),
    );
  });
});

describe('netpol reach --exposure', () => {
  it('lists the rule peers that admit pods or addresses beyond the input', async () => {
    const result = await netpol('reach', SHOP, '--exposure', '--namespace-filter', 'shop');
    expect(result.stdout).toContain(
      [
        '2 rule peer(s) admit pods or addresses beyond the input (potential peers)',
        '  shop/api spec.ingress[0].from[1]: ingress from every pod in any namespace with team=platform on TCP 8080',
        '    opens shop/api',
        '  shop/frontend spec.ingress[0].from[0]: ingress from pods with addresses in 0.0.0.0/0 except 10.0.0.0/8 (overlaps pod range 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10) on TCP 80, named TCP/http',
        '    opens shop/frontend',
        '',
      ].join('\n'),
    );
  });

  it('--json adds an exposure list; --pod-cidr says where pods live', async () => {
    const result = await netpol(
      'reach',
      SHOP,
      '--exposure',
      '--pod-cidr',
      '10.0.0.0/16',
      '--to',
      'shop/api',
      '--json',
    );
    const document = JSON.parse(result.stdout) as { exposure: unknown };
    expect(document.exposure).toEqual([
      {
        policy: 'shop/api',
        direction: 'ingress',
        rule: 0,
        path: 'spec.ingress[0].from[1]',
        reason: 'namespace-selector',
        peer: 'every pod in any namespace with team=platform',
        ports: { TCP: [[8080, 8080]] },
        namedPorts: [],
        workloads: ['shop/api'],
      },
    ]);
  });
});

describe('netpol diff without --probe', () => {
  const after = scratchShop();
  // The change widens the api's ports, lets the platform team reach the db, and takes the api from the frontend.
  after.edit('policies.yaml', (text) =>
    text
      .replace(
        '      ports:\n        - { port: 8080 }\n',
        '      ports:\n        - { port: 8080 }\n        - { port: 9000, endPort: 9100 }\n',
      )
      .replace(
        '            matchLabels: { tier: backend }\n',
        '            matchLabels: { tier: backend }\n        - namespaceSelector:\n            matchLabels: { team: platform }\n',
      )
      .replace(
        '  egress:\n    - to:\n        - podSelector:\n            matchLabels: { app: api }\n',
        '  egress:\n    - to:\n        - podSelector:\n            matchLabels: { app: payments }\n',
      ),
  );
  afterAll(() => cleanup(after.dir));

  it('--json lists opened, closed and changed pairs with their ports', async () => {
    await expectJson(['diff', '--before', SHOP, '--after', after.dir], {
      opened: [{ from: 'monitoring/scraper', to: 'shop/db', allowed: { TCP: [[5432, 5432]] } }],
      closed: [{ from: 'shop/frontend', to: 'shop/api', allowed: { TCP: [[8080, 8080]] } }],
      changed: [
        {
          from: 'monitoring/scraper',
          to: 'shop/api',
          before: { TCP: [[8080, 8080]] },
          after: {
            TCP: [
              [8080, 8080],
              [9000, 9100],
            ],
          },
          opened: { TCP: [[9000, 9100]] },
          closed: {},
        },
      ],
    });
  });

  it('prints + opened, - closed and ~ changed pairs', async () => {
    const result = await netpol('diff', '--before', SHOP, '--after', after.dir);
    expect(result.stdout).toBe(
      [
        '1 pair(s) opened, 1 closed, 1 changed',
        '  + monitoring/scraper → shop/db: TCP 5432',
        '  - shop/frontend → shop/api: TCP 8080',
        '  ~ monitoring/scraper → shop/api: TCP 8080 → TCP 8080,9000-9100 (opens TCP 9000-9100)',
        '',
      ].join('\n'),
    );
  });

  it('focuses like reach, and says when nothing changed', async () => {
    const result = await netpol('diff', '--before', SHOP, '--after', after.dir, '--from', 'shop');
    expect(result.stdout).toBe(
      '0 pair(s) opened, 1 closed, 0 changed\n  - shop/frontend → shop/api: TCP 8080\n',
    );
    const same = await netpol('diff', '--before', SHOP, '--after', SHOP);
    expect(same.stdout).toBe('0 pair(s) opened, 0 closed, 0 changed\n');
  });
});
