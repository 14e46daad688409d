import fs from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterModel, loadManifestDir, parseManifests } from '../../lib/analysis';
import { policy } from './builders';

describe('parseManifests', () => {
  it('returns every document with its file and index, counting empty documents', () => {
    const text = 'kind: Namespace\nmetadata: {name: a}\n---\n---\nkind: Namespace\nmetadata: {name: b}\n';
    expect(parseManifests(text, 'ns.yaml')).toEqual([
      { object: { kind: 'Namespace', metadata: { name: 'a' } }, source: { file: 'ns.yaml', index: 0 } },
      { object: { kind: 'Namespace', metadata: { name: 'b' } }, source: { file: 'ns.yaml', index: 2 } },
    ]);
  });

  it.each([
    ['the first document', 'kind: [\n', 0, 'line 2, column 1'],
    ['a later document', 'kind: Namespace\n---\nkind: Pod\n---\nmetadata: {name: x\n', 2, 'line 6, column 1'],
    [
      'a document after a leading ---',
      '---\nkind: Pod\n---\n  bad: indentation\n wrong: here\n',
      1,
      'line 5',
    ],
  ])('names the document index of a YAML error in %s', (_where, text, index, line) => {
    expect(() => parseManifests(text, 'broken.yaml')).toThrow(
      new RegExp(`^broken\\.yaml, document index ${index}: invalid YAML: .*\\(${line}`),
    );
  });

  it('expands kind: List (kubectl get -o yaml) into its items, keeping the item index', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n  - {kind: Namespace, metadata: {name: a}}\n  - {kind: Pod}\n';
    expect(parseManifests(text, 'list.yaml').map((manifest) => manifest.source)).toEqual([
      { file: 'list.yaml', index: 0, item: 0 },
      { file: 'list.yaml', index: 0, item: 1 },
    ]);
  });
});

describe('objects the model cannot use', () => {
  it.each([
    [
      'an object without kind',
      [{ metadata: { name: 'x' } }],
      'object index 0: not a Kubernetes object: it has no kind',
    ],
    [
      'a scalar document',
      ['just text'],
      'object index 0: not a Kubernetes object: the document is a string, not a mapping with a kind',
    ],
    [
      'a list document',
      [[{ kind: 'Pod' }]],
      'object index 0: not a Kubernetes object: the document is a list, not a mapping with a kind',
    ],
    [
      'a scalar item of a kind: List',
      [{ kind: 'List', items: [42] }],
      'object index 0, item 0: not a Kubernetes object: the item is a number, not a mapping with a kind',
    ],
    [
      'a label value that YAML reads as a number',
      [{ kind: 'Pod', metadata: { name: 'web', labels: { version: 1.0 } } }],
      'object index 0: Pod default/web: metadata.labels.version = 1: label value must be a string (quote it in YAML)',
    ],
    [
      'an invalid label key in a pod template',
      [
        {
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'shop' },
          spec: { template: { metadata: { labels: { 'bad key': 'x' } } } },
        },
      ],
      "object index 0: Deployment shop/web: spec.template.metadata.labels.bad key = \"x\": label key its name part must use 'A-Z', 'a-z', '0-9', '-', '_' and '.', starting and ending with an alphanumeric",
    ],
    [
      'namespace labels that are not a map',
      [{ kind: 'Namespace', metadata: { name: 'shop', labels: ['team=shop'] } }],
      'object index 0: Namespace shop: metadata.labels must be a map of label keys to values',
    ],
    [
      'a workload without pod template',
      [{ kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: {} }],
      'object index 0: Deployment shop/web has no pod template at spec.template',
    ],
    ['a workload without name', [{ kind: 'Pod', metadata: {} }], 'object index 0: Pod without metadata.name'],
    ['a namespace without name', [{ kind: 'Namespace' }], 'object index 0: Namespace without metadata.name'],
    [
      'two workloads with the same id',
      [
        { kind: 'Pod', metadata: { name: 'web', namespace: 'shop' } },
        { kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { template: {} } },
      ],
      'object index 1: Deployment shop/web has the same id as Pod in object index 0',
    ],
  ])('refuses %s', (_name, objects, message) => {
    expect(() => ClusterModel.fromObjects(objects)).toThrow(message);
  });

  it.each([
    [{ name: 'internet', ip: 'not-an-ip' }, 'external endpoint internet: "not-an-ip" is not an IP address'],
    [
      { name: 'a/b', ip: '203.0.113.1' },
      `external endpoint name "a/b" must be letters, digits, '-', '_' or '.'`,
    ],
  ])('refuses an invalid external endpoint %j', (external, message) => {
    expect(() => ClusterModel.fromObjects([], { externals: [external] })).toThrow(message);
  });

  it('ignores kinds that carry no endpoint or policy (Services, ConfigMaps)', () => {
    const objects = [
      { kind: 'Service', metadata: { name: 'web' } },
      { kind: 'ConfigMap', metadata: { name: 'c' } },
    ];
    expect(ClusterModel.fromObjects(objects).endpointIds()).toEqual([]);
  });
});

