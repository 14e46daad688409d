import { ClusterModel, type ExternalEndpoint, type Probe, type Protocol } from '../../lib/analysis';

/** Builders for in-memory manifests, so each test states only what its rule needs. */
export type Json = Record<string, unknown>;

export const tcp = (port: number): Probe => ({ protocol: 'TCP', port });
export const udp = (port: number): Probe => ({ protocol: 'UDP', port });
export const sctp = (port: number): Probe => ({ protocol: 'SCTP', port });

export function namespace(name: string, labels: Record<string, string> = {}): Json {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

interface PodOptions {
  ip?: string;
  ports?: Array<{ name?: string; containerPort: number; protocol?: Protocol }>;
}

export function pod(
  ns: string,
  name: string,
  labels: Record<string, string>,
  options: PodOptions = {},
): Json {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace: ns, name, labels },
    spec: { containers: [{ name: 'main', image: 'app', ports: options.ports ?? [] }] },
    ...(options.ip ? { status: { podIP: options.ip } } : {}),
  };
}

/** A Deployment: an endpoint without an IP that stands for all its replicas. */
export function deployment(ns: string, name: string, labels: Record<string, string>): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { namespace: ns, name },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: 'app' }] } },
    },
  };
}

export function policy(ns: string, name: string, spec: Json): Json {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { namespace: ns, name },
    spec,
  };
}

export const match = (labels: Record<string, string>): Json => ({ matchLabels: labels });

/**
 * The upstream e2e model (test/e2e/network/netpol): namespaces x, y, z, each with pods a, b, c that
 * serve 80 and 81 on TCP, UDP and SCTP behind ports named serve-80-tcp, serve-81-udp, ...
 */
export const E2E_NAMESPACES = ['x', 'y', 'z'];
export const E2E_PODS = ['a', 'b', 'c'];

export function e2ePodIp(ns: string, podName: string): string {
  return `192.168.${E2E_NAMESPACES.indexOf(ns) + 1}.${E2E_PODS.indexOf(podName) + 10}`;
}

export function e2eCluster(labelOverrides: Record<string, Record<string, string>> = {}): Json[] {
  const ports = [80, 81].flatMap((port) =>
    (['TCP', 'UDP', 'SCTP'] as const).map((protocol) => ({
      name: `serve-${port}-${protocol.toLowerCase()}`,
      containerPort: port,
      protocol,
    })),
  );
  return E2E_NAMESPACES.flatMap((ns) => [
    namespace(ns, { ns }),
    ...E2E_PODS.map((name) =>
      pod(ns, name, labelOverrides[`${ns}/${name}`] ?? { pod: name }, { ip: e2ePodIp(ns, name), ports }),
    ),
  ]);
}

export function model(objects: unknown[], externals: ExternalEndpoint[] = []): ClusterModel {
  return ClusterModel.fromObjects(objects, { externals });
}

/** A ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2). */
export function clusterPolicy(
  name: string,
  tier: 'Admin' | 'Baseline',
  priority: number,
  subject: Json,
  rules: { ingress?: Json[]; egress?: Json[] } = {},
): Json {
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name },
    spec: { tier, priority, subject, ...rules },
  };
}

/**
 * The upstream conformance model of network-policy-api (conformance/base/manifests.yaml at v0.2.0): five
 * namespaces labelled conformance-house, each with a StatefulSet of two pods serving TCP 80 ("web"), 8080,
 * UDP 53 ("dns"), 5353 and SCTP 9003, 9005. Pods are listed as `<house>/<statefulset>-<n>`.
 */
export const HOUSES: Record<string, string> = {
  gryffindor: 'harry-potter',
  slytherin: 'draco-malfoy',
  hufflepuff: 'cedric-diggory',
  ravenclaw: 'luna-lovegood',
};

export const housePod = (house: string, replica = 0): string =>
  `network-policy-conformance-${house}/${HOUSES[house]}-${replica}`;

export function houseIp(house: string, replica = 0): string {
  return `10.244.${Object.keys(HOUSES).indexOf(house) + 1}.${replica + 10}`;
}

export function conformanceCluster(): Json[] {
  const ports = [
    { name: 'web', containerPort: 80, protocol: 'TCP' as const },
    { containerPort: 8080, protocol: 'TCP' as const },
    { name: 'dns', containerPort: 53, protocol: 'UDP' as const },
    { containerPort: 5353, protocol: 'UDP' as const },
    { containerPort: 9003, protocol: 'SCTP' as const },
    { containerPort: 9005, protocol: 'SCTP' as const },
  ];
  return Object.entries(HOUSES).flatMap(([house, set]) => {
    const ns = `network-policy-conformance-${house}`;
    return [
      namespace(ns, { 'conformance-house': house }),
      ...[0, 1].map((replica) =>
        pod(ns, `${set}-${replica}`, { 'conformance-house': house }, { ip: houseIp(house, replica), ports }),
      ),
    ];
  });
}

/** `kubernetes.io/metadata.name` of a conformance house, as the upstream policies select it. */
export const houseNamespace = (house: string): Json => ({
  matchLabels: { 'kubernetes.io/metadata.name': `network-policy-conformance-${house}` },
});
