import { CLUSTER_NETWORK_POLICY_API_VERSION, dnsLabelProblem } from '../kubernetes';
import { ClusterPolicyParser, type ClusterPolicySpec } from './cluster-policy';
import { InputError } from './errors';
import { isManifest, type InputItem, type Manifest } from './manifests';
import { collapseOwned, ownershipOf, type Ownership } from './ownership';
import { PolicyParser, type PolicySpec } from './policy';
import type { SkippedObject } from './skipped';
import { isRecord, type Endpoint, type Labels, type SourceRef, type WorkloadKind } from './types';
import { checkedLabels, workloadEndpoint } from './workloads';

type Json = Record<string, unknown>;

export interface InventoryOptions {
  /**
   * The namespace of namespaced objects that name none, as `kubectl apply -n` gives them.
   * @default 'default'
   */
  namespace?: string;
  /**
   * Fold Pods, ReplicaSets and Jobs into their owner (ownerReferences) when the owner is in the same input.
   * @default true
   */
  collapseOwned?: boolean;
}

/** What the input holds for the analysis, and what it holds that the analysis leaves out. */
export interface Inventory {
  endpoints: Endpoint[];
  policies: PolicySpec[];
  clusterPolicies: ClusterPolicySpec[];
  declaredNamespaces: Map<string, Labels>;
  skipped: SkippedObject[];
  /** Endpoints folded into their owner: the id of each, and its owner's. */
  foldedInto: Map<string, string>;
}

/** Collects what the evaluated kinds extract from each object; the object itself is not kept. */
class InventoryBuilder {
  readonly endpoints: Endpoint[] = [];
  readonly policies: PolicySpec[] = [];
  readonly declaredNamespaces = new Map<string, Labels>();
  readonly skipped: SkippedObject[] = [];
  readonly ownership = new Map<Endpoint, Ownership>();
  readonly policyParser = new PolicyParser();
  readonly clusterPolicies: ClusterPolicySpec[] = [];
  readonly clusterPolicyParser = new ClusterPolicyParser();

  constructor(
    readonly namespace: string,
    readonly collapse: boolean,
  ) {}

  /** A namespaced object that names no namespace lands in the default one, as `kubectl apply -n` puts it. */
  placed(object: Json): Json {
    const metadata = isRecord(object.metadata) ? object.metadata : {};
    if (typeof metadata.namespace === 'string' && metadata.namespace !== '') return object;
    return { ...object, metadata: { ...metadata, namespace: this.namespace } };
  }
}

/** A kind netpol evaluates. `groups` are the API groups it is read from ('' is the core group). */
interface EvaluatedKind {
  kind: string;
  groups: readonly string[];
  read(object: Json, source: SourceRef, inventory: InventoryBuilder): void;
}

function readNamespace(object: Json, source: SourceRef, inventory: InventoryBuilder): void {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  if (typeof metadata.name !== 'string' || !metadata.name) {
    throw new InputError(source, 'Namespace without metadata.name');
  }
  inventory.declaredNamespaces.set(
    metadata.name,
    checkedLabels(metadata.labels, 'metadata.labels', `Namespace ${metadata.name}`, source),
  );
}

/** Only networking.k8s.io/v1 is modelled; another version of that group is refused rather than ignored. */
function readNetworkPolicy(object: Json, source: SourceRef, inventory: InventoryBuilder): void {
  const apiVersion = object.apiVersion;
  if (apiVersion !== undefined && apiVersion !== 'networking.k8s.io/v1') {
    throw new InputError(
      source,
      `NetworkPolicy apiVersion ${String(apiVersion)} is not supported, use networking.k8s.io/v1`,
    );
  }
  inventory.policies.push(inventory.policyParser.parse(inventory.placed(object), source));
}

/**
 * Only policy.networking.k8s.io/v1alpha2 (network-policy-api v0.2.0) is modelled; another version is refused rather
 * than read with the wrong semantics. Cluster-scoped: no namespace is given to it.
 */
function readClusterNetworkPolicy(object: Json, source: SourceRef, inventory: InventoryBuilder): void {
  const apiVersion = object.apiVersion;
  if (apiVersion !== undefined && apiVersion !== CLUSTER_NETWORK_POLICY_API_VERSION) {
    throw new InputError(
      source,
      `ClusterNetworkPolicy apiVersion ${String(apiVersion)} is not supported, use ${CLUSTER_NETWORK_POLICY_API_VERSION}`,
    );
  }
  inventory.clusterPolicies.push(inventory.clusterPolicyParser.parse(object, source));
}

