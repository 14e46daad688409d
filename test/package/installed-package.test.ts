import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import * as analysis from '../../lib/analysis';
import * as policies from '../../lib/policies';
import { offlineLock } from './offline-lock';

/**
 * The package as an application team gets it: `npm pack` (whose prepack builds), then an install of the tarball
 * into a fresh project that has only cdk8s and constructs, and there the constructs from plain CommonJS and from
 * TypeScript, a synthesized chart, and the `netpol` the package installs.
 *
 * Offline: npm installs from its cache, which `npm ci` filled, by a lock made from this repository's (see
 * offline-lock.ts), and every network request would go to a proxy that refuses it, so a dependency the cache lacks
 * fails the install instead of being fetched.
 */
const ROOT = join(__dirname, '..', '..');
const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
// The registry stays npm's default, so that the cache entries `npm ci` made match; every request that would
// leave the machine goes to a proxy address that refuses connections.
const OFFLINE = [
  '--offline',
  '--proxy=http://127.0.0.1:9',
  '--https-proxy=http://127.0.0.1:9',
  '--no-audit',
  '--no-fund',
];
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

// `npm test` runs jest with npm's settings in the environment (npm_config_*, npm_package_*, INIT_CWD), some of them
// about this repository (its prefix, its package): the npm under test inherits only those that say where npm's cache and
// configuration are, so that it finds what `npm ci` cached, wherever that was.
const INHERITED_NPM_SETTINGS = ['cache', 'userconfig', 'globalconfig', 'registry', 'cafile'].map(
  (name) => `npm_config_${name}`,
);
const ENV = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) =>
      name !== 'INIT_CWD' && (!/^npm_/i.test(name) || INHERITED_NPM_SETTINGS.includes(name.toLowerCase())),
  ),
);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}
function run(command: string, args: readonly string[], cwd: string): Run {
  const { status, stdout, stderr } = spawnSync(command, args, { cwd, env: ENV, encoding: 'utf8' });
  return { status, stdout, stderr };
}
function succeed(command: string, args: readonly string[], cwd: string): string {
  const result = run(command, args, cwd);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

/** The chart an application team writes: a secure namespace, one app-to-app flow, the two apps' Deployments. */
const CHART_JS = `'use strict';
const { ApiObject, App, Chart } = require('cdk8s');
const { AllowAppTraffic, LabelSelector, Port, SecureNamespace } = require('secure-eks-netpol');

const app = new App({ outdir: 'dist' });
const chart = new Chart(app, 'team', { namespace: 'team' });
new SecureNamespace(chart, 'ns', { name: 'team' });
new AllowAppTraffic(chart, 'web-to-api', {
  from: { podSelector: LabelSelector.matchLabels({ app: 'web' }) },
  to: { podSelector: LabelSelector.matchLabels({ app: 'api' }) },
  ports: [Port.tcp(8080)],
});
for (const name of ['web', 'api']) {
  new ApiObject(chart, name, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: 'registry.example/' + name + ':1.0', ports: [{ containerPort: 8080 }] }] },
      },
    },
  });
}
app.synth();
`;

const BAD_INPUT_JS = `'use strict';
const { App, Chart } = require('cdk8s');
const { SecureNamespace } = require('secure-eks-netpol');
new SecureNamespace(new Chart(new App(), 'team'), 'ns', { name: 'Team_A' });
`;

const EXPORTS_JS = `'use strict';
const keys = (module) => Object.keys(module).sort();
let deepImport;
try {
  require('secure-eks-netpol/build/lib/policies/rule');
} catch (error) {
  deepImport = error.code;
}
console.log(JSON.stringify({
  root: keys(require('secure-eks-netpol')),
  analysis: keys(require('secure-eks-netpol/analysis')),
  version: require('secure-eks-netpol/package.json').version,
  deepImport,
}));
`;

/** Typed use of both entry points; the expected errors prove the declarations are real types, not `any`. */
const USAGE_TS = `import { App, Chart } from 'cdk8s';
import {
  AllowAppTraffic,
  LabelSelector,
  Port,
  SecureNamespace,
  type SecureNamespaceProps,
} from 'secure-eks-netpol';
import { ClusterModel, type Probe } from 'secure-eks-netpol/analysis';

const chart = new Chart(new App(), 'team', { namespace: 'team' });
const props: SecureNamespaceProps = { name: 'team', podSecurity: 'baseline' };
const namespace = new SecureNamespace(chart, 'ns', props);
export const namespaceName: string = namespace.namespaceName;
new AllowAppTraffic(chart, 'web-to-api', {
  from: { podSelector: LabelSelector.matchLabels({ app: 'web' }) },
  to: { podSelector: LabelSelector.matchLabels({ app: 'api' }) },
  ports: [Port.tcp(8080), Port.udp('dns')],
});
// @ts-expect-error podSecurity is one of the Pod Security Standards levels
new SecureNamespace(chart, 'typo', { name: 'typo', podSecurity: 'strict' });
// @ts-expect-error ports is required
new AllowAppTraffic(chart, 'no-ports', { from: { podSelector: LabelSelector.all() }, to: { podSelector: LabelSelector.all() } });

const probe: Probe = { protocol: 'TCP', port: 8080 };
export const allowed: boolean = ClusterModel.fromObjects([]).allows('team/web', 'team/api', probe);
// @ts-expect-error a probe's protocol is TCP, UDP or SCTP
export const badProbe: Probe = { protocol: 'HTTP', port: 80 };
`;

/** Both ways a TypeScript project resolves packages: by `exports` (node16) and by `typesVersions` (node10). */
const TSCONFIGS = {
  node16: { module: 'node16', moduleResolution: 'node16' },
  node10: { module: 'commonjs', moduleResolution: 'node10' },
};

describe('the package, installed from its tarball into a project of its own', () => {
  let workspace: string;
  let project: string;
  let tarball: string;

  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'secure-eks-netpol-package-'));
    project = join(workspace, 'app');
    mkdirSync(project);
    succeed('npm', ['pack', '--pack-destination', project, ...OFFLINE], ROOT);
    tarball = join(project, `${MANIFEST.name}-${MANIFEST.version}.tgz`);
    const { manifest, lock } = offlineLock(
      join(ROOT, 'package-lock.json'),
      { name: 'team-app', roots: ['cdk8s', 'constructs'] },
      tarball,
    );
    writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lock, null, 2));
    succeed('npm', ['ci', ...OFFLINE], project);
    writeFileSync(join(project, 'chart.js'), CHART_JS);
    writeFileSync(join(project, 'bad-input.js'), BAD_INPUT_JS);
    writeFileSync(join(project, 'exports.js'), EXPORTS_JS);
    writeFileSync(join(project, 'usage.ts'), USAGE_TS);
  }, 240_000);

  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it('packs the compiled library, its declarations, the CLI and the docs, and nothing else', () => {
    const files = succeed('tar', ['-tzf', tarball], workspace)
      .split('\n')
      .filter(Boolean)
      .map((path) => path.replace(/^package\//, ''));
    const unexpected = files.filter(
      (path) =>
        !['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'bin/netpol.js'].includes(path) &&
        !/^build\/(lib\/(policies|kubernetes|analysis)|cli)\/.+\.(js|d\.ts|js\.map)$/.test(path),
    );
    expect(unexpected).toEqual([]);
    for (const entry of ['lib/policies/index', 'lib/analysis/index', 'cli/main']) {
      expect(files).toEqual(expect.arrayContaining([`build/${entry}.js`, `build/${entry}.d.ts`]));
    }
  });

  it('ships source maps that carry their sources, so stack traces and debuggers show the TypeScript', () => {
    const map = JSON.parse(
      readFileSync(
        join(project, 'node_modules', MANIFEST.name, 'build', 'lib', 'policies', 'secure-namespace.js.map'),
        'utf8',
      ),
    ) as { sources: string[]; sourcesContent: string[] };
    expect(map.sources).toEqual(['../../../lib/policies/secure-namespace.ts']);
    expect(map.sourcesContent[0]).toContain('export class SecureNamespace extends Construct');
  });

  it("brings one copy of cdk8s and constructs (the app's) and no build tooling or AWS CDK", () => {
    const installed = (name: string) => existsSync(join(project, 'node_modules', name));
    for (const tool of ['typescript', 'tsx', 'aws-cdk-lib', 'cdk-nag', 'jest'])
      expect(installed(tool)).toBe(false);
    const copies = (name: string) =>
      succeed('npm', ['ls', '--all', '--parseable', name, ...OFFLINE], project)
        .split('\n')
        .filter((path) => path.endsWith(`node_modules/${name}`));
    expect(new Set(copies('constructs')).size).toBe(1);
    expect(new Set(copies('cdk8s')).size).toBe(1);
  });

  it('exports exactly the construct library at the root and the analyzer at /analysis, and nothing deeper', () => {
    const exported = JSON.parse(succeed('node', ['exports.js'], project)) as Record<string, unknown>;
    expect(exported).toEqual({
      root: Object.keys(policies).sort(),
      analysis: Object.keys(analysis).sort(),
      version: MANIFEST.version,
      deepImport: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    });
  });

  it('synthesizes a chart from plain JavaScript (CommonJS)', () => {
    succeed('node', ['chart.js'], project);
    const objects = loadAll(readFileSync(join(project, 'dist', 'team.k8s.yaml'), 'utf8')) as Array<{
      kind: string;
      metadata: { name: string; namespace?: string };
      spec?: unknown;
    }>;
    const policiesByName = new Map(
      objects.filter(({ kind }) => kind === 'NetworkPolicy').map((object) => [object.metadata.name, object]),
    );
    expect(objects.find(({ kind }) => kind === 'Namespace')?.metadata.name).toBe('team');
    expect([...policiesByName.keys()].sort()).toEqual(
      expect.arrayContaining(['web-to-api-egress', 'web-to-api-ingress']),
    );
    expect(policiesByName.get('web-to-api-ingress')).toMatchObject({
      metadata: { namespace: 'team' },
      spec: {
        podSelector: { matchLabels: { app: 'api' } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'web' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
      },
    });
  });

  it.each(Object.entries(TSCONFIGS))(
    'type-checks TypeScript that uses both entry points (%s resolution)',
    (_name, options) => {
      const config = join(project, `tsconfig.${_name}.json`);
      const compilerOptions = {
        ...options,
        target: 'ES2022',
        strict: true,
        noEmit: true,
        types: [],
        skipLibCheck: true,
      };
      writeFileSync(config, JSON.stringify({ compilerOptions, files: ['usage.ts'] }));
      const result = run('node', [TSC, '-p', config], project);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
  );

  describe('the netpol the package installs (npx netpol), on the synthesized chart', () => {
    beforeAll(() => {
      if (!existsSync(join(project, 'dist', 'team.k8s.yaml'))) succeed('node', ['chart.js'], project);
    });
    const netpol = (...args: string[]) => run('npx', [...OFFLINE, 'netpol', ...args], project);

    it('lint finds nothing to report', () => {
      const result = netpol('lint', 'dist', '--json');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ findings: [], acknowledged: [] });
    });

    it('reach lists the one flow the chart allows on TCP/8080', () => {
      const result = netpol('reach', 'dist', '--probe', 'TCP/8080', '--json');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        probes: [{ protocol: 'TCP', port: 8080, allowed: [['team/web', 'team/api']] }],
      });
    });
  });

  it('fails on a bad construct input with the construct path, the field, the value and the fix', () => {
    const result = run('node', ['bad-input.js'], project);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('team/ns: name = "Team_A": a namespace name');
    expect(result.stderr).toContain("Fix: use a name like 'shop'.");
  });
});
