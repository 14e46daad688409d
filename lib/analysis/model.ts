import { computeCoverage, type Coverage } from './coverage';
import { describeSource, InputError } from './errors';
import { explainFlow, type Explanation } from './explain';
import { isValidAddress } from './ip-block';
import { manifestsFromObjects, type Manifest } from './manifests';
import { PolicyParser, type PolicySpec } from './policy';
import { lintPolicies } from './lint';
import type { LintReport } from './lint-rules';
import { computeConnections } from './connectivity';
import { computeExposure, type ExposureOptions, type PotentialPeer } from './exposure';
import type { Connection } from './connection';
import { computeReach, type Pair, type PairFocus } from './reach';
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

/**
 * Which flows to list (`reach`, `connections`): those from a source that passes `from`, to a destination that
 * passes `to`, with at least one endpoint that passes `either`. An absent filter keeps everything.
 */
export interface Focus {
  from?(endpoint: Endpoint): boolean;
  to?(endpoint: Endpoint): boolean;
  either?(endpoint: Endpoint): boolean;
}

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

function takeInventory(manifests: readonly Manifest[]): Inventory {
  const inventory: Inventory = { endpoints: [], policies: [], declaredNamespaces: new Map() };
  const policies = new PolicyParser();
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
 * The cluster as the manifests describe it, with networking.k8s.io/v1 semantics: the one evaluator
 * behind the intent tests and the `netpol` CLI.
 */
export class ClusterModel {
  private constructor(readonly resolution: Resolution) {}

  /** Objects as parsed from manifests (Namespaces, workloads, NetworkPolicies; other kinds are ignored). */
  static fromObjects(objects: readonly unknown[], options: ModelOptions = {}): ClusterModel {
    return ClusterModel.fromManifests(manifestsFromObjects(objects), options);
  }

  /** Manifests with their source, as `loadManifestDir` returns them, so errors name file and document. */
  static fromManifests(manifests: readonly Manifest[], options: ModelOptions = {}): ClusterModel {
    const inventory = takeInventory(manifests);
    inventory.endpoints.push(...(options.externals ?? []).map(externalEndpoint));
    const endpoints = sortUnique(inventory.endpoints);
    return new ClusterModel(resolve(endpoints, namespaceLabels(inventory), inventory.policies));
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
  reach(probe: Probe, focus?: Focus): Pair[] {
    return computeReach(this.resolution, probe, this.pairFocus(focus));
  }

  /**
   * Every ordered pair that allows anything, with exactly the ports and protocols it allows, sorted by source then
   * destination: what `reach` answers for every probe at once.
   */
  connections(focus?: Focus): Connection[] {
    return computeConnections(this.resolution, this.pairFocus(focus));
  }

  /** What the policies admit beyond the input's workloads: potential peers a reviewer should see. */
  exposure(options?: ExposureOptions): PotentialPeer[] {
    return computeExposure(this.resolution, options);
  }

  coverage(): Coverage {
    return computeCoverage(this.resolution);
  }

  /** Review findings: open ones, and those a policy acknowledges with a reason. */
  lint(): LintReport {
    return lintPolicies(this.resolution);
  }

  private pairFocus(focus: Focus = {}): PairFocus | undefined {
    const { from, to, either } = focus;
    if (!from && !to && !either) return undefined;
    const passes = (test: ((endpoint: Endpoint) => boolean) | undefined) =>
      test && this.resolution.endpoints.map((endpoint) => test(endpoint));
    // Each filter once per endpoint, not once per pair: patterns are costly and pairs many.
    const [fromPasses, toPasses, eitherPasses] = [passes(from), passes(to), passes(either)];
    return {
      source: fromPasses && ((s) => fromPasses[s]),
      pair: (s, d) => (!toPasses || toPasses[d]) && (!eitherPasses || eitherPasses[s] || eitherPasses[d]),
    };
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
