import type { ClusterModel } from './model';
import type { PolicySpec } from './policy';
import { compareStrings } from './types';

/** The policies a change adds, removes or edits (spec or acknowledgements), by `namespace/name`, sorted. */
export interface PolicyChanges {
  added: string[];
  removed: string[];
  modified: string[];
}

/** JSON with the keys of every object sorted, so that key order in a manifest is not a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => compareStrings(a, b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What a reviewer would call the policy: its spec and its acknowledgements; a duplicate id keeps the last. */
function fingerprints(model: ClusterModel): Map<string, string> {
  const fingerprint = (spec: PolicySpec): string =>
    canonical({ spec: spec.writtenSpec, acknowledgements: [...spec.acknowledgements].sort() });
  return new Map(model.resolution.policies.map(({ spec }) => [spec.id, fingerprint(spec)]));
}

export function policyChanges(before: ClusterModel, after: ClusterModel): PolicyChanges {
  const old = fingerprints(before);
  const now = fingerprints(after);
  const sorted = (ids: Iterable<string>): string[] => [...ids].sort(compareStrings);
  return {
    added: sorted([...now.keys()].filter((id) => !old.has(id))),
    removed: sorted([...old.keys()].filter((id) => !now.has(id))),
    modified: sorted(
      [...now].filter(([id, print]) => old.has(id) && old.get(id) !== print).map(([id]) => id),
    ),
  };
}
