/**
 * The synthetic cluster of `npm run bench`: namespaces of Deployments (or Pods with IPs) behind seven policies
 * each that mix every feature the analyzer resolves, one YAML file per namespace as `npm run synth` writes one
 * per chart, and a few dozen ClusterNetworkPolicies of both tiers in one more file. Each workload's name and labels
 * follow its index, so the bench can name flows it must find.
 */
import { linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import type { ExternalEndpoint, Probe } from '../lib/analysis';
import type { Witness } from './verify-reach';

export interface ClusterShape {
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

/**
 * What the `diff` of the bench changes in a namespace: `opens` lets workers call the api as web pods do,
 * `closes` removes the internet's access to web pods.
 */
export type NamespaceChange = 'opens' | 'closes';

/** Every 50th namespace (from team-001) opens flows in the changed cluster, and the next one closes some. */
export function changeOf(namespaceIndex: number): NamespaceChange | undefined {
  return namespaceIndex % 50 === 1 ? 'opens' : namespaceIndex % 50 === 2 ? 'closes' : undefined;
}

/** Seven policies per namespace, mixing every feature the analyzer resolves. */
function policies(namespace: string, monitoring: string, change?: NamespaceChange): Manifest[] {
  const roleIn = (...roles: string[]) => ({
    matchExpressions: [{ key: 'role', operator: 'In', values: roles }],
  });
  const apiClients = change === 'opens' ? roleIn('web', 'worker') : roleIn('web');
  const all = [
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
      ingress: [{ from: [{ podSelector: apiClients }], ports: [{ port: 8080 }] }],
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
  return change === 'closes' ? all.filter((p) => (p.metadata as Manifest).name !== 'web-from-internet') : all;
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

function namespaceFile(shape: ClusterShape, n: number, change?: NamespaceChange): string {
  const namespace = nsName(n);
  const workloads = Array.from({ length: shape.workloadsPerNamespace }, (_, w) =>
    workload(shape, namespace, w, `10.${n >> 8}.${n & 255}.${w + 10}`),
  );
  const all = policies(namespace, nsName(0), change);
  const rules = shape.kind === 'Pod' ? all.slice(0, 4) : all;
  return [namespaceObject(n), ...workloads, ...rules].map((doc) => dump(doc)).join('---\n');
}

const fileOf = (dir: string, n: number): string => join(dir, `${nsName(n)}.yaml`);

const CLUSTER_POLICY = { apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy' };
const CLUSTER_POLICIES_FILE = 'cluster-policies.yaml';
const byName = (...names: string[]) => ({
  matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: names }],
});
const clusterPolicy = (name: string, tier: string, priority: number, spec: Manifest): Manifest => ({
  ...CLUSTER_POLICY,
  metadata: { name },
  spec: { tier, priority, ...spec },
});
const dnsPorts = [{ udp: { destinationPort: { number: 53 } } }, { tcp: { destinationPort: { number: 53 } } }];
/** Every 10th namespace up to team-190 (never 1, 2 or 4, which the witnesses use) is quarantined. */
const quarantined = (namespaces: number): number[] =>
  Array.from({ length: Math.min(19, Math.floor((namespaces - 1) / 10)) }, (_, k) => (k + 1) * 10);

/**
 * The cluster-wide tiers (a few dozen ClusterNetworkPolicies): Admin rules that deny the metadata service, protect
 * kube-system, delegate prod-to-prod service ports (Pass) and quarantine namespaces from staging's scrapers on part
 * of the metrics range, and Baseline defaults per team and for every namespace (DNS open, the rest denied), which the
 * teams' own NetworkPolicies override. Sound: `lint` finds nothing in them.
 */
function clusterPolicies(namespaces: number): Manifest[] {
  const everyNamespace = { namespaces: {} };
  return [
    clusterPolicy('deny-imds', 'Admin', 0, {
      subject: everyNamespace,
      egress: [{ action: 'Deny', to: [{ networks: ['169.254.169.254/32', 'fd00:ec2::254/128'] }] }],
    }),
    clusterPolicy('protect-kube-system', 'Admin', 10, {
      subject: { namespaces: byName('kube-system') },
      ingress: [
        { action: 'Accept', from: [everyNamespace], protocols: dnsPorts },
        {
          action: 'Deny',
          from: [{ namespaces: { matchExpressions: [{ key: 'team', operator: 'Exists' }] } }],
        },
      ],
    }),
    clusterPolicy('delegate-prod', 'Admin', 20, {
      subject: { namespaces: { matchLabels: { env: 'prod' } } },
      ingress: [
        {
          action: 'Pass',
          from: [{ namespaces: { matchLabels: { env: 'prod' } } }],
          protocols: [{ tcp: { destinationPort: { range: { start: 8000, end: 8999 } } } }],
        },
      ],
    }),
    ...quarantined(namespaces).map((n, k) =>
      clusterPolicy(`quarantine-${nsName(n)}`, 'Admin', 100 + k, {
        subject: { namespaces: byName(nsName(n)) },
        ingress: [
          {
            action: 'Deny',
            from: [{ namespaces: { matchLabels: { env: 'staging' } } }],
            protocols: [{ tcp: { destinationPort: { range: { start: 9000, end: 9050 } } } }],
          },
        ],
      }),
    ),
    ...Array.from({ length: Math.min(10, namespaces) }, (_, n) =>
      clusterPolicy(`baseline-${nsName(n)}`, 'Baseline', 500 + n, {
        subject: { namespaces: { matchLabels: { team: nsName(n) } } },
        egress: [{ action: 'Accept', to: [{ pods: { namespaceSelector: {}, podSelector: {} } }] }],
      }),
    ),
    clusterPolicy('baseline-default-deny', 'Baseline', 1000, {
      subject: everyNamespace,
      ingress: [
        { action: 'Accept', from: [everyNamespace], protocols: dnsPorts },
        { action: 'Deny', from: [everyNamespace] },
      ],
      egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0', '::/0'] }] }],
    }),
  ];
}

/** One YAML file per namespace, as `npm run synth` writes one per chart. Returns the counts. */
export function writeCluster(dir: string, shape: ClusterShape): { workloads: number; policies: number } {
  mkdirSync(dir, { recursive: true });
  for (let n = 0; n < shape.namespaces; n++) writeFileSync(fileOf(dir, n), namespaceFile(shape, n));
  writeFileSync(join(dir, 'kube-system.yaml'), dump(KUBE_DNS));
  const guardrails = clusterPolicies(shape.namespaces);
  writeFileSync(join(dir, CLUSTER_POLICIES_FILE), guardrails.map((doc) => dump(doc)).join('---\n'));
  const policiesPerNamespace = shape.kind === 'Pod' ? 4 : 7;
  return {
    workloads: shape.namespaces * shape.workloadsPerNamespace,
    policies: shape.namespaces * policiesPerNamespace + guardrails.length,
  };
}

/**
 * The cluster of `dir` after a change (see `changeOf`), for `diff`: unchanged files are hard links to the
 * originals, so a large cluster costs its changed namespaces only.
 */
export function writeChangedCluster(dir: string, changedDir: string, shape: ClusterShape): void {
  mkdirSync(changedDir, { recursive: true });
  for (let n = 0; n < shape.namespaces; n++) {
    const change = changeOf(n);
    if (change) writeFileSync(fileOf(changedDir, n), namespaceFile(shape, n, change));
    else linkSync(fileOf(dir, n), fileOf(changedDir, n));
  }
  linkSync(join(dir, 'kube-system.yaml'), join(changedDir, 'kube-system.yaml'));
  linkSync(join(dir, CLUSTER_POLICIES_FILE), join(changedDir, CLUSTER_POLICIES_FILE));
}

/** Outside the cluster: the internet, an address in the policies' except blocks, one in the egress ipBlock. */
export const EXTERNALS: readonly ExternalEndpoint[] = [
  { name: 'internet', ip: '203.0.113.10' },
  { name: 'vpn', ip: '10.1.2.3' },
  { name: 'registry', ip: '10.20.0.7' },
];

const tcp = (port: number): Probe => ({ protocol: 'TCP', port });
const at = (namespace: number, workload: number): string => `${nsName(namespace)}/svc-${workload}`;
// Workload indexes by role (see ROLES) and namespaces by env: team-000 and every 4th are staging.
const [WEB, API, DB, WORKER] = [0, 3, 7, 9];

/** Flows of the Deployment cluster that each feature of the policies decides, allowed and denied. */
export const DEPLOYMENT_WITNESSES: readonly Witness[] = [
  {
    feature: 'matchExpressions In, port range',
    from: at(1, WEB),
    to: at(1, API),
    probe: tcp(8080),
    allowed: true,
  },
  { feature: 'default deny', from: at(1, API), to: at(1, WEB), probe: tcp(8080), allowed: false },
  { feature: 'own namespace only', from: at(1, WEB), to: at(2, API), probe: tcp(8080), allowed: false },
  {
    feature: 'DNS by namespace name AND pod labels',
    from: at(1, WEB),
    to: 'kube-system/coredns',
    probe: { protocol: 'UDP', port: 53 },
    allowed: true,
  },
  {
    feature: 'DNS port only',
    from: at(1, WEB),
    to: 'kube-system/coredns',
    probe: { protocol: 'UDP', port: 54 },
    allowed: false,
  },
  { feature: 'ipBlock on a named port', from: 'internet', to: at(1, WEB), probe: tcp(8080), allowed: true },
  {
    feature: 'named port resolves to 8080 only',
    from: 'internet',
    to: at(1, WEB),
    probe: tcp(9090),
    allowed: false,
  },
  { feature: 'ipBlock except', from: 'vpn', to: at(1, WEB), probe: tcp(8080), allowed: false },
  { feature: 'ipBlock only on web', from: 'internet', to: at(1, API), probe: tcp(8080), allowed: false },
  { feature: 'named port pg both sides', from: at(1, API), to: at(1, DB), probe: tcp(5432), allowed: true },
  { feature: 'db admits api, not web', from: at(1, WEB), to: at(1, DB), probe: tcp(5432), allowed: false },
  {
    feature: 'namespaceSelector NotIn AND podSelector',
    from: at(1, WORKER),
    to: at(1, DB),
    probe: tcp(5432),
    allowed: true,
  },
  { feature: 'NotIn excludes staging', from: at(4, WORKER), to: at(4, DB), probe: tcp(5432), allowed: false },
  { feature: 'egress ipBlock', from: at(1, WEB), to: 'registry', probe: tcp(443), allowed: true },
  { feature: 'egress ipBlock except', from: at(1, WEB), to: 'vpn', probe: tcp(443), allowed: false },
  { feature: 'NotIn podSelector (db)', from: at(1, DB), to: 'registry', probe: tcp(443), allowed: false },
  {
    feature: 'port range from the monitoring namespace',
    from: at(0, WEB),
    to: at(1, WEB),
    probe: tcp(9090),
    allowed: true,
    side: 'ingress',
  },
  {
    feature: 'Admin Deny overrides the NetworkPolicy allow (quarantine)',
    from: at(0, WEB),
    to: at(10, WEB),
    probe: tcp(9010),
    allowed: false,
    side: 'ingress',
  },
  {
    feature: 'Admin Deny on its ports only (quarantine)',
    from: at(0, WEB),
    to: at(10, WEB),
    probe: tcp(9090),
    allowed: true,
    side: 'ingress',
  },
  {
    feature: 'Admin Pass leaves prod-to-prod to the NetworkPolicies',
    from: at(10, WEB),
    to: at(10, API),
    probe: tcp(8080),
    allowed: true,
  },
  {
    feature: 'Admin Accept of DNS into kube-system',
    from: at(4, WEB),
    to: 'kube-system/coredns',
    probe: { protocol: 'UDP', port: 53 },
    allowed: true,
  },
  {
    feature: 'Admin Deny of team namespaces into kube-system',
    from: at(1, API),
    to: 'kube-system/coredns',
    probe: tcp(8080),
    allowed: false,
    side: 'ingress',
  },
  {
    feature: 'Baseline Deny where no NetworkPolicy isolates',
    from: 'kube-system/coredns',
    to: 'registry',
    probe: tcp(443),
    allowed: false,
  },
  {
    feature: 'monitoring namespace only',
    from: at(2, WEB),
    to: at(1, WEB),
    probe: tcp(9090),
    allowed: false,
    side: 'ingress',
  },
];

/** The Pod cluster: pods have IPs, inside the web ipBlock's except, and always reach themselves. */
export const POD_WITNESSES: readonly Witness[] = [
  { feature: 'a pod reaches itself', from: at(0, WEB), to: at(0, WEB), probe: tcp(8080), allowed: true },
  {
    feature: 'ipBlock except matches pod IPs',
    from: at(1, WEB),
    to: at(0, WEB),
    probe: tcp(8080),
    allowed: false,
    side: 'ingress',
  },
  { feature: 'ipBlock on a named port', from: 'internet', to: at(0, WEB), probe: tcp(8080), allowed: true },
];
