import { pairKey, type Pair } from './reach';
import type { Probe } from './types';

/** The flows a change opens (`added`) and closes (`removed`) for one probe, both sorted. */
export interface ProbeDiff extends Probe {
  added: Pair[];
  removed: Pair[];
}

/** Both inputs are sorted reach results, and filtering keeps that order. */
export function diffPairs(probe: Probe, before: readonly Pair[], after: readonly Pair[]): ProbeDiff {
  const beforeKeys = new Set(before.map(pairKey));
  const afterKeys = new Set(after.map(pairKey));
  return {
    protocol: probe.protocol,
    port: probe.port,
    added: after.filter((pair) => !beforeKeys.has(pairKey(pair))),
    removed: before.filter((pair) => !afterKeys.has(pairKey(pair))),
  };
}
