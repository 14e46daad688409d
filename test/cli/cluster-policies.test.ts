import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { renderReportHtml } from '../../cli/render/html';
import { parseMarkdown, tablesUnder } from '../support/markdown';
import { SHOP, cleanup, netpol, scratchShop } from './run-cli';

/**
 * The shop fixture with two guardrails beside its NetworkPolicies: an Admin Deny of the instance metadata service
 * for every pod, and a Baseline default deny of ingress for every namespace. ClusterNetworkPolicies are read by
 * every command like NetworkPolicies are.
 */
const GUARDRAILS = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: { name: deny-imds }
spec:
  tier: Admin
  priority: 10
  subject: { namespaces: {} }
  egress:
    - { name: imds, action: Deny, to: [{ networks: [169.254.169.254/32] }] }
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: { name: baseline-deny }
spec:
  tier: Baseline
  priority: 1000
  subject: { namespaces: {} }
  ingress:
    - { action: Deny, from: [{ namespaces: {} }] }
`;

const shop = scratchShop();
writeFileSync(join(shop.dir, 'guardrails.yaml'), GUARDRAILS);
afterAll(() => cleanup(shop.dir));

const EXTERNALS = ['--external', 'imds=169.254.169.254', '--external', 'internet=203.0.113.10'];
const OPEN = 'Admin: no match → NetworkPolicy: none isolates → Baseline: no match → default → allowed';

describe('netpol with ClusterNetworkPolicies', () => {
  it.each([
    [
      'an Admin Deny on the source side',
      ['shop/api', 'imds', 'TCP/80'],
      [
        'TCP/80 from shop/api to imds: DENIED',
        '  egress of shop/api: Admin priority 10 "deny-imds" rule 1 "imds": Deny → denied',
        `  ingress of imds: ${OPEN}`,
      ],
    ],
    [
      'a NetworkPolicy deciding after no Admin rule matched',
      ['internet', 'shop/api', 'TCP/8080'],
      [
        'TCP/8080 from internet to shop/api: DENIED',
        `  egress of internet: ${OPEN}`,
        '  ingress of shop/api: Admin: no match → NetworkPolicy shop/default-deny, shop/api: no rule admits → denied',
      ],
    ],
    [
      'the Baseline tier deciding for a namespace without NetworkPolicies',
      ['monitoring/scraper', 'kube-system/coredns', 'UDP/53'],
      [
        'UDP/53 from monitoring/scraper to kube-system/coredns: DENIED',
        `  egress of monitoring/scraper: ${OPEN}`,
        '  ingress of kube-system/coredns: Admin: no match → NetworkPolicy: none isolates → Baseline priority 1000 "baseline-deny" rule 1: Deny → denied',
      ],
    ],
  ])('explain shows the chain of tiers on each side: %s', async (_, [from, to, probe], lines) => {
    const result = await netpol(
      'explain',
      shop.dir,
      '--from',
      from,
      '--to',
      to,
      '--probe',
      probe,
      ...EXTERNALS,
    );
    expect(result).toEqual({ code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' });
  });

  it('explain --json names the deciding tier and rule', async () => {
    const result = await netpol(
      'explain',
      shop.dir,
      '--from',
      'shop/api',
      '--to',
      'imds',
      '--probe',
      'TCP/80',
      '--json',
      ...EXTERNALS,
    );
    expect(JSON.parse(result.stdout).egress).toMatchObject({
      allowed: false,
      decidedBy: 'Admin',
      admin: {
        policy: 'deny-imds',
        tier: 'Admin',
        priority: 10,
        direction: 'egress',
        rule: 0,
        name: 'imds',
        action: 'Deny',
      },
    });
  });

  it('coverage tells workloads covered only by the Baseline tier from those no policy covers', async () => {
    const result = await netpol('coverage', shop.dir);
    expect(result.stdout).toBe(
      [
        'Ingress: 2 of 5 workloads are covered only by the Baseline tier (no NetworkPolicy isolates them)',
        '  kube-system/coredns',
        '  monitoring/scraper',
        'Egress: 2 of 5 workloads are not isolated by any policy',
        '  kube-system/coredns',
        '  monitoring/scraper',
        '',
      ].join('\n'),
    );
    const json = await netpol('coverage', shop.dir, '--json');
    expect(JSON.parse(json.stdout)).toEqual({
      uncovered: { ingress: [], egress: ['kube-system/coredns', 'monitoring/scraper'] },
      baselineOnly: { ingress: ['kube-system/coredns', 'monitoring/scraper'], egress: [] },
    });
  });

  it('diff shows the flows the guardrails close: the metadata service, and DNS (the Baseline deny reaches kube-system)', async () => {
    const result = await netpol(
      'diff',
      '--before',
      SHOP,
      '--after',
      shop.dir,
      '--probe',
      'UDP/53',
      ...EXTERNALS,
    );
    expect(result.stdout).toBe(
      [
        'UDP/53: 0 flow(s) opened, 9 closed',
        '  - kube-system/coredns -> imds',
        '  - kube-system/coredns -> kube-system/coredns',
        '  - kube-system/coredns -> monitoring/scraper',
        '  - monitoring/scraper -> imds',
        '  - monitoring/scraper -> kube-system/coredns',
        '  - monitoring/scraper -> monitoring/scraper',
        '  - shop/api -> kube-system/coredns',
        '  - shop/db -> kube-system/coredns',
        '  - shop/frontend -> kube-system/coredns',
        '',
      ].join('\n'),
    );
    const reverse = await netpol(
      'diff',
      '--before',
      shop.dir,
      '--after',
      SHOP,
      '--probe',
      'TCP/80',
      ...EXTERNALS,
    );
    expect(reverse.stdout).toContain('  + kube-system/coredns -> imds\n');
  });

  it('reach --exposure lists an Admin Accept that lets namespaces created later in; Deny rules are not listed', async () => {
    const withAccept = scratchShop();
    try {
      writeFileSync(join(withAccept.dir, 'guardrails.yaml'), GUARDRAILS);
      writeFileSync(
        join(withAccept.dir, 'monitoring.yaml'),
        [
          'apiVersion: policy.networking.k8s.io/v1alpha2',
          'kind: ClusterNetworkPolicy',
          'metadata: { name: allow-observability }',
          'spec:',
          '  tier: Admin',
          '  priority: 20',
          '  subject: { namespaces: { matchLabels: { kubernetes.io/metadata.name: shop } } }',
          '  ingress:',
          '    - action: Accept',
          '      from: [{ namespaces: { matchLabels: { team: observability } } }]',
          '      protocols: [{ destinationNamedPort: http }]',
          '',
        ].join('\n'),
      );
      const result = await netpol('reach', withAccept.dir, '--exposure', '--to', 'shop/frontend');
      expect(result.stdout).toContain(
        [
          '  ClusterNetworkPolicy/allow-observability (Admin Accept) spec.ingress[0].from[0].namespaces: ingress from every pod in any namespace with team=observability on TCP 80, named http',
          '    opens shop/frontend',
        ].join('\n'),
      );
      expect(result.stdout).not.toContain('deny-imds');
      expect(result.stdout).not.toContain('baseline-deny');
    } finally {
      cleanup(withAccept.dir);
    }
  });

  it('diff on every port and diff --format md name the ClusterNetworkPolicies a change adds', async () => {
    const aggregated = await netpol('diff', '--before', SHOP, '--after', shop.dir, ...EXTERNALS);
    expect(aggregated.stdout).toContain('  - kube-system/coredns → imds: All connections\n');
    const result = await netpol(
      'diff',
      '--before',
      SHOP,
      '--after',
      shop.dir,
      ...EXTERNALS,
      '--format',
      'md',
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const sections = new Map(tablesUnder(parseMarkdown(result.stdout), 4));
    expect(sections.get('Policies changed')).toEqual([
      {
        header: ['Policy', 'Change'],
        rows: [
          ['ClusterNetworkPolicy/baseline-deny', 'added'],
          ['ClusterNetworkPolicy/deny-imds', 'added'],
        ],
      },
    ]);
  });

  it('lint reads them, and finds nothing in these two', async () => {
    expect(await netpol('lint', shop.dir)).toEqual({ code: 0, stdout: 'no findings\n', stderr: '' });
  });

  it('lint --format sarif places a ClusterNetworkPolicy finding at its object in its file', async () => {
    const experimental = scratchShop();
    try {
      const file = join(experimental.dir, 'guardrails.yaml');
      writeFileSync(
        file,
        GUARDRAILS.replace('to: [{ networks: [169.254.169.254/32] }]', 'to: [{ nodes: {} }]'),
      );
      const result = await netpol('lint', experimental.dir, '--format', 'sarif');
      expect(result.code).toBe(1);
      const [run] = JSON.parse(result.stdout).runs;
      expect(run.results).toEqual([
        expect.objectContaining({
          ruleId: 'experimental-peer-not-evaluated',
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relative(process.cwd(), file).split('\\').join('/') },
                region: { startLine: 1, startColumn: 1 },
              },
              logicalLocations: [{ fullyQualifiedName: 'ClusterNetworkPolicy/deny-imds', kind: 'object' }],
            },
          ],
        }),
      ]);
    } finally {
      cleanup(experimental.dir);
    }
  });

  it('the HTML report lists the workloads covered only by the Baseline tier', () => {
    const html = renderReportHtml({
      title: 't',
      svg: '<svg/>',
      connections: [],
      coverage: {
        uncovered: { ingress: [], egress: ['kube-system/coredns'] },
        baselineOnly: { ingress: ['kube-system/coredns'], egress: [] },
      },
      workloads: 1,
      lint: { findings: [], acknowledged: [] },
    });
    expect(html).toContain(
      '<p>1 of 1 workloads are covered only by the Baseline tier (no NetworkPolicy isolates them)</p><ul class="baseline-only" data-direction="ingress"><li>kube-system/coredns</li></ul>',
    );
    expect(html).not.toContain('every workload (1) is isolated by a policy');
  });

  it('bad input exits 2 with one line naming the file, the document and the problem', async () => {
    const broken = scratchShop();
    try {
      writeFileSync(
        join(broken.dir, 'guardrails.yaml'),
        GUARDRAILS.replace('priority: 10', 'priority: 1001'),
      );
      const result = await netpol('reach', broken.dir, '--probe', 'TCP/80');
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr: `netpol: error: ${join(broken.dir, 'guardrails.yaml')}, document index 0: invalid ClusterNetworkPolicy deny-imds: spec.priority = 1001: a priority must be an integer from 0 to 1000\n`,
      });
    } finally {
      cleanup(broken.dir);
    }
  });
});
