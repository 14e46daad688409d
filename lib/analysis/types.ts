import type { Protocol } from '../kubernetes';

export { NAMESPACE_NAME_LABEL, PROTOCOLS, isProtocol, type Protocol } from '../kubernetes';

/** One connection attempt to check: a protocol and a destination port. */
export interface Probe {
  protocol: Protocol;
  port: number;
}

/** An address outside the cluster (`--external NAME=IP`): never selected by a policy, matched only by ipBlock. */
export interface ExternalEndpoint {
  name: string;
  ip: string;
}

export type Labels = Readonly<Record<string, string>>;

/** A YAML/JSON mapping, as opposed to a list, a scalar or null. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A port a container declares; named ports in policies resolve against these on the destination. */
export interface ContainerPort {
  name?: string;
  port: number;
  protocol: Protocol;
}

/** Where an object came from, so every error can name the file and the document. */
export interface SourceRef {
  file?: string;
  /** 0-based index of the YAML document in the file (or of the object in a `fromObjects` array). */
  index?: number;
  /** 0-based index inside a `kind: List` document. */
  item?: number;
}

export type WorkloadKind =
  | 'Pod'
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'ReplicaSet'
  | 'ReplicationController'
  | 'Job'
  | 'CronJob';

/** Something that sends or receives traffic: a Pod, a workload's pod template, or an external address. */
export interface Endpoint {
  /** `namespace/name` for workloads, the bare name for externals. */
  id: string;
  kind: WorkloadKind | 'External';
  name: string;
  /** Undefined for externals, which live outside every namespace. */
  namespace?: string;
  labels: Labels;
  /** Addresses an ipBlock peer can match: `status.podIP(s)` of Pods, the address of an external. */
  ips: readonly string[];
  ports: readonly ContainerPort[];
  /**
   * A pod on its node's network (`spec.hostNetwork`). Policies see its traffic as the node's: the most common
   * implementation (Calico among them) never selects such a pod, by podSelector or as a peer; only ipBlock
   * matches its IP. See "NetworkPolicy and hostNetwork pods" in the Kubernetes documentation.
   */
  hostNetwork: boolean;
  source?: SourceRef;
}

/** Workload ids are `namespace/name`; an external's name cannot contain '/', so its id never does. */
export function isExternalId(id: string): boolean {
  return !id.includes('/');
}

export function formatProbe(probe: Probe): string {
  return `${probe.protocol}/${probe.port}`;
}

/** Code-unit order, the one order used for every sorted output (endpoint ids, pairs, findings). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
