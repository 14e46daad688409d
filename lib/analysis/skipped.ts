import { describeSource } from './errors';
import type { SourceRef } from './types';

/**
 * Why netpol left an object out of the analysis. `policy`: a policy of another engine or API version, whose
 * allows and denies are NOT reflected in the answers; `workload`: something that runs pods netpol does not model;
 * `render-first`: an unrendered Helm chart or kustomization; `other`: a kind that carries no network policy.
 */
export type SkipCategory = 'policy' | 'workload' | 'render-first' | 'other';

/** An object (or a whole file) netpol read but does not evaluate; listed so that nothing is skipped silently. */
export interface SkippedObject {
  /** The object's kind, or what the file is (`Helm template`, `Helm values`, ...). */
  kind: string;
  apiVersion?: string;
  /** `namespace/name` for namespaced objects, the name otherwise; absent for whole files. */
  name?: string;
  category: SkipCategory;
  reason: string;
  source: SourceRef;
}

const CATEGORY_ORDER: readonly SkipCategory[] = ['policy', 'workload', 'render-first', 'other'];

const CATEGORY_TITLES: Readonly<Record<SkipCategory, string>> = {
  policy: 'POLICIES NOT EVALUATED (their allows and denies are not in the answers)',
  workload: 'workloads netpol does not model',
  'render-first': 'files to render first',
  other: 'objects without network policy meaning',
};

function countsByKind(skipped: readonly SkippedObject[]): string {
  const counts = new Map<string, number>();
  for (const object of skipped) {
    const key = object.apiVersion ? `${object.apiVersion} ${object.kind}` : object.kind;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, count]) => `${count} ${key}`)
    .join(', ');
}

/**
 * One line naming what was skipped, by category (the policies first, in capitals, since a deny-all netpol
 * could not read must never pass for "everything allowed"), each with counts by kind.
 */
export function summarizeSkipped(skipped: readonly SkippedObject[], input: string): string | undefined {
  if (skipped.length === 0) return undefined;
  const parts = CATEGORY_ORDER.flatMap((category) => {
    const objects = skipped.filter((object) => object.category === category);
    return objects.length === 0 ? [] : [`${CATEGORY_TITLES[category]}: ${countsByKind(objects)}`];
  });
  return `skipped ${skipped.length} object(s) in ${input}: ${parts.join('; ')}`;
}

/** The first unrendered chart or kustomization, with the command that renders it. */
export function renderFirstHint(skipped: readonly SkippedObject[]): string | undefined {
  const first = skipped.find((object) => object.category === 'render-first');
  return first && `${describeSource(first.source)}: ${first.reason}`;
}
