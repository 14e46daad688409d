import type { Pair } from './reach';
import { compareStrings, type Probe } from './types';

/** The flows a change opens (`added`) and closes (`removed`) for one probe, both sorted. */
export interface ProbeDiff extends Probe {
  added: Pair[];
  removed: Pair[];
}

const comparePairs = (a: Pair, b: Pair): number => compareStrings(a[0], b[0]) || compareStrings(a[1], b[1]);

/** Both inputs are sorted reach results (by source, then destination): one merge walk finds both differences. */
export function diffPairs(probe: Probe, before: readonly Pair[], after: readonly Pair[]): ProbeDiff {
  const added: Pair[] = [];
  const removed: Pair[] = [];
  let [b, a] = [0, 0];
  while (b < before.length || a < after.length) {
    const order = b === before.length ? 1 : a === after.length ? -1 : comparePairs(before[b], after[a]);
    if (order < 0) removed.push(before[b++]);
    else if (order > 0) added.push(after[a++]);
    else [b, a] = [b + 1, a + 1];
  }
  return { protocol: probe.protocol, port: probe.port, added, removed };
}
