import { CLUSTER_NETWORK_POLICY_API_VERSION } from '../kubernetes';
import { ClusterPolicyParser, type ClusterPolicySpec } from './cluster-policy';
import { computeCoverage, type Coverage } from './coverage';
import { describeSource, InputError } from './errors';
import { explainFlow, type Explanation } from './explain';
import { isValidAddress } from './ip-block';
import { manifestsFromObjects, type Manifest } from './manifests';
import { PolicyParser, type PolicySpec } from './policy';
import { lintPolicies } from './lint';
import type { LintReport } from './lint-rules';
import { computeReach, type Pair } from './reach';
import { resolve, type Resolution } from './resolution';
import { checkedLabels, isWorkloadKind, workloadEndpoint } from './workloads';
import {
  NAMESPACE_NAME_LABEL,
  compareStrings,
  isRecord,
  type Endpoint,
  type ExternalEndpoint,
  type Labels,
  type Probe,
  type SourceRef,
} from './types';

export interface ModelOptions {
  /**
   * Addresses outside the cluster, such as `{ name: 'internet', ip: '203.0.113.10' }`.
   * @default - none
   */
  externals?: readonly ExternalEndpoint[];
}

const EXTERNAL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

type Json = Record<string, unknown>;

interface Inventory {
  endpoints: Endpoint[];
  policies: PolicySpec[];
  clusterPolicies: ClusterPolicySpec[];
  declaredNamespaces: Map<string, Labels>;
}

function shapeOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

function asObject(manifest: Manifest): Json {
  const { object, source } = manifest;
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
  return object;
}

/**
 * Calico's own `NetworkPolicy` (projectcalico.org) shares the kind; only networking.k8s.io/v1 is
 * modelled, and an older networking.k8s.io version is refused rather than silently ignored.
 */
function isKubernetesNetworkPolicy(object: Json, source: SourceRef): boolean {
  const apiVersion = object.apiVersion;
  if (apiVersion === undefined || apiVersion === 'networking.k8s.io/v1') return true;
  if (typeof apiVersion === 'string' && apiVersion.startsWith('networking.k8s.io/')) {
    throw new InputError(
      source,
      `NetworkPolicy apiVersion ${apiVersion} is not supported, use networking.k8s.io/v1`,
    );
  }
  return false;
}

/** Only the version this analyzer implements; another one is refused, not read with the wrong semantics. */
function checkClusterPolicyVersion(object: Json, source: SourceRef): void {
  const apiVersion = object.apiVersion;
  if (apiVersion === undefined || apiVersion === CLUSTER_NETWORK_POLICY_API_VERSION) return;
  throw new InputError(
    source,
    `ClusterNetworkPolicy apiVersion ${String(apiVersion)} is not supported, use ${CLUSTER_NETWORK_POLICY_API_VERSION}`,
  );
}

function takeInventory(manifests: readonly Manifest[]): Inventory {
  const inventory: Inventory = {
    endpoints: [],
    policies: [],
    clusterPolicies: [],
    declaredNamespaces: new Map(),
  };
  const policies = new PolicyParser();
  const clusterPolicies = new ClusterPolicyParser();
  for (const manifest of manifests) {
    const object = asObject(manifest);
    const kind = object.kind as string;
    if (kind === 'Namespace') {
      const metadata = (object.metadata ?? {}) as Json;
      if (typeof metadata.name !== 'string' || !metadata.name) {
        throw new InputError(manifest.source, 'Namespace without metadata.name');
      }
      inventory.declaredNamespaces.set(
        metadata.name,
        checkedLabels(metadata.labels, 'metadata.labels', `Namespace ${metadata.name}`, manifest.source),
      );
    } else if (kind === 'NetworkPolicy') {
      if (isKubernetesNetworkPolicy(object, manifest.source)) {
        inventory.policies.push(policies.parse(object, manifest.source));
      }
    } else if (kind === 'ClusterNetworkPolicy') {
      checkClusterPolicyVersion(object, manifest.source);
      inventory.clusterPolicies.push(clusterPolicies.parse(object, manifest.source));
    } else if (isWorkloadKind(kind)) {
      inventory.endpoints.push(workloadEndpoint(object, kind, manifest.source));
    }
  }
  return inventory;
}

