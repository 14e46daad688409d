import { PROTOCOLS, isProtocol, type Probe, type Protocol } from './types';

/** An inclusive range of port numbers, `[first, last]`. */
export type PortRange = readonly [number, number];

/** The JSON form of a port set: a protocol absent from the object allows nothing. */
export type PortSetJson = Partial<Record<Protocol, Array<[number, number]>>>;

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

type Ranges = ReadonlyMap<Protocol, readonly PortRange[]>;

/** Sorts, checks and merges ranges, so that equal sets always have the same representation. */
function normalize(ranges: readonly PortRange[]): PortRange[] {
  for (const [first, last] of ranges) {
    if (!Number.isInteger(first) || !Number.isInteger(last) || first < MIN_PORT || last > MAX_PORT) {
      throw new RangeError(`port range [${first}, ${last}] is outside ${MIN_PORT}-${MAX_PORT}`);
    }
    if (first > last) throw new RangeError(`port range [${first}, ${last}] ends before it starts`);
  }
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const [first, last] of sorted) {
    const previous = merged[merged.length - 1];
    // Adjacent ranges merge too: 1-79 and 80-80 are 1-80.
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else merged.push([first, last]);
  }
  return merged;
}

function intersectRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  const result: PortRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const first = Math.max(a[i][0], b[j][0]);
    const last = Math.min(a[i][1], b[j][1]);
    if (first <= last) result.push([first, last]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return result;
}

function complementRanges(ranges: readonly PortRange[]): PortRange[] {
  const result: PortRange[] = [];
  let next = MIN_PORT;
  for (const [first, last] of ranges) {
    if (first > next) result.push([next, first - 1]);
    next = last + 1;
  }
  if (next <= MAX_PORT) result.push([next, MAX_PORT]);
  return result;
}

const isFullRange = (ranges: readonly PortRange[] | undefined): boolean =>
  ranges !== undefined && ranges.length === 1 && ranges[0][0] === MIN_PORT && ranges[0][1] === MAX_PORT;

const formatRange = ([first, last]: PortRange): string => (first === last ? `${first}` : `${first}-${last}`);

/**
 * The connections allowed between two endpoints: per protocol, a set of ports kept as sorted, merged, inclusive
 * ranges. Immutable; every operation returns a new set. This is the one connectivity value shared by `reach`,
 * `diff` and every output format.
 */
export class PortSet {
  private constructor(private readonly ranges: Ranges) {}

  static empty(): PortSet {
    return new PortSet(new Map());
  }

  /** Every port of every protocol: what an endpoint that no policy isolates allows. */
  static all(): PortSet {
    return new PortSet(new Map(PROTOCOLS.map((protocol) => [protocol, [[MIN_PORT, MAX_PORT]]])));
  }

  /** Ranges of one protocol, in any order, overlapping or not. */
  static of(protocol: Protocol, ranges: readonly PortRange[]): PortSet {
    const merged = normalize(ranges);
    return new PortSet(merged.length === 0 ? new Map() : new Map([[protocol, merged]]));
  }

  static ofProbe({ protocol, port }: Probe): PortSet {
    return PortSet.of(protocol, [[port, port]]);
  }

  /** Reads the JSON form back; anything else (unknown protocol, bad range) is refused with what is wrong. */
  static fromJson(json: unknown): PortSet {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new TypeError('a port set must be an object of protocol: [[first, last], ...]');
    }
    let set = PortSet.empty();
    for (const [protocol, ranges] of Object.entries(json)) {
      if (!isProtocol(protocol)) {
        throw new TypeError(`unknown protocol "${protocol}", not one of ${PROTOCOLS.join(', ')}`);
      }
      const isRange = (range: unknown): range is [number, number] =>
        Array.isArray(range) && range.length === 2 && range.every((port) => typeof port === 'number');
      if (!Array.isArray(ranges) || !ranges.every(isRange)) {
        throw new TypeError(`${protocol}: expected a list of [first, last] port ranges`);
      }
      set = set.union(PortSet.of(protocol, ranges));
    }
    return set;
  }

  /** The sorted, merged ranges of one protocol (empty when it allows nothing). */
  rangesOf(protocol: Protocol): readonly PortRange[] {
    return this.ranges.get(protocol) ?? [];
  }

  /** The protocols with at least one port, in PROTOCOLS order. */
  protocols(): Protocol[] {
    return PROTOCOLS.filter((protocol) => this.ranges.has(protocol));
  }

  has({ protocol, port }: Probe): boolean {
    return this.rangesOf(protocol).some(([first, last]) => port >= first && port <= last);
  }

  isEmpty(): boolean {
    return this.ranges.size === 0;
  }

  isAll(): boolean {
    return PROTOCOLS.every((protocol) => isFullRange(this.ranges.get(protocol)));
  }

  /** How many (protocol, port) pairs the set holds. */
  size(): number {
    let count = 0;
    for (const ranges of this.ranges.values()) for (const [first, last] of ranges) count += last - first + 1;
    return count;
  }

  union(other: PortSet): PortSet {
    return this.combine(other, (a, b) => normalize([...a, ...b]));
  }

  intersect(other: PortSet): PortSet {
    return this.combine(other, intersectRanges);
  }

  /** The ports of this set that `other` does not hold. */
  minus(other: PortSet): PortSet {
    return this.intersect(other.complement());
  }

  complement(): PortSet {
    return PortSet.fromEntries(
      PROTOCOLS.map((protocol) => [protocol, complementRanges(this.rangesOf(protocol))]),
    );
  }

  equals(other: PortSet): boolean {
    return PROTOCOLS.every((protocol) => {
      const a = this.rangesOf(protocol);
      const b = other.rangesOf(protocol);
      return a.length === b.length && a.every((range, i) => range[0] === b[i][0] && range[1] === b[i][1]);
    });
  }

  /** `{"TCP":[[8080,8080]],"UDP":[[53,53]]}`: protocols in PROTOCOLS order, absent when they allow nothing. */
  toJSON(): PortSetJson {
    const json: PortSetJson = {};
    for (const protocol of this.protocols()) {
      json[protocol] = this.rangesOf(protocol).map(([first, last]): [number, number] => [first, last]);
    }
    return json;
  }

  /**
   * What a reviewer reads: `All connections`, `TCP 8080`, `TCP 1-79,81-65535; UDP 53`, `SCTP all ports`,
   * `No connections`.
   */
  toString(): string {
    if (this.isAll()) return 'All connections';
    if (this.isEmpty()) return 'No connections';
    return this.protocols()
      .map((protocol) => {
        const ranges = this.rangesOf(protocol);
        return isFullRange(ranges)
          ? `${protocol} all ports`
          : `${protocol} ${ranges.map(formatRange).join(',')}`;
      })
      .join('; ');
  }

  private combine(
    other: PortSet,
    operation: (a: readonly PortRange[], b: readonly PortRange[]) => PortRange[],
  ): PortSet {
    return PortSet.fromEntries(
      PROTOCOLS.map((protocol) => [protocol, operation(this.rangesOf(protocol), other.rangesOf(protocol))]),
    );
  }

  private static fromEntries(entries: Array<[Protocol, PortRange[]]>): PortSet {
    return new PortSet(new Map(entries.filter(([, ranges]) => ranges.length > 0)));
  }
}
