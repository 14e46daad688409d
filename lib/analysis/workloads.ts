import { labelKeyProblem, labelValueProblem } from '../kubernetes';
import { InputError } from './errors';
import {
  isProtocol,
  isRecord,
  type ContainerPort,
  type Endpoint,
  type SourceRef,
  type WorkloadKind,
} from './types';

type Json = Record<string, unknown>;

/** Where each workload kind keeps the pod template whose labels and ports policies see. */
const TEMPLATE_PATHS: Readonly<Record<Exclude<WorkloadKind, 'Pod'>, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

function record(value: unknown): Json | undefined {
  return isRecord(value) ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function dig(object: Json, path: readonly string[]): Json | undefined {
  return path.reduce<Json | undefined>((node, key) => (node ? record(node[key]) : undefined), object);
}

/**
 * Labels as the API server accepts them (ValidateLabels): a YAML `version: 1.0` is a number there and refused,
 * so it is refused here too rather than read as the different string "1".
 */
export function checkedLabels(
  value: unknown,
  field: string,
  owner: string,
  source?: SourceRef,
): Record<string, string> {
  if (value === undefined || value === null) return {};
  const labels = record(value);
  if (!labels) throw new InputError(source, `${owner}: ${field} must be a map of label keys to values`);
  for (const [key, label] of Object.entries(labels)) {
    const [keyProblem, valueProblem] = [labelKeyProblem(key), labelValueProblem(label)];
    const problem = keyProblem ? `label key ${keyProblem}` : valueProblem && `label value ${valueProblem}`;
    if (!problem) continue;
    const hint = typeof label === 'string' ? '' : ' (quote it in YAML)';
    throw new InputError(source, `${owner}: ${field}.${key} = ${JSON.stringify(label)}: ${problem}${hint}`);
  }
  return labels as Record<string, string>;
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

/** Where kubectl puts an object whose metadata.namespace is missing or empty: `default`. */
export function objectNamespace(metadata: Json | undefined): string {
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
  const labelsField =
    kind === 'Pod' ? 'metadata.labels' : `${TEMPLATE_PATHS[kind].join('.')}.metadata.labels`;
  const podSpec = record(template.spec);
  const hostNetwork = podSpec?.hostNetwork === true;
  return {
    id: `${namespace}/${name}`,
    kind,
    name,
    namespace,
    labels: checkedLabels(
      record(template.metadata)?.labels,
      labelsField,
      `${kind} ${namespace}/${name}`,
      source,
    ),
    ips: kind === 'Pod' ? podIps(record(object.status)) : [],
    // Without a pod network interface the CNI has no container ports to resolve a named port against.
    ports: hostNetwork ? [] : containerPorts(podSpec),
    hostNetwork,
    source,
  };
}
