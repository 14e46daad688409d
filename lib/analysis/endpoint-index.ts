import { parseIp, type Address } from '../kubernetes';
import type { IpBlock } from './ip-block';
import type { Peer, PodPeer } from './policy';
import type { Selector } from './selectors';
import type { Endpoint, Labels } from './types';

function push<K>(map: Map<K, number[]>, key: K, id: number): void {
  const ids = map.get(key);
  if (ids) ids.push(id);
  else map.set(key, [id]);
}

const NONE: readonly number[] = [];

/**
 * Resolves selectors to endpoint indexes through inverted indexes (namespace -> endpoints,
 * label key=value -> endpoints, key -> endpoints), so a selector costs the size of its smallest
 * candidate list, not a scan of the cluster. Results are cached: policies repeat the same peers
 * (DNS, same-namespace) over and over.
 */
export class EndpointIndex {
  private readonly byNamespace = new Map<string, number[]>();
  private readonly byLabel = new Map<string, number[]>();
  private readonly byKey = new Map<string, number[]>();
  /** Endpoints with at least one parseable address, and those addresses (unparseable ones never match). */
  private readonly addressesById = new Map<number, Address[]>();
  private readonly cache = new Map<string, readonly number[]>();
  /** Namespaces as [name, labels] in the model's (name) order, and inverted indexes of their labels. */
  private readonly namespaceOrder: ReadonlyArray<readonly [string, Labels]>;
  private readonly namespacesByLabel = new Map<string, number[]>();
  private readonly namespacesByKey = new Map<string, number[]>();
  private readonly namespaceCache = new Map<string, string[]>();

  constructor(
    private readonly endpoints: readonly Endpoint[],
    namespaces: ReadonlyMap<string, Labels>,
  ) {
    this.namespaceOrder = [...namespaces];
    this.namespaceOrder.forEach(([, labels], i) => {
      for (const [key, value] of Object.entries(labels)) {
        push(this.namespacesByLabel, `${key}=${value}`, i);
        push(this.namespacesByKey, key, i);
      }
    });
    endpoints.forEach((endpoint, id) => {
      const addresses = endpoint.ips.map(parseIp).filter((address) => address !== undefined);
      if (addresses.length > 0) this.addressesById.set(id, addresses);
      // Externals have no namespace, and selectors never see hostNetwork pods: only ipBlock matches either.
      if (endpoint.namespace === undefined || endpoint.hostNetwork) return;
      push(this.byNamespace, endpoint.namespace, id);
      for (const [key, value] of Object.entries(endpoint.labels)) {
        push(this.byLabel, `${key}=${value}`, id);
        push(this.byKey, key, id);
      }
    });
  }

  /** Pods of one namespace matched by a policy's podSelector. */
  podsInNamespace(namespace: string, selector: Selector): readonly number[] {
    return this.cached(`ns:${namespace}|${selector.key}`, () => this.selectPods([namespace], selector));
  }

  /** Endpoints a peer matches: pods (namespaceSelector AND podSelector) or addresses (ipBlock). */
  peerMembers(peer: Peer): readonly number[] {
    if (peer.kind === 'ipBlock')
      return this.cached(`ip:${peer.block.key}`, () => this.addressesIn(peer.block));
    const scope = peer.namespaceSelector ? `nss:${peer.namespaceSelector.key}` : `ns:${peer.namespace}`;
    return this.cached(`${scope}|${peer.podSelector?.key ?? '*'}`, () =>
      this.selectPods(this.peerNamespaces(peer), peer.podSelector),
    );
  }

  /** The namespaces a pod peer looks in: those its namespaceSelector matches, else the policy's own. */
  peerNamespaces(peer: PodPeer): string[] {
    return peer.namespaceSelector ? this.namespacesMatching(peer.namespaceSelector) : [peer.namespace];
  }

  /** Namespaces in name order; from the smallest candidate list, like pods, since selectors often name one. */
  namespacesMatching(selector: Selector): string[] {
    let cached = this.namespaceCache.get(selector.key);
    if (!cached) {
      let candidates: readonly number[] = this.namespaceOrder.map((_, i) => i);
      for (const requirement of selector.requirements) {
        const lists =
          requirement.operator === 'In'
            ? [...requirement.values].map(
                (value) => this.namespacesByLabel.get(`${requirement.key}=${value}`) ?? [],
              )
            : requirement.operator === 'Exists'
              ? [this.namespacesByKey.get(requirement.key) ?? []]
              : undefined;
        const size = lists?.reduce((sum, ids) => sum + ids.length, 0) ?? Infinity;
        if (lists && size < candidates.length) candidates = lists.flat().sort((a, b) => a - b);
      }
      cached = candidates
        .filter((i) => selector.matches(this.namespaceOrder[i][1]))
        .map((i) => this.namespaceOrder[i][0]);
      this.namespaceCache.set(selector.key, cached);
    }
    return cached;
  }

  private cached(key: string, compute: () => readonly number[]): readonly number[] {
    let ids = this.cache.get(key);
    if (!ids) {
      ids = compute();
      this.cache.set(key, ids);
    }
    return ids;
  }

  private addressesIn(block: IpBlock): number[] {
    const ids: number[] = [];
    for (const [id, addresses] of this.addressesById) {
      if (addresses.some((address) => block.contains(address))) ids.push(id);
    }
    return ids;
  }

  /** The smallest list that must contain every match: by namespace, or by one positive requirement. */
  private candidates(namespaces: readonly string[], selector: Selector | null): readonly number[][] {
    let best = namespaces.map((namespace) => this.byNamespace.get(namespace) ?? []);
    let bestSize = best.reduce((sum, ids) => sum + ids.length, 0);
    for (const requirement of selector?.requirements ?? []) {
      let lists: number[][];
      if (requirement.operator === 'In') {
        lists = [...requirement.values].map((value) => this.byLabel.get(`${requirement.key}=${value}`) ?? []);
      } else if (requirement.operator === 'Exists') {
        lists = [this.byKey.get(requirement.key) ?? []];
      } else {
        continue;
      }
      const size = lists.reduce((sum, ids) => sum + ids.length, 0);
      if (size < bestSize) [best, bestSize] = [lists, size];
    }
    return best;
  }

  private selectPods(namespaces: readonly string[], selector: Selector | null): readonly number[] {
    if (namespaces.length === 0) return NONE;
    const wanted = new Set(namespaces);
    const matches: number[] = [];
    for (const ids of this.candidates(namespaces, selector)) {
      for (const id of ids) {
        const endpoint = this.endpoints[id];
        if (wanted.has(endpoint.namespace as string) && (!selector || selector.matches(endpoint.labels))) {
          matches.push(id);
        }
      }
    }
    // Candidate lists are each ascending and pairwise disjoint, so one numeric sort restores order.
    return matches.sort((a, b) => a - b);
  }
}