describe('endpoints', () => {
  const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [] } };
  const objects = [
    { kind: 'Pod', metadata: { name: 'pod' }, spec: {} },
    { kind: 'Deployment', metadata: { name: 'deploy', namespace: 'apps' }, spec: { template } },
    { kind: 'StatefulSet', metadata: { name: 'sts', namespace: 'apps' }, spec: { template } },
    { kind: 'DaemonSet', metadata: { name: 'ds', namespace: 'apps' }, spec: { template } },
    { kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'apps' }, spec: { template } },
    { kind: 'Job', metadata: { name: 'job', namespace: 'batch' }, spec: { template } },
    {
      kind: 'CronJob',
      metadata: { name: 'cron', namespace: 'batch' },
      spec: { jobTemplate: { spec: { template } } },
    },
  ];

  it('come from Pods and the pod templates of every workload kind, `default` namespace when none', () => {
    expect(ClusterModel.fromObjects(objects).endpointIds()).toEqual([
      'apps/deploy',
      'apps/ds',
      'apps/rs',
      'apps/sts',
      'batch/cron',
      'batch/job',
      'default/pod',
    ]);
  });

  it('carry the pod template labels, which is what policies select', () => {
    const selectX = policy('batch', 'deny-x', { podSelector: { matchLabels: { app: 'x' } } });
    expect(ClusterModel.fromObjects([...objects, selectX]).coverage().uncovered.ingress).toEqual([
      'apps/deploy',
      'apps/ds',
      'apps/rs',
      'apps/sts',
      'default/pod',
    ]);
  });

  it.each([
    ['no namespace', {}],
    ['an empty namespace', { namespace: '' }],
  ])('and policies with %s are in `default`, like kubectl apply puts them', (_, namespaceField) => {
    const pods = [
      { kind: 'Pod', metadata: { name: 'a', ...namespaceField }, spec: {} },
      { kind: 'Pod', metadata: { name: 'b', namespace: 'other' }, spec: {} },
    ];
    const denyAll = {
      kind: 'NetworkPolicy',
      metadata: { name: 'deny', ...namespaceField },
      spec: { podSelector: {} },
    };
    expect(ClusterModel.fromObjects([...pods, denyAll]).coverage().uncovered.ingress).toEqual(['other/b']);
  });
});

describe('loadManifestDir', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'netpol-manifests-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads .yaml and .yml files recursively in a stable order and skips other files', () => {
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'b.yml'), 'kind: Namespace\nmetadata: {name: b}\n');
    writeFileSync(join(dir, 'nested', 'a.yaml'), 'kind: Namespace\nmetadata: {name: a}\n');
    writeFileSync(join(dir, 'notes.txt'), 'kind: [');
    expect(loadManifestDir(dir).map((manifest) => manifest.source.file)).toEqual([
      join(dir, 'b.yml'),
      join(dir, 'nested', 'a.yaml'),
    ]);
  });

  it('follows symbolic links to files and folders, and reads a folder once even through a link cycle', () => {
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'ns.yaml'), 'kind: Namespace\nmetadata: {name: a}\n');
    writeFileSync(join(dir, 'pod.txt'), 'kind: Pod\nmetadata: {name: p}\n');
    symlinkSync(join(dir, 'pod.txt'), join(dir, 'a-pod.yaml'));
    symlinkSync(join(dir, 'real'), join(dir, 'linked'));
    symlinkSync(dir, join(dir, 'real', 'loop'));
    expect(loadManifestDir(dir).map((manifest) => manifest.source.file)).toEqual([
      join(dir, 'a-pod.yaml'),
      join(dir, 'linked', 'ns.yaml'),
    ]);
  });

  it('skips empty documents and files that hold only comments', () => {
    writeFileSync(join(dir, 'empty.yaml'), '# nothing yet\n---\n---\n');
    writeFileSync(join(dir, 'ns.yaml'), '---\n# a namespace\nkind: Namespace\nmetadata: {name: a}\n---\n');
    expect(loadManifestDir(dir).map((manifest) => manifest.source)).toEqual([
      { file: join(dir, 'ns.yaml'), index: 0 },
    ]);
  });

  it('refuses a YAML file it cannot read, naming the file and the reason', () => {
    writeFileSync(join(dir, 'secret.yaml'), 'kind: Namespace\nmetadata: {name: a}\n');
    const denied = Object.assign(new Error(`EACCES: permission denied, open '${join(dir, 'secret.yaml')}'`), {
      code: 'EACCES',
    });
    const read = jest.spyOn(fs, 'readFileSync').mockImplementationOnce(() => {
      throw denied;
    });
    try {
      expect(() => loadManifestDir(dir)).toThrow(
        `${join(dir, 'secret.yaml')}: cannot read the file (EACCES: permission denied)`,
      );
    } finally {
      read.mockRestore();
    }
  });

  it('refuses a YAML link to nothing, naming the link', () => {
    symlinkSync(join(dir, 'gone'), join(dir, 'x.yaml'));
    expect(() => loadManifestDir(dir)).toThrow(
      `${join(dir, 'x.yaml')}: cannot read the file (a symbolic link to nothing)`,
    );
  });

  it.each([
    ['a missing folder', (root: string) => join(root, 'missing'), 'no such directory'],
    [
      'a file',
      (root: string) => (writeFileSync(join(root, 'f.yaml'), ''), join(root, 'f.yaml')),
      'not a directory',
    ],
    ['a folder without YAML', (root: string) => root, 'no .yaml, .yml or .json file found'],
  ])('refuses %s', (_name, target, message) => {
    const path = target(dir);
    expect(() => loadManifestDir(path)).toThrow(`${path}: ${message}`);
  });
});
