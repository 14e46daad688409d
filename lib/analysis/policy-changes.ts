import type { ClusterModel } from './model';
import type { ClusterPolicySpec } from './cluster-policy';
import type { PolicySpec } from './policy';
import { compareStrings } from './types';

/**
 * The policies a change adds, removes or edits (spec or acknowledgements): NetworkPolicies by `namespace/name`,
 * ClusterNetworkPolicies by `ClusterNetworkPolicy/name`, sorted.
 */
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

type FingerprintedSpec = Pick<PolicySpec | ClusterPolicySpec, 'id' | 'writtenSpec' | 'acknowledgements'>;

/** What a reviewer would call the policy: its spec and its acknowledgements; a duplicate id keeps the last. */
function fingerprints(model: ClusterModel): Map<string, string> {
  const fingerprint = ({ id, writtenSpec, acknowledgements }: FingerprintedSpec): [string, string] => [
    id,
    canonical({ spec: writtenSpec, acknowledgements: [...acknowledgements].sort() }),
  ];
  const { policies, cluster } = model.resolution;
  return new Map([
    ...policies.map(({ spec }) => fingerprint(spec)),
    ...cluster.policies.map(({ spec }) => fingerprint(spec)),
  ]);
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
