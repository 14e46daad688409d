import { InputError } from './errors';
import { isProtocol, type ContainerPort, type Endpoint, type SourceRef, type WorkloadKind } from './types';

type Json = Record<string, unknown>;

/** Where each workload kind keeps the pod template whose labels and ports policies see. */
const TEMPLATE_PATHS: Readonly<Record<Exclude<WorkloadKind, 'Pod'>, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return kind === 'Pod' || Object.prototype.hasOwnProperty.call(TEMPLATE_PATHS, kind);
}

function record(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function dig(object: Json, path: readonly string[]): Json | undefined {
  return path.reduce<Json | undefined>((node, key) => (node ? record(node[key]) : undefined), object);
}

export function stringLabels(value: unknown): Record<string, string> {
  const labels = record(value) ?? {};
  return Object.fromEntries(Object.entries(labels).map(([key, label]) => [key, String(label)]));
}

/** Only `containers` count: policy engines resolve named ports against the app containers. */
function containerPorts(podSpec: Json | undefined): ContainerPort[] {
  return list(podSpec?.containers).flatMap((container) =>
    list(record(container)?.ports).flatMap((raw) => {
      const port = record(raw);
      if (!port || typeof port.containerPort !== 'number') return [];
      const protocol = port.protocol ?? 'TCP';
      if (!isProtocol(protocol)) return [];
      return [
        { name: typeof port.name === 'string' ? port.name : undefined, port: port.containerPort, protocol },
      ];
    }),
  );
}

function podIps(status: Json | undefined): string[] {
  const ips = list(status?.podIPs).map((entry) => record(entry)?.ip);
  const all = [status?.podIP, ...ips].filter((ip): ip is string => typeof ip === 'string' && ip !== '');
  return [...new Set(all)];
}

function objectNamespace(metadata: Json | undefined): string {
  const namespace = metadata?.namespace;
  return typeof namespace === 'string' && namespace !== '' ? namespace : 'default';
}

/** The endpoint a Pod or a workload's pod template stands for, named `namespace/name`. */
export function workloadEndpoint(object: Json, kind: WorkloadKind, source?: SourceRef): Endpoint {
  const metadata = record(object.metadata);
  const name = metadata?.name;
  if (typeof name !== 'string' || name === '') throw new InputError(source, `${kind} without metadata.name`);
  const namespace = objectNamespace(metadata);
  const template = kind === 'Pod' ? object : dig(object, TEMPLATE_PATHS[kind]);
  if (!template) {
    const path = TEMPLATE_PATHS[kind as Exclude<WorkloadKind, 'Pod'>].join('.');
    throw new InputError(source, `${kind} ${namespace}/${name} has no pod template at ${path}`);
  }
  return {
    id: `${namespace}/${name}`,
    kind,
    name,
    namespace,
    labels: stringLabels(record(template.metadata)?.labels),
    ips: kind === 'Pod' ? podIps(record(object.status)) : [],
    ports: containerPorts(record(template.spec)),
    source,
  };
}
