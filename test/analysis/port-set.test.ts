import { MAX_PORT, PortSet, PROTOCOLS, type PortRange, type Protocol } from '../../lib/analysis';

const tcp = (...ranges: PortRange[]): PortSet => PortSet.of('TCP', ranges);
const udp = (...ranges: PortRange[]): PortSet => PortSet.of('UDP', ranges);

/** A small reference model: the set as the explicit list of (protocol, port) it holds, on ports 1-200 and the top. */
const SAMPLE_PORTS = [...Array.from({ length: 200 }, (_, i) => i + 1), 65534, MAX_PORT];
function members(set: PortSet): string[] {
  return PROTOCOLS.flatMap((protocol) =>
    SAMPLE_PORTS.filter((port) => set.has({ protocol, port })).map((port) => `${protocol}/${port}`),
  );
}

/** Deterministic pseudo-random sets, so the algebra is checked against the reference on many shapes. */
function randomSet(seed: number): PortSet {
  let state = seed;
  const next = (limit: number): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % limit;
  };
  let set = PortSet.empty();
  for (let i = next(5); i > 0; i--) {
    const protocol = PROTOCOLS[next(3)] as Protocol;
    const first = 1 + next(190);
    set = set.union(PortSet.of(protocol, [[first, first + next(12)]]));
  }
  return next(7) === 0 ? set.union(PortSet.of('SCTP', [[1, MAX_PORT]])) : set;
}

describe('PortSet', () => {
  it('keeps ranges sorted and merged, overlapping and adjacent ones joined', () => {
    expect(tcp([90, 100], [80, 80], [81, 85], [95, 110], [200, 300]).rangesOf('TCP')).toEqual([
      [80, 85],
      [90, 110],
      [200, 300],
    ]);
    expect(tcp([1, 79], [80, 80]).rangesOf('TCP')).toEqual([[1, 80]]);
  });

  it('refuses ranges outside 1-65535 or reversed, saying which', () => {
    expect(() => tcp([0, 10])).toThrow('port range [0, 10] is outside 1-65535');
    expect(() => tcp([1, 65536])).toThrow('outside 1-65535');
    expect(() => tcp([10, 9])).toThrow('port range [10, 9] ends before it starts');
    expect(() => tcp([1.5, 9])).toThrow('outside');
  });

  it('formats as a reviewer reads it', () => {
    expect(tcp([8080, 8080]).toString()).toBe('TCP 8080');
    expect(tcp([1, 79], [81, MAX_PORT]).toString()).toBe('TCP 1-79,81-65535');
    expect(PortSet.all().toString()).toBe('All connections');
    expect(PortSet.empty().toString()).toBe('No connections');
    expect(tcp([1, MAX_PORT]).toString()).toBe('TCP all ports');
    expect(
      udp([53, 53])
        .union(tcp([443, 443], [80, 80]))
        .toString(),
    ).toBe('TCP 80,443; UDP 53');
  });

  it('serializes to the JSON contract and reads it back', () => {
    const set = udp([53, 53]).union(tcp([8080, 8080]));
    expect(JSON.stringify(set)).toBe('{"TCP":[[8080,8080]],"UDP":[[53,53]]}');
    expect(PortSet.fromJson(set.toJSON()).equals(set)).toBe(true);
    expect(JSON.stringify(PortSet.empty())).toBe('{}');
    expect(
      PortSet.fromJson({
        TCP: [
          [81, 90],
          [80, 80],
        ],
      }).rangesOf('TCP'),
    ).toEqual([[80, 90]]);
  });

  it('refuses JSON that does not follow the contract', () => {
    expect(() => PortSet.fromJson({ ICMP: [[1, 1]] })).toThrow('unknown protocol "ICMP"');
    expect(() => PortSet.fromJson({ TCP: [80] })).toThrow('TCP: expected a list of [first, last]');
    expect(() => PortSet.fromJson([])).toThrow('must be an object');
    expect(() => PortSet.fromJson({ TCP: [[0, 1]] })).toThrow('outside');
  });

  it('complements per protocol over 1-65535', () => {
    expect(tcp([80, 80]).complement().toString()).toBe('TCP 1-79,81-65535; UDP all ports; SCTP all ports');
    expect(PortSet.all().complement().isEmpty()).toBe(true);
    expect(PortSet.empty().complement().isAll()).toBe(true);
    expect(tcp([1, 1], [MAX_PORT, MAX_PORT]).complement().rangesOf('TCP')).toEqual([[2, MAX_PORT - 1]]);
  });

  it('counts the (protocol, port) pairs it holds', () => {
    expect(PortSet.all().size()).toBe(3 * MAX_PORT);
    expect(
      tcp([80, 89])
        .union(udp([53, 53]))
        .size(),
    ).toBe(11);
  });

  it('agrees with a set of (protocol, port) on union, intersection, difference, complement and equality', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const a = randomSet(seed);
      const b = randomSet(seed * 7 + 3);
      const inA = new Set(members(a));
      const inB = new Set(members(b));
      expect(members(a.union(b))).toEqual(members(a).concat(members(b)).filter(unique).sort(byMember));
      expect(members(a.intersect(b))).toEqual(members(a).filter((m) => inB.has(m)));
      expect(members(a.minus(b))).toEqual(members(a).filter((m) => !inB.has(m)));
      expect(members(a.complement()).filter((m) => inA.has(m))).toEqual([]);
      expect(a.union(a.complement()).isAll()).toBe(true);
      expect(a.union(b).equals(b.union(a))).toBe(true);
      expect(a.equals(b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      expect(PortSet.fromJson(JSON.parse(JSON.stringify(a))).equals(a)).toBe(true);
    }
  });
});

const order = (member: string): [number, number] => {
  const [protocol, port] = member.split('/');
  return [PROTOCOLS.indexOf(protocol as Protocol), Number(port)];
};
const byMember = (a: string, b: string): number => order(a)[0] - order(b)[0] || order(a)[1] - order(b)[1];
const unique = (value: string, index: number, all: string[]): boolean => all.indexOf(value) === index;