function workload(kind: WorkloadKind, groups: readonly string[]): EvaluatedKind {
  return {
    kind,
    groups,
    read(object, source, inventory) {
      const placed = inventory.placed(object);
      const endpoint = workloadEndpoint(placed, kind, source);
      inventory.endpoints.push(endpoint);
      if (inventory.collapse) inventory.ownership.set(endpoint, ownershipOf(placed.metadata));
    },
  };
}

const APPS = ['apps', 'extensions'];

/**
 * The kinds netpol evaluates: adding one (a cluster-wide policy, say) is one entry here. An object whose kind and
 * group match no entry is skipped and named (see `skippedObject`).
 */
export const EVALUATED_KINDS: readonly EvaluatedKind[] = [
  { kind: 'Namespace', groups: [''], read: readNamespace },
  { kind: 'NetworkPolicy', groups: ['networking.k8s.io'], read: readNetworkPolicy },
  { kind: 'ClusterNetworkPolicy', groups: ['policy.networking.k8s.io'], read: readClusterNetworkPolicy },
  workload('Pod', ['']),
  workload('ReplicationController', ['']),
  workload('Deployment', APPS),
  workload('StatefulSet', APPS),
  workload('DaemonSet', APPS),
  workload('ReplicaSet', APPS),
  workload('Job', ['batch']),
  workload('CronJob', ['batch']),
];

function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** An object without apiVersion (tests, hand-written input) is read as the evaluated kind of that name. */
function evaluatedKind(kind: string, apiVersion: unknown): EvaluatedKind | undefined {
  const group = typeof apiVersion === 'string' ? apiGroup(apiVersion) : undefined;
  return EVALUATED_KINDS.find(
    (entry) => entry.kind === kind && (group === undefined || entry.groups.includes(group)),
  );
}

const POLICY_KIND = /NetworkPolic|^AuthorizationPolicy$|^SecurityGroupPolicy$/;

/** Why a policy kind is not evaluated, by the engine it belongs to. */
function policyReason(kind: string, apiVersion: string): string {
  const group = apiGroup(apiVersion);
  if (group === 'extensions') {
    return `${apiVersion} ${kind} is the API removed in Kubernetes 1.16: convert it to networking.k8s.io/v1`;
  }
  if (group === 'policy.networking.k8s.io') {
    return `${apiVersion} ${kind} is the API that policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy replaced (Calico 3.32 removed it): rewrite it as a ClusterNetworkPolicy`;
  }
  const engine = group.endsWith('projectcalico.org')
    ? 'Calico'
    : group.endsWith('cilium.io')
      ? 'Cilium'
      : group.endsWith('istio.io')
        ? 'Istio'
        : group === 'vpc-resources.k8s.aws'
          ? 'the VPC CNI (security groups for pods)'
          : undefined;
  const whose = engine ? `a ${kind} of ${engine}` : `a ${kind} (${apiVersion || 'no apiVersion'})`;
  return `${whose}: netpol evaluates networking.k8s.io/v1 NetworkPolicy and policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy only, so what it allows or denies is not in the answers`;
}

function hasPodTemplate(object: Json): boolean {
  const spec = isRecord(object.spec) ? object.spec : {};
  const template = isRecord(spec.template)
    ? spec.template
    : isRecord(spec.jobTemplate) && isRecord(spec.jobTemplate.spec)
      ? spec.jobTemplate.spec.template
      : undefined;
  return isRecord(template) && isRecord(template.spec) && Array.isArray(template.spec.containers);
}

/** Kinds that carry no network policy and run no pods of their own: skipped, and named as such. */
const INERT_KINDS = new Set([
  'APIService',
  'ClusterRole',
  'ClusterRoleBinding',
  'ConfigMap',
  'ControllerRevision',
  'CustomResourceDefinition',
  'Endpoints',
  'EndpointSlice',
  'Event',
  'HorizontalPodAutoscaler',
  'Ingress',
  'IngressClass',
  'Lease',
  'LimitRange',
  'MutatingWebhookConfiguration',
  'Node',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'PodDisruptionBudget',
  'PodTemplate',
  'PriorityClass',
  'ResourceQuota',
  'Role',
  'RoleBinding',
  'Secret',
  'Service',
  'ServiceAccount',
  'StorageClass',
  'ValidatingWebhookConfiguration',
]);

