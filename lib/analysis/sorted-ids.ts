/**
 * Sets of endpoint indexes as ascending arrays: a set costs its size, not the cluster's. Selections are shared
 * (the endpoint index caches them by selector), so a rule or a union holds references to them, never copies.
 */
export type SortedIds = readonly number[];

/** Binary search. */
function includesId(ids: SortedIds, id: number): boolean {
  let low = 0;
  let high = ids.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = ids[middle];
    if (value === id) return true;
    if (value < id) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/** True when any of the lists holds `id`. */
export function anyIncludes(lists: readonly SortedIds[], id: number): boolean {
  for (const ids of lists) if (includesId(ids, id)) return true;
  return false;
}

/** The union of sorted lists, ascending and without repeats; one list is returned as it is. */
export function unionOf(lists: readonly SortedIds[]): SortedIds {
  if (lists.length === 1) return lists[0];
  let size = 0;
  for (const ids of lists) size += ids.length;
  const all = new Int32Array(size);
  let at = 0;
  for (const ids of lists) for (const id of ids) all[at++] = id;
  all.sort();
  const unique: number[] = [];
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) unique.push(all[i]);
  return unique;
}
