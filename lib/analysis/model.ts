import { computeCoverage, type Coverage } from './coverage';
import { describeSource, InputError } from './errors';
import { explainFlow, type Explanation } from './explain';
import { isValidAddress } from './ip-block';
import { takeInventory, type Inventory, type InventoryOptions } from './inventory';
import { manifestsFromObjects, type InputItem } from './manifests';
import { lintPolicies } from './lint';
import type { LintReport } from './lint-rules';
import { computeConnections } from './connectivity';
import { computeExposure, type ExposureOptions, type PotentialPeer } from './exposure';
import type { Connection } from './connection';
import { computeReach, type Pair, type PairFocus } from './reach';
import { resolve, type Resolution } from './resolution';
import type { SkippedObject } from './skipped';
import {
  NAMESPACE_NAME_LABEL,
  compareStrings,
  type Endpoint,
  type ExternalEndpoint,
  type Labels,
  type Probe,
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

export interface ModelOptions extends InventoryOptions {
  /**
   * Addresses outside the cluster, such as `{ name: 'internet', ip: '203.0.113.10' }`.
   * @default - none
   */
  externals?: readonly ExternalEndpoint[];
}

/** What the input held beyond the model: objects netpol does not evaluate, and workloads folded into owners. */
export interface InputReport {
  skipped: readonly SkippedObject[];
  /** Pods, ReplicaSets and Jobs folded into their owner (`ModelOptions.collapseOwned`). */
  collapsed: number;
  /** The id of each folded workload, and the id of the owner it was folded into. */
  foldedInto: ReadonlyMap<string, string>;
  /** Workloads in the model (externals not counted). */
  workloads: number;
}

const EXTERNAL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

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
  private constructor(
    readonly resolution: Resolution,
    readonly input: InputReport,
  ) {}

  /** Objects as parsed from manifests (Namespaces, workloads, NetworkPolicies, ClusterNetworkPolicies; other kinds are listed in `input.skipped`). */
  static fromObjects(objects: readonly unknown[], options: ModelOptions = {}): ClusterModel {
    return ClusterModel.fromManifests(manifestsFromObjects(objects), options);
  }

  /**
   * Manifests with their source, as `readInputs` yields them (so errors name file and document). Each object is
   * read once as it comes, so a lazy iterable lets every parsed document go once its endpoints and policies are out.
   */
  static fromManifests(manifests: Iterable<InputItem>, options: ModelOptions = {}): ClusterModel {
    const inventory = takeInventory(manifests, options);
    const { skipped, foldedInto } = inventory;
    const workloads = inventory.endpoints.length;
    inventory.endpoints.push(...(options.externals ?? []).map(externalEndpoint));
    const endpoints = sortUnique(inventory.endpoints);
    return new ClusterModel(
      resolve(endpoints, namespaceLabels(inventory), inventory.policies, inventory.clusterPolicies),
      { skipped, collapsed: foldedInto.size, foldedInto, workloads },
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
      const owner = this.input.foldedInto.get(id);
      const fix = owner
        ? `it was folded into ${owner}, which owns it: use that, or keep it apart (collapseOwned false, --no-collapse)`
        : 'use namespace/name of a workload or an --external name';
      throw new InputError(undefined, `unknown endpoint "${id}": ${fix}`);
    }
    return index;
  }
}
