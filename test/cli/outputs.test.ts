import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Log } from 'sarif';
import { parseMarkdown, tablesUnder } from '../support/markdown';
import { sarifProblems } from '../support/sarif-schema';
import { SHOP, netpol, withChangedPolicies } from './run-cli';

const INTERNET = ['--external', 'internet=203.0.113.10'];

/** The shop after a change: the api also admits TCP 9090, and the DNS policy forgets UDP. */
const openApiForgetUdpDns = (text: string): string =>
  text
    .replace('        - { port: 8080 }\n', '        - { port: 8080 }\n        - { port: 9090 }\n')
    .replace('        - { protocol: UDP, port: 53 }\n', '');

describe('reach --format md', () => {
  it('summarizes, then tables the connections grouped by the namespace of their source', async () => {
    const probes = ['--probe', 'TCP/8080', '--probe', 'UDP/53'];
    const result = await netpol('reach', SHOP, ...probes, ...INTERNET, '--format', 'md');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const blocks = parseMarkdown(result.stdout);
    expect(blocks.slice(0, 3)).toEqual([
      { type: 'heading', level: 3, text: 'netpol: allowed connections' },
      { type: 'paragraph', text: '**13 connections allowed**' },
      { type: 'paragraph', text: '_Ports checked: TCP/8080, UDP/53; other ports are not shown._' },
    ]);
    const sections = tablesUnder(blocks, 4);
    expect([...sections.keys()]).toEqual([
      'From namespace `kube-system`',
      'From namespace `monitoring`',
      'From namespace `shop`',
      'From outside the cluster',
    ]);
    expect(sections.get('From namespace `shop`')).toEqual([
      {
        header: ['From', 'To', 'Allowed'],
        rows: [
          ['shop/api', 'kube-system/coredns', 'UDP 53'],
          ['shop/db', 'kube-system/coredns', 'UDP 53'],
          ['shop/frontend', 'kube-system/coredns', 'UDP 53'],
          ['shop/frontend', 'shop/api', 'TCP 8080'],
        ],
      },
    ]);
    // Every row is a pair the per-probe JSON allows, with exactly the probes it passes.
    const json = JSON.parse((await netpol('reach', SHOP, ...probes, ...INTERNET, '--json')).stdout) as {
      probes: Array<{ protocol: string; port: number; allowed: string[][] }>;
    };
    const rows = [...sections.values()].flat().flatMap((table) => table.rows);
    expect(rows).toHaveLength(13);
    for (const [from, to, allowed] of rows) {
      const passed = json.probes
        .filter((probe) => probe.allowed.some(([f, t]) => f === from && t === to))
        .map((probe) => `${probe.protocol} ${probe.port}`);
      expect(allowed).toBe(passed.join('; '));
    }
  });
  it('without --probe tables the connectivity list on every port, row for row with --json', async () => {
    const result = await netpol('reach', SHOP, ...INTERNET, '--format', 'md');
    expect(result.code).toBe(0);
    const blocks = parseMarkdown(result.stdout);
    expect(
      blocks.some((block) => block.type === 'paragraph' && block.text.startsWith('_Ports checked')),
    ).toBe(false);
    const rows = [...tablesUnder(blocks, 4).values()].flat().flatMap((table) => table.rows);
    const { connections } = JSON.parse((await netpol('reach', SHOP, ...INTERNET, '--json')).stdout) as {
      connections: Array<{ from: string; to: string; allowed: unknown }>;
    };
    const { PortSet } = await import('../../lib/analysis');
    // The same rows; the Markdown puts the group from outside the cluster last.
    const expected = connections.map(({ from, to, allowed }) => [
      from,
      to,
      PortSet.fromJson(allowed).toString(),
    ]);
    expect([...rows].sort()).toEqual(expected.sort());
    expect(rows).toContainEqual(['kube-system/coredns', 'internet', 'All connections']);
  });
});

