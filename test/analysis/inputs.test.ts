import fs from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  ClusterModel,
  readInputs,
  type InputItem,
  type Manifest,
  type SkippedObject,
} from '../../lib/analysis';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec: {containers: [{name: c}]}\n';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'netpol-inputs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, text: string): string {
  const full = join(dir, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
  return full;
}

const manifests = (items: InputItem[]): Manifest[] =>
  items.filter((item): item is Manifest => 'object' in item);
const skippedOf = (items: InputItem[]): SkippedObject[] =>
  items.filter((item): item is SkippedObject => !('object' in item));

describe('readInputs', () => {
  it('reads a single file, a folder and standard input together, in the order given', () => {
    const file = write('one/pod.yaml', POD);
    write('two/ns.yml', 'kind: Namespace\nmetadata: {name: b}\n');
    const items = [...readInputs([file, join(dir, 'two'), '-'], { readStdin: () => POD })];
    expect(manifests(items).map((item) => item.source)).toEqual([
      { file, index: 0 },
      { file: join(dir, 'two', 'ns.yml'), index: 0 },
      { file: '<stdin>', index: 0 },
    ]);
  });

  it('reads a file once when a folder and a file or subfolder in it are both given', () => {
    const file = write('sub/pod.yaml', POD);
    const items = [...readInputs([dir, file, join(dir, 'sub')])];
    expect(manifests(items).map((item) => item.source.file)).toEqual([file]);
  });

  it('reads .json files: a single object, and a kind: List as kubectl get -o json writes it', () => {
    write('pod.json', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }));
    write(
      'list.json',
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Namespace' }] }),
    );
    expect(manifests([...readInputs([dir])]).map(({ object, source }) => [source, object])).toEqual([
      [
        { file: join(dir, 'list.json'), index: 0, item: 0 },
        { apiVersion: 'v1', kind: 'Namespace' },
      ],
      [
        { file: join(dir, 'pod.json'), index: 0 },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } },
      ],
    ]);
  });

  it('gives the items of a typed list (PodList, NetworkPolicyList, ...) the kind and apiVersion of the list', () => {
    const list = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicyList',
      items: [{ metadata: { name: 'x' } }, { kind: 'Other', metadata: { name: 'y' } }],
    };
    const file = write('netpols.json', JSON.stringify(list));
    expect(manifests([...readInputs([file])]).map((item) => item.object)).toEqual([
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' } },
      { kind: 'Other', metadata: { name: 'y' } },
    ]);
  });

  it.each([
    ['JSON', JSON.stringify({ kind: 'PodList', apiVersion: 'v1', items: [{ metadata: { name: 'p' } }] })],
    ['YAML', 'kind: PodList\napiVersion: v1\nitems:\n- metadata: {name: p}\n'],
    [
      'YAML in flow style, which also starts with a brace',
      '{kind: PodList, apiVersion: v1, items: [{metadata: {name: p}}]}',
    ],
  ])('reads standard input as %s', (_format, text) => {
    expect(manifests([...readInputs(['-'], { readStdin: () => text })])).toEqual([
      {
        object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } },
        source: { file: '<stdin>', index: 0, item: 0 },
      },
    ]);
  });

  it('reads UTF-8 with a byte order mark and UTF-16 (PowerShell 5 redirection) too', () => {
    const json = JSON.stringify({ kind: 'Namespace', metadata: { name: 'a' } });
    const utf16be = Buffer.from(`\ufeff${json}`, 'utf16le').swap16();
    writeFileSync(join(dir, 'bom.json'), `\ufeff${json}`);
    writeFileSync(join(dir, 'utf16le.json'), Buffer.from(`\ufeff${json}`, 'utf16le'));
    writeFileSync(join(dir, 'utf16be.json'), utf16be);
    expect(manifests([...readInputs([dir])]).map((item) => item.object)).toEqual([
      { kind: 'Namespace', metadata: { name: 'a' } },
      { kind: 'Namespace', metadata: { name: 'a' } },
      { kind: 'Namespace', metadata: { name: 'a' } },
    ]);
  });

  it('names the file of invalid JSON', () => {
    const file = write('broken.json', '{"kind": "Pod",}');
    expect(() => [...readInputs([file])]).toThrow(new RegExp(`^${file}, document index 0: invalid JSON: `));
  });

  it.each([
    [['-'], {}, 'standard input (-) is not available here'],
    [['x', 'x'], { readStdin: () => '' }, 'input x is given twice'],
    [['missing'], {}, 'missing: no such file or directory'],
  ])('refuses %j', (paths, options, message) => {
    expect(() => [...readInputs(paths, options)]).toThrow(message);
  });

  it('parses one file at a time: the next file is not read before the previous one is consumed', () => {
    write('a.yaml', POD);
    write('b.yaml', POD);
    const read = jest.spyOn(fs, 'readFileSync');
    try {
      const items = readInputs([dir]);
      items.next();
      expect(read.mock.calls.map(([path]) => path)).toEqual([join(dir, 'a.yaml')]);
      items.next();
      expect(read.mock.calls.map(([path]) => path)).toEqual([join(dir, 'a.yaml'), join(dir, 'b.yaml')]);
    } finally {
      read.mockRestore();
    }
  });
});

