import type { Endpoint } from './types';
import { isRecord } from './types';

/** An entry of `metadata.ownerReferences`: the controller (or other owner) that created the object. */
export interface OwnerReference {
  kind: string;
  name: string;
  uid?: string;
  controller: boolean;
}

/** What an endpoint's metadata says about who owns it. */
export interface Ownership {
  uid?: string;
  owners: readonly OwnerReference[];
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export function ownershipOf(metadata: unknown): Ownership {
  if (!isRecord(metadata)) return { owners: [] };
  const references = Array.isArray(metadata.ownerReferences) ? metadata.ownerReferences : [];
  const owners = references.flatMap((reference): OwnerReference[] => {
    if (!isRecord(reference)) return [];
    const [kind, name] = [text(reference.kind), text(reference.name)];
    if (!kind || !name) return [];
    return [{ kind, name, uid: text(reference.uid), controller: reference.controller === true }];
  });
  // The controller first: it is the one that made the object (a Pod may have other, non-controller owners).
  owners.sort((a, b) => Number(b.controller) - Number(a.controller));
  return { uid: text(metadata.uid), owners };
}

export interface Collapsed {
  endpoints: Endpoint[];
  /** How many endpoints were folded into an owner present in the same input. */
  collapsed: number;
  /** The id of each folded endpoint, and the id of the owner it was folded into. */
  foldedInto: Map<string, string>;
}

/**
 * Folds every workload whose owner (by `ownerReferences`, in the same namespace) is also in the input into that
 * owner, following chains (Pod -> ReplicaSet -> Deployment, Pod -> Job -> CronJob), so a `kubectl get all` dump
 * shows each app once. The owner keeps its pod template's labels and ports, and gains the pod IPs of what it
 * absorbs, which ipBlock peers match. An owner matches by uid when both sides have one, else by kind and name.
 */
export function collapseOwned(
  endpoints: readonly Endpoint[],
  ownership: ReadonlyMap<Endpoint, Ownership>,
): Collapsed {
  const byKey = new Map(endpoints.map((endpoint) => [`${endpoint.kind}/${endpoint.id}`, endpoint]));
  const byUid = new Map<string, Endpoint>();
  for (const [endpoint, { uid }] of ownership) if (uid) byUid.set(uid, endpoint);

  const parentOf = (endpoint: Endpoint): Endpoint | undefined => {
    for (const owner of ownership.get(endpoint)?.owners ?? []) {
      const byName = byKey.get(`${owner.kind}/${endpoint.namespace}/${owner.name}`);
      const nameUid = byName && ownership.get(byName)?.uid;
      const candidate =
        (owner.uid && byUid.get(owner.uid)) ||
        (owner.uid && nameUid && nameUid !== owner.uid ? undefined : byName);
      if (candidate && candidate !== endpoint && candidate.namespace === endpoint.namespace) return candidate;
    }
    return undefined;
  };

  const topOf = new Map<Endpoint, Endpoint>();
  const resolveTop = (endpoint: Endpoint): Endpoint => {
    const known = topOf.get(endpoint);
    if (known) return known;
    const chain = [endpoint];
    let current = endpoint;
    for (let parent = parentOf(current); parent && !chain.includes(parent); parent = parentOf(current)) {
      const cached = topOf.get(parent);
      current = cached ?? parent;
      chain.push(parent);
      if (cached) break;
    }
    for (const member of chain) topOf.set(member, current);
    return current;
  };

  const absorbed = new Map<Endpoint, string[]>();
  const foldedInto = new Map<string, string>();
  for (const endpoint of endpoints) {
    const top = resolveTop(endpoint);
    if (top === endpoint) continue;
    foldedInto.set(endpoint.id, top.id);
    absorbed.set(top, [...(absorbed.get(top) ?? []), ...endpoint.ips]);
  }
  const kept = endpoints
    .filter((endpoint) => resolveTop(endpoint) === endpoint)
    .map((endpoint) => {
      const ips = absorbed.get(endpoint);
      return ips && ips.length > 0 ? { ...endpoint, ips: [...new Set([...endpoint.ips, ...ips])] } : endpoint;
    });
  return { endpoints: kept, collapsed: foldedInto.size, foldedInto };
}