describe('diff --format md', () => {
  it('gives the summary line, the changed pairs per namespace and the policies changed', async () => {
    await withChangedPolicies(openApiForgetUdpDns, async (after) => {
      const probes = ['--probe', 'TCP/8080', '--probe', 'TCP/9090', '--probe', 'UDP/53'];
      const result = await netpol('diff', '--before', SHOP, '--after', after, ...probes, '--format', 'md');
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const blocks = parseMarkdown(result.stdout);
      expect(blocks[1]).toEqual({ type: 'paragraph', text: '**0 flows opened, 3 closed, 1 changed**' });
      const header = ['Change', 'From', 'To', 'Allowed before', 'Allowed after'];
      const sections = tablesUnder(blocks, 4);
      expect(Object.fromEntries(sections)).toEqual({
        'From namespace `monitoring`': [
          { header, rows: [['changed', 'monitoring/scraper', 'shop/api', 'TCP 8080', 'TCP 8080,9090']] },
        ],
        'From namespace `shop`': [
          {
            header,
            rows: ['api', 'db', 'frontend'].map((app) => [
              'closed',
              `shop/${app}`,
              'kube-system/coredns',
              'UDP 53',
              '—',
            ]),
          },
        ],
        'Policies changed': [
          {
            header: ['Policy', 'Change'],
            rows: [
              ['shop/allow-dns', 'modified'],
              ['shop/api', 'modified'],
            ],
          },
        ],
      });
    });
  });

  it('says so when nothing changes', async () => {
    const result = await netpol(
      'diff',
      '--before',
      SHOP,
      '--after',
      SHOP,
      '--probe',
      'TCP/80',
      '--format',
      'md',
    );
    const blocks = parseMarkdown(result.stdout);
    expect(blocks).toContainEqual({ type: 'paragraph', text: '**0 flows opened, 0 closed, 0 changed**' });
    expect(blocks).toContainEqual({ type: 'paragraph', text: 'No allowed connection changes.' });
    expect(blocks.at(-1)).toEqual({ type: 'paragraph', text: 'None.' });
  });
});

describe('what a comment or a page did not evaluate', () => {
  const calicoDenyAll = (text: string): string =>
    `${text}---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: { name: deny-all }\n` +
    'spec: { selector: all(), types: [Ingress, Egress] }\n';
  const notEvaluated = (scope: string, input: string) =>
    `**Not in this ${scope}:** skipped 1 object(s) in \`${input}\`: POLICIES NOT EVALUATED (their allows and denies ` +
    'are not in the answers): 1 projectcalico.org/v3 GlobalNetworkPolicy';

  it('reach and diff --format md quote it above the answer, since a comment has no stderr', async () => {
    await withChangedPolicies(calicoDenyAll, async (dir) => {
      const reach = await netpol('reach', dir, '--format', 'md');
      expect(
        reach.stdout.startsWith(`> ${notEvaluated('answer', dir)}\n\n### netpol: allowed connections`),
      ).toBe(true);
      expect(parseMarkdown(reach.stdout)[0]).toEqual({
        type: 'paragraph',
        text: notEvaluated('answer', dir),
      });
      const diff = await netpol('diff', '--before', SHOP, '--after', dir, '--format', 'md');
      expect(parseMarkdown(diff.stdout).slice(0, 2)).toEqual([
        { type: 'paragraph', text: notEvaluated('diff', dir) },
        { type: 'heading', level: 3, text: 'netpol: connectivity change' },
      ]);
      // An input with nothing skipped adds no line.
      expect((await netpol('reach', SHOP, '--format', 'md')).stdout).toMatch(
        /^### netpol: allowed connections/,
      );
    });
  });

  it('the report names it at the top of the page', async () => {
    await withChangedPolicies(calicoDenyAll, async (dir) => {
      const file = join(dir, 'report.html');
      expect((await netpol('report', dir, '-o', file)).code).toBe(0);
      expect(readFileSync(file, 'utf8')).toContain(
        `<p id="skipped"><strong>Not in this report:</strong> skipped 1 object(s) in ${dir}: POLICIES NOT EVALUATED`,
      );
      expect((await netpol('report', SHOP, '-o', file)).code).toBe(0);
      expect(readFileSync(file, 'utf8')).not.toContain('id="skipped"');
    });
  });
});

/** The 1-based line where the policy named `name` starts (the line after its `---`). */
function policyLine(file: string, name: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const nameLine = lines.findIndex((line) => line === `  name: ${name}`);
  let start = nameLine;
  while (start > 0 && lines[start - 1] !== '---') start--;
  return start + 1;
}

