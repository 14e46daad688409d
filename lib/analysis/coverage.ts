import type { Resolution } from './resolution';

/** Workloads that no policy isolates, per direction: the guide's "cover every pod". */
export interface Coverage {
  uncovered: { ingress: string[]; egress: string[] };
}

export function computeCoverage(res: Resolution): Coverage {
  const uncovered = (direction: 'ingress' | 'egress'): string[] =>
    res.endpoints
      .filter(
        (endpoint, id) => endpoint.namespace !== undefined && res.isolatedBy[direction][id].length === 0,
      )
      .map((endpoint) => endpoint.id);
  return { uncovered: { ingress: uncovered('ingress'), egress: uncovered('egress') } };
}