describe('files to render first, and data that is not a manifest', () => {
  it('skips a Helm chart (Chart.yaml, values, templates) without parsing it, and reads its plain crds', () => {
    const chart = join(dir, 'chart');
    write('chart/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
    write('chart/values.yaml', 'replicas: 2\n');
    write(
      'chart/templates/deploy.yaml',
      'kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- if x }}\n',
    );
    write('chart/crds/crd.yaml', 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n');
    const items = [...readInputs([dir])];
    expect(skippedOf(items).map(({ kind, source }) => [kind, source.file])).toEqual([
      ['Helm Chart.yaml', join(chart, 'Chart.yaml')],
      ['Helm template', join(chart, 'templates', 'deploy.yaml')],
      ['Helm values', join(chart, 'values.yaml')],
    ]);
    expect(skippedOf(items)[0].reason).toBe(
      `part of the Helm chart ${chart}: render it first (helm template ${chart} | netpol <command> -)`,
    );
    expect(manifests(items).map((item) => item.source.file)).toEqual([join(chart, 'crds', 'crd.yaml')]);
    expect([...readInputs([join(chart, 'Chart.yaml')])]).toEqual([skippedOf(items)[0]]);
  });

  it('skips a Helm template found outside a chart, which is not YAML, with a hint instead of a YAML error', () => {
    const file = write(
      'deploy.yaml',
      'kind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n  {{- toYaml x }}\n',
    );
    expect([...readInputs([file])]).toEqual([
      {
        kind: 'Helm template',
        category: 'render-first',
        reason: 'a Helm template ({{ }}): render it first (helm template <chart> | netpol <command> -)',
        source: { file },
      },
    ]);
  });

  it('refuses a Helm template on standard input with the hint, since nothing else would be read', () => {
    const read = () => [...readInputs(['-'], { readStdin: () => 'a: {{ b }}\n  c: [\n' })];
    expect(read).toThrow('<stdin>: a Helm template ({{ }}): render it first');
  });

  it('reads rendered YAML that holds {{ }} in its values (alert templates) as usual', () => {
    const file = write(
      'cm.yaml',
      'kind: ConfigMap\nmetadata: {name: rules}\ndata: {alert: "{{ $labels.pod }} is down"}\n',
    );
    expect(manifests([...readInputs([file])])).toHaveLength(1);
  });

  it('skips a kustomization and its patches, and adds the render hint to an error in its folder', () => {
    const overlay = join(dir, 'overlay');
    write('overlay/kustomization.yaml', 'resources: [../base]\npatches: [{path: patch.yaml}]\n');
    write('overlay/json-patch.yaml', '- op: replace\n  path: /spec/replicas\n  value: 3\n');
    write('overlay/delete.yaml', 'kind: Deployment\nmetadata: {name: web}\n$patch: delete\n');
    expect(skippedOf([...readInputs([overlay])]).map(({ kind, source }) => [kind, source.file])).toEqual([
      ['kustomize patch', join(overlay, 'delete.yaml')],
      ['kustomize patch', join(overlay, 'json-patch.yaml')],
      ['Kustomization', join(overlay, 'kustomization.yaml')],
    ]);
    // A file the kustomization names as a patch is a fragment, even when it looks like a whole workload: read as
    // one, it would add a Deployment with the patch's labels only.
    write(
      'overlay/patch.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: a}\n' +
        'spec: {template: {metadata: {labels: {tier: web}}, spec: {containers: [{name: web, image: w}]}}}\n',
    );
    const model = ClusterModel.fromManifests(readInputs([overlay]));
    expect(model.input.workloads).toBe(0);
    expect(model.input.skipped).toContainEqual({
      kind: 'kustomize patch',
      category: 'render-first',
      reason: `a patch of ${join(overlay, 'kustomization.yaml')}: render the kustomization first (kustomize build ${overlay} | netpol <command> -)`,
      source: { file: join(overlay, 'patch.yaml') },
    });
    // One it does not name may still be a patch (a component's, a typo): an error in it carries the hint.
    write(
      'overlay/replicas.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: a}\nspec: {replicas: 3}\n',
    );
    expect(() => ClusterModel.fromManifests(readInputs([overlay]))).toThrow(
      `${join(overlay, 'replicas.yaml')}, document index 0: Deployment a/web has no pod template at spec.template ` +
        `(${join(overlay, 'kustomization.yaml')} is beside it: if this is a patch, render first (kustomize build ${overlay} | netpol <command> -))`,
    );
  });

  it('skips the patches a kustomization names in every form, also in its subfolders', () => {
    const overlay = join(dir, 'names');
    write(
      'names/kustomization.yaml',
      'patchesStrategicMerge: [sm.yaml]\npatchesJson6902: [{path: json/ops.yaml, target: {kind: Deployment}}]\n' +
        'patches: [{path: patches/labels.yaml}, {patch: "inline: true"}]\n',
    );
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n';
    for (const file of ['sm.yaml', 'json/ops.yaml', 'patches/labels.yaml']) write(`names/${file}`, pod);
    write('names/real.yaml', pod.replace('name: p', 'name: real'));
    const model = ClusterModel.fromManifests(readInputs([overlay]));
    expect(model.endpointIds()).toEqual(['default/real']);
    expect(
      model.input.skipped.map(({ kind, source }) => [kind, relative(overlay, source.file ?? '')]),
    ).toEqual([
      ['kustomize patch', join('json', 'ops.yaml')],
      ['Kustomization', 'kustomization.yaml'],
      ['kustomize patch', join('patches', 'labels.yaml')],
      ['kustomize patch', 'sm.yaml'],
    ]);
  });

  it('skips documents of plain data (a config file, a list of records), but refuses a manifest without kind', () => {
    write('package.json', '{"name": "x"}');
    write('output.json', '[{"src": "a", "dst": "b"}]');
    const model = ClusterModel.fromManifests(readInputs([dir]));
    expect(model.input.skipped.map(({ kind, category, source }) => [kind, category, source.file])).toEqual([
      ['not a Kubernetes object', 'other', join(dir, 'output.json')],
      ['not a Kubernetes object', 'other', join(dir, 'package.json')],
    ]);
    write('broken.yaml', 'apiVersion: apps/v1\nmetadata: {name: web}\n');
    expect(() => ClusterModel.fromManifests(readInputs([dir]))).toThrow(
      `${join(dir, 'broken.yaml')}, document index 0: not a Kubernetes object: it has no kind`,
    );
  });
});
