import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOP, cleanup, expectJson, netpol, scratchShop } from './run-cli';

const INTERNET = ['--external', 'internet=203.0.113.10'];

/** No policy selects coredns or the scraper, and the internet is unrestricted: they reach each other on any port. */
const UNISOLATED_FLOWS = [
  ['internet', 'kube-system/coredns'],
  ['internet', 'monitoring/scraper'],
  ['kube-system/coredns', 'internet'],
  ['kube-system/coredns', 'kube-system/coredns'],
  ['kube-system/coredns', 'monitoring/scraper'],
  ['monitoring/scraper', 'internet'],
  ['monitoring/scraper', 'kube-system/coredns'],
  ['monitoring/scraper', 'monitoring/scraper'],
];

describe('netpol reach', () => {
  it('--external is repeatable: each address is an endpoint, matched by ipBlock with its except', async () => {
    // vpn (10.1.2.3) falls in the frontend ipBlock's except 10.0.0.0/8: only the unisolated pods talk with it.
    const VPN_FLOWS = [
      ['kube-system/coredns', 'vpn'],
      ['monitoring/scraper', 'vpn'],
      ['vpn', 'kube-system/coredns'],
      ['vpn', 'monitoring/scraper'],
    ];
    const sorted = (pairs: string[][]) => [...pairs].sort((a, b) => (a.join('\n') < b.join('\n') ? -1 : 1));
    await expectJson(['reach', SHOP, '--probe', 'TCP/80', ...INTERNET, '--external', 'vpn=10.1.2.3'], {
      probes: [
        {
          protocol: 'TCP',
          port: 80,
          allowed: sorted([...UNISOLATED_FLOWS, ...VPN_FLOWS, ['internet', 'shop/frontend']]),
        },
      ],
    });
  });

  it('--json lists every allowed ordered pair per probe, sorted', async () => {
    await expectJson(['reach', SHOP, '--probe', 'TCP/8080', '--probe', 'udp/53', ...INTERNET], {
      probes: [
        {
          protocol: 'TCP',
          port: 8080,
          allowed: [...UNISOLATED_FLOWS, ['monitoring/scraper', 'shop/api'], ['shop/frontend', 'shop/api']],
        },
        {
          protocol: 'UDP',
          port: 53,
          allowed: [
            ...UNISOLATED_FLOWS,
            ['shop/api', 'kube-system/coredns'],
            ['shop/db', 'kube-system/coredns'],
            ['shop/frontend', 'kube-system/coredns'],
          ],
        },
      ],
    });
  });

  it('prints a matrix per probe, rows sources and columns destinations', async () => {
    const result = await netpol('reach', SHOP, '--probe', 'TCP/80', ...INTERNET);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('TCP/80: 9 of 35 flows allowed');
    // internet reaches the frontend (ipBlock 0.0.0.0/0 on its named port http = 80), not the api.
    expect(lines.find((line) => line.includes(' internet '))).toMatch(/ - x x \. \. x$/);
    expect(result.stdout).toMatchSnapshot();
  });

  it('--format dot writes a Graphviz graph of the allowed flows', async () => {
    const result = await netpol('reach', SHOP, '--probe', 'TCP/8080', '--format', 'dot');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^digraph "netpol" \{/);
    expect(result.stdout).toContain('"shop/frontend" -> "shop/api" [\n    label = "TCP 8080";');
    expect(result.stdout).not.toContain('"shop/api" -> "shop/frontend"');
    expect(result.stdout).toMatchSnapshot();
  });
});

describe('netpol coverage', () => {
  it('--json lists the workloads no policy isolates per direction', async () => {
    await expectJson(['coverage', SHOP], {
      uncovered: {
        ingress: ['kube-system/coredns', 'monitoring/scraper'],
        egress: ['kube-system/coredns', 'monitoring/scraper'],
      },
      baselineOnly: { ingress: [], egress: [] },
    });
  });

  it('marks hostNetwork workloads, which no policy can isolate', async () => {
    const shop = scratchShop();
    try {
      shop.edit('workloads.yaml', (text) =>
        text.replace(
          '      containers:\n        - name: scraper',
          '      hostNetwork: true\n      containers:\n        - name: scraper',
        ),
      );
      const result = await netpol('coverage', shop.dir);
      expect(result.stdout).toContain('  monitoring/scraper (hostNetwork: no policy can isolate it)\n');
      expect(result.stdout).toContain('  kube-system/coredns\n');
    } finally {
      cleanup(shop.dir);
    }
  });

  it('prints each direction with its uncovered workloads', async () => {
    const result = await netpol('coverage', SHOP);
    expect(result.stdout).toBe(
      [
        'Ingress: 2 of 5 workloads are not isolated by any policy',
        '  kube-system/coredns',
        '  monitoring/scraper',
        'Egress: 2 of 5 workloads are not isolated by any policy',
        '  kube-system/coredns',
        '  monitoring/scraper',
        '',
      ].join('\n'),
    );
  });
});

