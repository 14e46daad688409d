/**
 * `npm run bench`: times `netpol reach` (the real CLI, as a child process) on a synthetic cluster of
 * 200 namespaces x 10 Deployments with about 1,400 policies, and on a 9-pod cluster, in the same run.
 * The analyzer must scale with the policies' selections, not with pairs x policies: the large run
 * may take at most 3x the small one. Exits 1 when it does not.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dump } from 'js-yaml';

const MAX_RATIO = 3;
const REPETITIONS = 7;
const CLI = resolve(__dirname, '..', 'bin', 'netpol.js');
const REACH_ARGS = [
  '--probe',
  'TCP/8080',
  '--json',
  '--external',
  'internet=203.0.113.10',
  '--external',
  'vpn=10.1.2.3',
];

interface ClusterShape {
  namespaces: number;
  workloadsPerNamespace: number;
  kind: 'Deployment' | 'Pod';
}

type Manifest = Record<string, unknown>;

const ROLES = ['web', 'web', 'web', 'api', 'api', 'api', 'api', 'db', 'db', 'worker'] as const;
const POLICY = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' };

const role = (i: number): string => ROLES[i % ROLES.length];
const nsName = (i: number): string => `team-${String(i).padStart(3, '0')}`;

function podSpec(workload: number) {
  const ports =
    role(workload) === 'db'
      ? [{ name: 'pg', containerPort: 5432 }]
      : [
          { name: 'http', containerPort: 8080 },
          { name: 'metrics', containerPort: 9090 },
        ];
  return { containers: [{ name: 'app', image: 'registry.example/app:1', ports }] };
}

function workload(shape: ClusterShape, namespace: string, index: number, podIp: string): Manifest {
  const name = `svc-${index}`;
  const labels = { app: name, role: role(index) };
  const metadata = { name, namespace, labels };
  if (shape.kind === 'Pod') {
    return { apiVersion: 'v1', kind: 'Pod', metadata, spec: podSpec(index), status: { podIP: podIp } };
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels }, spec: podSpec(index) },
    },
  };
}

const policy = (namespace: string, name: string, spec: Manifest): Manifest => ({
  ...POLICY,
  metadata: { name, namespace },
  spec,
});

/** Seven policies per namespace, mixing every feature the analyzer resolves. */
function policies(namespace: string, monitoring: string): Manifest[] {
  const roleIn = (...roles: string[]) => ({
    matchExpressions: [{ key: 'role', operator: 'In', values: roles }],
  });
  return [
    policy(namespace, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy(namespace, 'allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
    policy(namespace, 'web-from-internet', {
      podSelector: { matchLabels: { role: 'web' } },
      ingress: [
        { from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 'http' }] },
      ],
    }),
    policy(namespace, 'api-from-web', {
      podSelector: roleIn('api'),
      ingress: [{ from: [{ podSelector: roleIn('web') }], ports: [{ port: 8080 }] }],
    }),
    policy(namespace, 'db-from-api', {
      podSelector: { matchLabels: { role: 'db' } },
      ingress: [
        { from: [{ podSelector: roleIn('api') }], ports: [{ port: 'pg' }] },
        {
          from: [
            {
              namespaceSelector: {
                matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['staging'] }],
              },
              podSelector: { matchLabels: { role: 'worker' } },
            },
          ],
          ports: [{ port: 5432 }],
        },
      ],
    }),
    policy(namespace, 'app-egress', {
      podSelector: { matchExpressions: [{ key: 'role', operator: 'NotIn', values: ['db'] }] },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ podSelector: roleIn('api', 'db') }],
          ports: [{ port: 8000, endPort: 8999 }, { port: 'pg' }],
        },
        { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 443 }] },
      ],
    }),
    policy(namespace, 'metrics-from-monitoring', {
      podSelector: { matchExpressions: [{ key: 'role', operator: 'Exists' }] },
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': monitoring } } }],
          ports: [{ port: 9000, endPort: 9100 }],
        },
      ],
    }),
  ];
}

function namespaceObject(index: number): Manifest {
  const labels = { team: nsName(index), env: index % 4 === 0 ? 'staging' : 'prod' };
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: nsName(index), labels } };
}

const KUBE_DNS: Manifest = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
  spec: {
    selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    template: {
      metadata: { labels: { 'k8s-app': 'kube-dns' } },
      spec: {
        containers: [
          { name: 'coredns', image: 'coredns', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] },
        ],
      },
    },
  },
};

/** One YAML file per namespace, as `npm run synth` writes one per chart. Returns the counts. */
function writeCluster(dir: string, shape: ClusterShape): { workloads: number; policies: number } {
  mkdirSync(dir, { recursive: true });
  let count = { workloads: 0, policies: 0 };
  for (let n = 0; n < shape.namespaces; n++) {
    const namespace = nsName(n);
    const workloads = Array.from({ length: shape.workloadsPerNamespace }, (_, w) =>
      workload(shape, namespace, w, `10.${n >> 8}.${n & 255}.${w + 10}`),
    );
    const rules =
      shape.kind === 'Pod' ? policies(namespace, nsName(0)).slice(0, 4) : policies(namespace, nsName(0));
    const documents = [namespaceObject(n), ...workloads, ...rules];
    writeFileSync(join(dir, `${namespace}.yaml`), documents.map((doc) => dump(doc)).join('---\n'));
    count = { workloads: count.workloads + workloads.length, policies: count.policies + rules.length };
  }
  writeFileSync(join(dir, 'kube-system.yaml'), dump(KUBE_DNS));
  return count;
}

function timeReach(dir: string): { ms: number; pairs: number } {
  const started = process.hrtime.bigint();
  const stdout = execFileSync(process.execPath, [CLI, 'reach', dir, ...REACH_ARGS], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const pairs = (JSON.parse(stdout) as { probes: Array<{ allowed: unknown[] }> }).probes[0].allowed.length;
  return { ms, pairs };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function main(): number {
  const root = mkdtempSync(join(tmpdir(), 'netpol-bench-'));
  try {
    const large = join(root, 'large');
    const small = join(root, 'small');
    const largeCount = writeCluster(large, {
      namespaces: 200,
      workloadsPerNamespace: 10,
      kind: 'Deployment',
    });
    const smallCount = writeCluster(small, { namespaces: 3, workloadsPerNamespace: 3, kind: 'Pod' });
    // One untimed run each fills tsx's compile cache and the OS file cache.
    timeReach(small);
    timeReach(large);
    const largeRuns: number[] = [];
    const smallRuns: number[] = [];
    let pairs = { large: 0, small: 0 };
    for (let i = 0; i < REPETITIONS; i++) {
      const s = timeReach(small);
      const l = timeReach(large);
      smallRuns.push(s.ms);
      largeRuns.push(l.ms);
      pairs = { large: l.pairs, small: s.pairs };
    }
    const [largeMs, smallMs] = [median(largeRuns), median(smallRuns)];
    const ratio = largeMs / smallMs;
    console.log(`netpol reach ${REACH_ARGS.join(' ')} (median of ${REPETITIONS})`);
    console.log(
      `  large: ${largeCount.workloads} workloads, ${largeCount.policies} policies: ${largeMs.toFixed(0)} ms, ${pairs.large} allowed pairs`,
    );
    console.log(
      `  small: ${smallCount.workloads} pods, ${smallCount.policies} policies: ${smallMs.toFixed(0)} ms, ${pairs.small} allowed pairs`,
    );
    console.log(`  ratio: ${ratio.toFixed(2)} (limit ${MAX_RATIO})`);
    return ratio <= MAX_RATIO ? 0 : 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

process.exitCode = main();
