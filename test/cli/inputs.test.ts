import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOP, cleanup, netpol, netpolWithStdin, scratchShop } from './run-cli';

/** `kubectl get all,networkpolicy -o yaml` of one namespace: a Deployment and a CronJob with what they own. */
const GET_ALL = join(__dirname, 'fixtures', 'get-all');
const GET_ALL_FILE = join(GET_ALL, 'all.yaml');
const SHOP_FILES = ['namespaces.yaml', 'workloads.yaml', 'policies.yaml'].map((file) => join(SHOP, file));
const shopText = SHOP_FILES.map((file) => readFileSync(file, 'utf8')).join('---\n');

const SERVICE_SKIPPED = `netpol: skipped 1 object(s) in ${GET_ALL}: objects without network policy meaning: 1 v1 Service\n`;
const FOLDED = `netpol: folded 5 Pod(s), ReplicaSet(s) and Job(s) into their owners in ${GET_ALL} (--no-collapse keeps them apart)\n`;

describe('inputs as users have them', () => {
  it('reads standard input (-) as helm template ... | netpol reach - would give it', async () => {
    const fromFolder = await netpol('reach', SHOP, '--probe', 'TCP/8080', '--json');
    const fromStdin = await netpolWithStdin(shopText, 'reach', '-', '--probe', 'TCP/8080', '--json');
    expect(fromStdin).toEqual({ code: 0, stdout: fromFolder.stdout, stderr: '' });
  });

  it('reads kubectl get -o json output from standard input, typed lists included', async () => {
    const namespaces = { apiVersion: 'v1', kind: 'NamespaceList', items: [{ metadata: { name: 'shop' } }] };
    const pods = {
      apiVersion: 'v1',
      kind: 'PodList',
      items: ['a', 'b'].map((name) => ({
        metadata: { name, namespace: 'shop', labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'i' }] },
      })),
    };
    const list = { apiVersion: 'v1', kind: 'List', items: [namespaces.items[0], ...pods.items] };
    const result = await netpolWithStdin(JSON.stringify(pods), 'coverage', '-');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      'Ingress: 2 of 2 workloads are not isolated by any policy\n  shop/a\n  shop/b\n' +
        'Egress: 2 of 2 workloads are not isolated by any policy\n  shop/a\n  shop/b\n',
    );
    // A kind: List's items must carry their own kind: the NamespaceList item taken out of its list has none.
    const untyped = await netpolWithStdin(JSON.stringify(list), 'coverage', '-');
    expect(untyped).toEqual({
      code: 2,
      stdout: '',
      stderr: 'netpol: error: <stdin>, document index 0, item 0: not a Kubernetes object: it has no kind\n',
    });
  });

  it('reads single files and several inputs together as one cluster', async () => {
    const [namespaces, workloads, policies] = SHOP_FILES;
    const together = await netpol('reach', namespaces, workloads, policies, '--probe', 'TCP/8080', '--json');
    const folder = await netpol('reach', SHOP, '--probe', 'TCP/8080', '--json');
    expect(together).toEqual(folder);
  });

  it('refuses standard input twice (diff --before - --after -) and where there is none', async () => {
    const twice = await netpolWithStdin(
      shopText,
      'diff',
      '--before',
      '-',
      '--after',
      '-',
      '--probe',
      'TCP/80',
    );
    expect(twice.stderr).toBe('netpol: error: standard input (-) can be only one of the inputs\n');
    const none = await netpol('lint', '-');
    expect(none).toEqual({
      code: 2,
      stdout: '',
      stderr: 'netpol: error: standard input (-) is not available here\n',
    });
  });

  it('--namespace places the objects that name no namespace, as kubectl apply -n does', async () => {
    const pod = 'kind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n';
    const placed = await netpolWithStdin(pod, 'coverage', '-', '--namespace', 'team-a', '--json');
    expect(JSON.parse(placed.stdout)).toEqual({
      uncovered: { ingress: ['team-a/p'], egress: ['team-a/p'] },
      baselineOnly: { ingress: [], egress: [] },
    });
    const byDefault = await netpolWithStdin(pod, 'coverage', '-', '--json');
    expect(JSON.parse(byDefault.stdout)).toEqual({
      uncovered: { ingress: ['default/p'], egress: ['default/p'] },
      baselineOnly: { ingress: [], egress: [] },
    });
    const invalid = await netpolWithStdin(pod, 'coverage', '-', '--namespace', 'Team_A');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(
      /^netpol: error: option '--namespace <name>' argument 'Team_A' is invalid\. A namespace name must be a lowercase RFC 1123 label/,
    );
  });

  it('says when an input holds no workloads, rather than that all of none are isolated', async () => {
    const policies = SHOP_FILES[2];
    expect(await netpol('coverage', policies)).toEqual({
      code: 0,
      stdout: `no workloads found in ${policies}\n`,
      stderr: '',
    });
  });

  it('says so on stderr when reach, diff or report answer about pairs of an input without workloads', async () => {
    const policies = SHOP_FILES[2];
    const notice = `netpol: no workloads found in ${policies}: no pair of workloads to answer for (add the Pods or workloads the policies select)\n`;
    const reach = await netpol('reach', policies);
    expect(reach).toMatchObject({ code: 0, stderr: notice });
    expect(reach.stdout).toMatch(/^0 connection\(s\) among 0 endpoints/);
    expect(await netpol('reach', policies, '--json')).toMatchObject({ code: 0, stderr: notice });
    // A policies-only change diffs to nothing: the notice keeps "0 opened" from passing for "nothing opens".
    const diff = await netpol('diff', '--before', policies, '--after', policies);
    expect(diff).toMatchObject({ code: 0, stderr: notice + notice });
    // With workloads, nothing is said; lint answers about policies, not pairs.
    expect((await netpol('reach', SHOP)).stderr).toBe('');
    expect((await netpol('lint', policies)).stderr).not.toContain('no workloads found');
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(await netpol('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('nothing skipped silently', () => {
  it('names what was skipped in one line on stderr, policies first, and lists it in --json', async () => {
    const shop = scratchShop();
    try {
      writeFileSync(
        join(shop.dir, 'calico.yaml'),
        [
          'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: deny-all}\nspec: {selector: all()}',
          'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}',
          'apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: shop}',
        ].join('\n---\n'),
      );
      const text = await netpol('lint', shop.dir);
      expect(text.code).toBe(0);
      expect(text.stderr).toBe(
        `netpol: skipped 3 object(s) in ${shop.dir}: POLICIES NOT EVALUATED (their allows and denies are not in the answers): ` +
          '1 projectcalico.org/v3 GlobalNetworkPolicy; objects without network policy meaning: 2 v1 Service\n',
      );
      const json = await netpol('lint', shop.dir, '--json');
      expect(JSON.parse(json.stdout).skipped).toEqual([
        {
          kind: 'GlobalNetworkPolicy',
          apiVersion: 'projectcalico.org/v3',
          name: 'deny-all',
          category: 'policy',
          reason:
            'a GlobalNetworkPolicy of Calico: netpol evaluates networking.k8s.io/v1 NetworkPolicy and policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy only, so what it allows or denies is not in the answers',
          source: { file: join(shop.dir, 'calico.yaml'), index: 0 },
        },
        expect.objectContaining({ kind: 'Service', name: 'shop/api', category: 'other' }),
        expect.objectContaining({ kind: 'Service', name: 'shop/db', category: 'other' }),
      ]);
    } finally {
      cleanup(shop.dir);
    }
  });

  it('gives a kustomization a one-line hint to render it first', async () => {
    const shop = scratchShop();
    try {
      writeFileSync(join(shop.dir, 'kustomization.yaml'), 'resources: [namespaces.yaml]\n');
      const result = await netpol('coverage', shop.dir);
      expect(result.code).toBe(0);
      expect(result.stderr.split('\n')).toEqual([
        `netpol: skipped 1 object(s) in ${shop.dir}: files to render first: 1 Kustomization`,
        `netpol: hint: ${join(shop.dir, 'kustomization.yaml')}: a kustomization: render it first (kustomize build ${shop.dir} | netpol <command> -)`,
        '',
      ]);
    } finally {
      cleanup(shop.dir);
    }
  });
});

describe('kubectl get all: owned objects collapse into their owner', () => {
  it('shows each app once, its pods folded into the Deployment or CronJob that owns them', async () => {
    const result = await netpol('reach', GET_ALL, '--probe', 'TCP/80', '--json');
    expect(result.stderr).toBe(SERVICE_SKIPPED + FOLDED);
    expect(JSON.parse(result.stdout).probes[0].allowed).toEqual([
      ['shop/report', 'shop/report'],
      ['shop/report', 'shop/web'],
      ['shop/web', 'shop/report'],
    ]);
  });

  it('keeps them apart with --no-collapse', async () => {
    const result = await netpol('coverage', GET_ALL_FILE, '--no-collapse', '--json');
    expect(result.stderr).toBe(SERVICE_SKIPPED.replace(GET_ALL, GET_ALL_FILE));
    expect(JSON.parse(result.stdout).uncovered.egress).toEqual([
      'shop/report',
      'shop/report-29000000',
      'shop/report-29000000-klmno',
      'shop/web',
      'shop/web-5d9c7',
      'shop/web-5d9c7-abcde',
      'shop/web-5d9c7-fghij',
    ]);
  });
});