describe('lint --format sarif', () => {
  it('is a valid SARIF 2.1.0 log that puts each finding at its object, acknowledged ones suppressed', async () => {
    const breakDbAcknowledgeFrontend = (text: string): string =>
      text
        .replace('matchLabels: { app: db }', 'matchLabels: { app: database }')
        .replace(
          '  name: frontend\n  namespace: shop\n',
          '  name: frontend\n  namespace: shop\n  annotations:\n    lint-acknowledge.netpol.io/allow-all-ingress: "reviewed in #1"\n',
        );
    await withChangedPolicies(breakDbAcknowledgeFrontend, async (dir) => {
      const result = await netpol('lint', dir, '--format', 'sarif');
      expect(result.code).toBe(1);
      const log = JSON.parse(result.stdout) as Log;
      expect(sarifProblems(log)).toEqual([]);
      const file = join(dir, 'policies.yaml');
      const uri = relative(process.cwd(), file).split('\\').join('/');
      const [run] = log.runs;
      expect(run.tool.driver.name).toBe('netpol');
      expect(run.results).toEqual([
        expect.objectContaining({
          ruleId: 'selector-matches-nothing',
          message: { text: 'shop/db: spec.podSelector selects no workload in namespace shop' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri },
                region: { startLine: policyLine(file, 'db'), startColumn: 1 },
              },
              logicalLocations: [{ fullyQualifiedName: 'shop/db', kind: 'object' }],
            },
          ],
        }),
        expect.objectContaining({
          ruleId: 'unused-acknowledgement',
          locations: [
            expect.objectContaining({
              physicalLocation: expect.objectContaining({
                region: { startLine: policyLine(file, 'frontend'), startColumn: 1 },
              }),
            }),
          ],
        }),
      ]);
      expect(policyLine(file, 'db')).toBeGreaterThan(1);
      const ruleIds = run.tool.driver.rules?.map((rule) => rule.id) ?? [];
      expect(ruleIds[run.results?.[0].ruleIndex ?? -1]).toBe('selector-matches-nothing');
    });
  });

  it('refuses --format sarif with --json', async () => {
    const result = await netpol('lint', SHOP, '--format', 'sarif', '--json');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--format <format>' cannot be used with option '--json'");
  });
});

describe('--format svg', () => {
  it('reach draws namespaces as frames, externals apart, and edges labelled by port', async () => {
    const result = await netpol('reach', SHOP, '--probe', 'TCP/8080', ...INTERNET, '--format', 'svg');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const svg = result.stdout;
    expect(svg).toMatch(/<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const frames = [...svg.matchAll(/<g id="clust\d+" class="cluster">\s*<title>([^<]+)<\/title>/g)].map(
      (m) => m[1],
    );
    expect(frames.sort()).toEqual([
      'cluster_kube&#45;system',
      'cluster_monitoring',
      'cluster_outside the cluster',
      'cluster_shop',
    ]);
    const edge =
      /<g id="edge\d+" class="edge">\s*<title>shop\/frontend&#45;&gt;shop\/api<\/title>[\s\S]*?<\/g>/.exec(
        svg,
      );
    expect(edge?.[0]).toContain('>TCP 8080</text>');
    expect(svg).not.toContain('<title>shop/api&#45;&gt;shop/frontend</title>');
  });

  it('diff colours opened, closed and changed edges and draws a legend', async () => {
    await withChangedPolicies(openApiForgetUdpDns, async (after) => {
      const probes = ['--probe', 'TCP/8080', '--probe', 'TCP/9090', '--probe', 'UDP/53'];
      const result = await netpol('diff', '--before', SHOP, '--after', after, ...probes, '--format', 'svg');
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const edges = [...result.stdout.matchAll(/<g id="edge\d+" class="edge">([\s\S]*?)<\/g>/g)].map(
        (m) => m[1],
      );
      expect(edges).toHaveLength(4);
      const closed = edges.filter((edge) => edge.includes('stroke="#cf222e"'));
      expect(closed).toHaveLength(3);
      expect(closed.every((edge) => edge.includes('stroke-dasharray'))).toBe(true);
      const changed = edges.find((edge) => edge.includes('stroke="#9a6700"'));
      expect(changed).toContain('monitoring/scraper&#45;&gt;shop/api');
      expect(changed).toContain('TCP 8080 → TCP 8080,9090');
      expect(result.stdout).toContain('opened: allowed after, not before');
      expect(result.stdout).toContain('closed: allowed before, not after');
    });
  });
});