function skippedObject(object: Json, kind: string, source: SourceRef): SkippedObject {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : undefined;
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  const named = {
    kind,
    ...(apiVersion ? { apiVersion } : {}),
    ...(name ? { name: namespace ? `${namespace}/${name}` : name } : {}),
    source,
  };
  if (POLICY_KIND.test(kind)) return { ...named, category: 'policy', reason: policyReason(kind, apiVersion) };
  if (hasPodTemplate(object)) {
    return {
      ...named,
      category: 'workload',
      reason: 'it runs pods (it has a pod template) that netpol does not model: they are not endpoints here',
    };
  }
  if (kind === 'Kustomization' || kind === 'Component') {
    return {
      ...named,
      category: 'render-first',
      reason: `a kustomization: render it first (kustomize build <dir> | netpol <command> -)`,
    };
  }
  const reason = INERT_KINDS.has(kind)
    ? 'carries no network policy'
    : 'a kind netpol does not know: check that it does not filter traffic';
  return { ...named, category: 'other', reason };
}

function shapeOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

/** A mapping with neither kind, apiVersion nor metadata is a configuration file, not a broken manifest. */
function isPlainData(object: unknown): boolean {
  return (
    isRecord(object) &&
    object.kind === undefined &&
    object.apiVersion === undefined &&
    object.metadata === undefined
  );
}

/** A document of plain data (a tool's config or output, a list of records): skipped, not read as a broken manifest. */
function isNotAManifest(document: unknown): boolean {
  if (Array.isArray(document)) return document.length > 0 && document.every(isPlainData);
  return isPlainData(document);
}

function kindOf({ object, source }: Manifest): string {
  if (!isRecord(object)) {
    const what = source.item === undefined ? 'document' : 'item';
    throw new InputError(
      source,
      `not a Kubernetes object: the ${what} is ${shapeOf(object)}, not a mapping with a kind`,
    );
  }
  const kind = object.kind;
  if (typeof kind !== 'string' || kind === '') {
    throw new InputError(source, 'not a Kubernetes object: it has no kind');
  }
  return kind;
}

function readManifest(manifest: Manifest, inventory: InventoryBuilder): void {
  const { object, source } = manifest;
  if (source.item === undefined && isNotAManifest(object)) {
    inventory.skipped.push({
      kind: 'not a Kubernetes object',
      category: 'other',
      reason: 'data without kind, apiVersion or metadata (a configuration or output file?)',
      source,
    });
    return;
  }
  const kind = kindOf(manifest);
  const json = object as Json;
  const evaluated = evaluatedKind(kind, json.apiVersion);
  if (evaluated) evaluated.read(json, source, inventory);
  else inventory.skipped.push(skippedObject(json, kind, source));
}

/**
 * Reads what the analysis needs from each object as it comes (endpoints, policies, namespace labels) and lets
 * the object go; objects of other kinds are listed in `skipped`, never dropped silently.
 */
export function takeInventory(items: Iterable<InputItem>, options: InventoryOptions = {}): Inventory {
  const namespace = options.namespace ?? 'default';
  const problem = dnsLabelProblem(namespace);
  if (problem) throw new InputError(undefined, `namespace "${namespace}" ${problem}`);
  const inventory = new InventoryBuilder(namespace, options.collapseOwned ?? true);
  for (const item of items) {
    if (!isManifest(item)) {
      inventory.skipped.push(item);
      continue;
    }
    try {
      readManifest(item, inventory);
    } catch (error) {
      if (!(error instanceof InputError) || !item.renderHint) throw error;
      throw new InputError(error.source, `${error.reason} (${item.renderHint})`);
    }
  }
  const { endpoints, foldedInto } = inventory.collapse
    ? collapseOwned(inventory.endpoints, inventory.ownership)
    : { endpoints: inventory.endpoints, foldedInto: new Map<string, string>() };
  return {
    endpoints,
    policies: inventory.policies,
    clusterPolicies: inventory.clusterPolicies,
    declaredNamespaces: inventory.declaredNamespaces,
    skipped: inventory.skipped,
    foldedInto,
  };
}
