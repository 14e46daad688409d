import { DIRECTIONS, type Direction } from './policy';
import type { Resolution } from './resolution';

type PerDirection = { ingress: string[]; egress: string[] };

/**
 * The guide's "cover every pod", per direction. `uncovered`: workloads that neither a NetworkPolicy isolates nor a
 * Baseline ClusterNetworkPolicy with rules for that direction selects. `baselineOnly`: workloads no NetworkPolicy
 * isolates, covered only by the Baseline tier (a cluster-wide default their namespace can override).
 */
export interface Coverage {
  uncovered: PerDirection;
  baselineOnly: PerDirection;
}

export function computeCoverage(res: Resolution): Coverage {
  const coverage: Coverage = {
    uncovered: { ingress: [], egress: [] },
    baselineOnly: { ingress: [], egress: [] },
  };
  res.endpoints.forEach((endpoint, id) => {
    if (endpoint.namespace === undefined) return;
    for (const direction of DIRECTIONS as Direction[]) {
      if (res.isolatedBy[direction][id].length > 0) continue;
      const baseline = res.cluster.applying[direction].Baseline[id].length > 0;
      coverage[baseline ? 'baselineOnly' : 'uncovered'][direction].push(endpoint.id);
    }
  });
  return coverage;
}