function externalEndpoint({ name, ip }: ExternalEndpoint): Endpoint {
  if (!EXTERNAL_NAME.test(name)) {
    throw new InputError(
      undefined,
      `external endpoint name "${name}" must be letters, digits, '-', '_' or '.'`,
    );
  }
  if (!isValidAddress(ip))
    throw new InputError(undefined, `external endpoint ${name}: "${ip}" is not an IP address`);
  return { id: name, kind: 'External', name, labels: {}, ips: [ip], ports: [], hostNetwork: false };
}

function sortUnique(endpoints: Endpoint[]): Endpoint[] {
  const byId = new Map<string, Endpoint>();
  for (const endpoint of endpoints) {
    const first = byId.get(endpoint.id);
    if (first) {
      const origin =
        first.kind === 'External' ? '--external' : `${first.kind} in ${describeSource(first.source)}`;
      throw new InputError(endpoint.source, `${endpoint.kind} ${endpoint.id} has the same id as ${origin}`);
    }
    byId.set(endpoint.id, endpoint);
  }
  return [...byId.values()].sort((a, b) => compareStrings(a.id, b.id));
}

/** Declared namespaces keep their labels; every namespace, declared or only used, gets metadata.name. */
function namespaceLabels(inventory: Inventory): Map<string, Labels> {
  const names = new Set([
    ...inventory.declaredNamespaces.keys(),
    ...inventory.endpoints.map((endpoint) => endpoint.namespace ?? ''),
    ...inventory.policies.map((policy) => policy.namespace),
  ]);
  names.delete('');
  return new Map(
    [...names]
      .sort(compareStrings)
      .map((name) => [name, { ...inventory.declaredNamespaces.get(name), [NAMESPACE_NAME_LABEL]: name }]),
  );
}

/**
 * The cluster as the manifests describe it, with networking.k8s.io/v1 NetworkPolicy and
 * policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy semantics: the one evaluator behind the intent tests
 * and the `netpol` CLI.
 */
export class ClusterModel {
  private constructor(readonly resolution: Resolution) {}

  /** Objects as parsed from manifests (Namespaces, workloads, NetworkPolicies, ClusterNetworkPolicies; other kinds are ignored). */
  static fromObjects(objects: readonly unknown[], options: ModelOptions = {}): ClusterModel {
    return ClusterModel.fromManifests(manifestsFromObjects(objects), options);
  }

  /** Manifests with their source, as `loadManifestDir` returns them, so errors name file and document. */
  static fromManifests(manifests: readonly Manifest[], options: ModelOptions = {}): ClusterModel {
    const inventory = takeInventory(manifests);
    inventory.endpoints.push(...(options.externals ?? []).map(externalEndpoint));
    const endpoints = sortUnique(inventory.endpoints);
    return new ClusterModel(
      resolve(endpoints, namespaceLabels(inventory), inventory.policies, inventory.clusterPolicies),
    );
  }

  /** The ClusterNetworkPolicies' ids (`ClusterNetworkPolicy/<name>`), Admin then Baseline, in precedence order. */
  clusterPolicies(): string[] {
    return this.resolution.cluster.policies.map((policy) => policy.spec.id);
  }

  /** Sorted ids: `namespace/name` for workloads, the bare name for externals. */
  endpointIds(): string[] {
    return this.resolution.endpoints.map((endpoint) => endpoint.id);
  }

  /** The endpoint with this id; an unknown id is bad input. */
  endpoint(id: string): Endpoint {
    return this.resolution.endpoints[this.indexOf(id)];
  }

  /** True when the source's egress and the destination's ingress both admit the probe. */
  allows(from: string, to: string, probe: Probe): boolean {
    return this.explain(from, to, probe).allowed;
  }

  explain(from: string, to: string, probe: Probe): Explanation {
    return explainFlow(this.resolution, this.indexOf(from), this.indexOf(to), probe);
  }

  /** Every allowed ordered pair for the probe, sorted by source then destination. */
  reach(probe: Probe): Pair[] {
    return computeReach(this.resolution, probe);
  }

  coverage(): Coverage {
    return computeCoverage(this.resolution);
  }

  /** Review findings: open ones, and those a policy acknowledges with a reason. */
  lint(): LintReport {
    return lintPolicies(this.resolution);
  }

  private indexOf(id: string): number {
    const index = this.resolution.indexById.get(id);
    if (index === undefined) {
      throw new InputError(
        undefined,
        `unknown endpoint "${id}": use namespace/name of a workload or an --external name`,
      );
    }
    return index;
  }
}