describe('netpol lint', () => {
  it('finds nothing in the sound shop policies and exits 0', async () => {
    await expectJson(['lint', SHOP], { findings: [], acknowledged: [] });
    expect(await netpol('lint', SHOP)).toEqual({ code: 0, stdout: 'no findings\n', stderr: '' });
  });

  it('reports findings as JSON and text, and exits 1', async () => {
    const shop = scratchShop();
    try {
      shop.edit('policies.yaml', (text) =>
        text.replace('matchLabels: { app: db }', 'matchLabels: { app: database }'),
      );
      const json = await netpol('lint', shop.dir, '--json');
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toEqual({
        findings: [
          {
            rule: 'selector-matches-nothing',
            object: 'shop/db',
            message: 'spec.podSelector selects no workload in namespace shop',
          },
        ],
        acknowledged: [],
      });
      const text = await netpol('lint', shop.dir);
      expect(text).toEqual({
        code: 1,
        stdout:
          'shop/db: selector-matches-nothing: spec.podSelector selects no workload in namespace shop\n1 finding\n',
        stderr: '',
      });
    } finally {
      cleanup(shop.dir);
    }
  });
});

describe('netpol lint acknowledgements', () => {
  /** The shop with the db policy's selector broken, and the db policy annotated with `annotation`. */
  async function lintAnnotated(annotation: string, ...argv: string[]) {
    const shop = scratchShop();
    try {
      shop.edit('policies.yaml', (text) =>
        text
          .replace('matchLabels: { app: db }', 'matchLabels: { app: database }')
          .replace(
            '  name: db\n  namespace: shop\n',
            `  name: db\n  namespace: shop\n  annotations:\n    ${annotation}\n`,
          ),
      );
      return await netpol('lint', shop.dir, ...argv);
    } finally {
      cleanup(shop.dir);
    }
  }
  const FINDING = {
    rule: 'selector-matches-nothing',
    object: 'shop/db',
    message: 'spec.podSelector selects no workload in namespace shop',
  };
  const ACKNOWLEDGE = 'lint-acknowledge.netpol.io/selector-matches-nothing';

  it('lists an acknowledged finding apart with its reason, and exits 0', async () => {
    const annotation = `${ACKNOWLEDGE}: "db moves to its own namespace in #7"`;
    const json = await lintAnnotated(annotation, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      findings: [],
      acknowledged: [{ ...FINDING, reason: 'db moves to its own namespace in #7' }],
    });
    expect(await lintAnnotated(annotation)).toEqual({
      code: 0,
      stdout: [
        'no findings',
        '1 acknowledged finding:',
        '  shop/db: selector-matches-nothing: spec.podSelector selects no workload in namespace shop',
        '    reason: db moves to its own namespace in #7',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('reports an acknowledgement without a reason, which acknowledges nothing, and exits 1', async () => {
    const result = await lintAnnotated(`${ACKNOWLEDGE}: ""`, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      findings: [
        {
          rule: 'invalid-acknowledgement',
          object: 'shop/db',
          message: `annotation ${ACKNOWLEDGE}: the reason is empty`,
        },
        FINDING,
      ],
      acknowledged: [],
    });
  });
});

describe('netpol diff', () => {
  const after = scratchShop();
  // The change drops the monitoring peer of the api policy and opens the db to the frontend.
  after.edit('policies.yaml', (text) =>
    text
      .replace('        - namespaceSelector:\n            matchLabels: { team: platform }\n', '')
      .replace('matchLabels: { tier: backend }', 'matchExpressions: [{ key: tier, operator: Exists }]'),
  );
  afterAll(() => cleanup(after.dir));

  it('--json lists the flows the change opens and closes', async () => {
    await expectJson(
      ['diff', '--before', SHOP, '--after', after.dir, '--probe', 'TCP/8080', '--probe', 'TCP/5432'],
      {
        probes: [
          { protocol: 'TCP', port: 8080, added: [], removed: [['monitoring/scraper', 'shop/api']] },
          { protocol: 'TCP', port: 5432, added: [], removed: [] },
        ],
      },
    );
  });

  it('prints opened flows with + and closed ones with -', async () => {
    const result = await netpol('diff', '--before', after.dir, '--after', SHOP, '--probe', 'TCP/8080');
    expect(result).toEqual({
      code: 0,
      stdout: 'TCP/8080: 1 flow(s) opened, 0 closed\n  + monitoring/scraper -> shop/api\n',
      stderr: '',
    });
  });
});

describe('netpol explain', () => {
  it('--json gives the verdict and the policies and rules of each side', async () => {
    await expectJson(
      ['explain', SHOP, '--from', 'shop/frontend', '--to', 'shop/api', '--probe', 'TCP/8080'],
      {
        from: 'shop/frontend',
        to: 'shop/api',
        protocol: 'TCP',
        port: 8080,
        allowed: true,
        egress: {
          endpoint: 'shop/frontend',
          isolated: true,
          policies: ['shop/default-deny', 'shop/allow-dns', 'shop/frontend'],
          allowedBy: [{ policy: 'shop/frontend', direction: 'egress', rule: 0 }],
          allowed: true,
          decidedBy: 'NetworkPolicy',
          chain: [
            'Admin: no match',
            'NetworkPolicy shop/default-deny, shop/allow-dns, shop/frontend: shop/frontend egress[0] admits',
            'allowed',
          ],
          notEvaluated: [],
        },
        ingress: {
          endpoint: 'shop/api',
          isolated: true,
          policies: ['shop/default-deny', 'shop/api'],
          allowedBy: [{ policy: 'shop/api', direction: 'ingress', rule: 0 }],
          allowed: true,
          decidedBy: 'NetworkPolicy',
          chain: [
            'Admin: no match',
            'NetworkPolicy shop/default-deny, shop/api: shop/api ingress[0] admits',
            'allowed',
          ],
          notEvaluated: [],
        },
      },
    );
  });

  it('says why a pod reaches itself under a default deny', async () => {
    const shop = scratchShop();
    try {
      writeFileSync(
        join(shop.dir, 'debug.yaml'),
        'apiVersion: v1\nkind: Pod\nmetadata: {name: debug, namespace: shop, labels: {app: debug}}\n',
      );
      const result = await netpol(
        'explain',
        shop.dir,
        '--from',
        'shop/debug',
        '--to',
        'shop/debug',
        '--probe',
        'TCP/80',
      );
      expect(result).toEqual({
        code: 0,
        stdout: [
          'TCP/80 from shop/debug to shop/debug: ALLOWED',
          '  note: a pod always reaches itself: traffic to its own IP never leaves its network namespace, so no policy applies',
          '  egress of shop/debug: DENIED, no rule of these policies admits it (isolated by shop/default-deny, shop/allow-dns)',
          '  ingress of shop/debug: DENIED, no rule of these policies admits it (isolated by shop/default-deny)',
          '',
        ].join('\n'),
        stderr: '',
      });
    } finally {
      cleanup(shop.dir);
    }
  });

  it.each([
    [
      'a denied flow',
      ['internet', 'shop/api', 'TCP/8080'],
      [
        'TCP/8080 from internet to shop/api: DENIED',
        '  egress of internet: allowed, no policy isolates it',
        '  ingress of shop/api: DENIED, no rule of these policies admits it (isolated by shop/default-deny, shop/api)',
      ],
    ],
    [
      'an allowed flow',
      ['shop/api', 'shop/db', 'TCP/5432'],
      [
        'TCP/5432 from shop/api to shop/db: ALLOWED',
        '  egress of shop/api: allowed by shop/api egress[0] (isolated by shop/default-deny, shop/allow-dns, shop/api)',
        '  ingress of shop/db: allowed by shop/db ingress[0] (isolated by shop/default-deny, shop/db)',
      ],
    ],
  ])('explains %s in text', async (_, [from, to, probe], lines) => {
    const result = await netpol('explain', SHOP, '--from', from, '--to', to, '--probe', probe, ...INTERNET);
    expect(result).toEqual({ code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' });
  });
});

describe('help', () => {
  it.each(['reach', 'coverage', 'lint', 'diff', 'explain'])(
    '%s --help documents the command with an example',
    async (command) => {
      const result = await netpol(command, '--help');
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain(`Usage: netpol ${command}`);
      expect(result.stdout).toContain(`$ npm run netpol -- ${command} `);
    },
  );

  it('lint --help lists every rule', async () => {
    const result = await netpol('lint', '--help');
    expect(result.stdout).toContain('egress-deny-without-dns');
    expect(result.stdout).toContain('Exit status: 0 no findings, 1 findings, 2 bad input.');
    expect(result.stdout).toContain('lint-acknowledge.netpol.io/<rule>: <reason>');
  });

  it('--help lists the commands', async () => {
    const result = await netpol('--help');
    expect(result.code).toBe(0);
    for (const command of ['reach', 'coverage', 'lint', 'diff', 'explain'])
      expect(result.stdout).toContain(command);
    expect(result.stdout).toContain(
      'Examples:\n  $ npm run netpol -- reach examples/cluster --external internet=203.0.113.10\n',
    );
  });
});
