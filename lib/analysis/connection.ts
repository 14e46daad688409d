import { PortSet, type PortSetJson } from './port-set';
import type { Pair } from './reach';
import { compareStrings, type Probe } from './types';

/** What `from` may open to `to`: the source's egress AND the destination's ingress, per protocol and port. */
export interface Connection {
  from: string;
  to: string;
  allowed: PortSet;
}

/** The `--json` contract of the connectivity list. */
export interface ConnectionsJson {
  connections: Array<{ from: string; to: string; allowed: PortSetJson }>;
}

export const compareConnections = (
  a: { from: string; to: string },
  b: { from: string; to: string },
): number => compareStrings(a.from, b.from) || compareStrings(a.to, b.to);

/**
 * One connection per pair, the ports of repeated pairs joined, pairs that allow nothing left out, sorted by
 * `from` then `to`: the canonical form every formatter and the JSON contract expect.
 */
export function normalizeConnections(connections: Iterable<Connection>): Connection[] {
  const byPair = new Map<string, Connection>();
  for (const connection of connections) {
    const key = `${connection.from}\u0000${connection.to}`;
    const known = byPair.get(key);
    byPair.set(key, known ? { ...known, allowed: known.allowed.union(connection.allowed) } : connection);
  }
  return [...byPair.values()].filter((c) => !c.allowed.isEmpty()).sort(compareConnections);
}

export function connectionsToJson(connections: Iterable<Connection>): ConnectionsJson {
  return {
    connections: normalizeConnections(connections).map(({ from, to, allowed }) => ({
      from,
      to,
      allowed: allowed.toJSON(),
    })),
  };
}

/** Reads the JSON contract back (a saved `reach --json`), refusing what does not follow it. */
export function connectionsFromJson(json: unknown): Connection[] {
  const list = (json as { connections?: unknown } | null)?.connections;
  if (!Array.isArray(list)) throw new TypeError('expected {"connections": [...]}');
  return normalizeConnections(
    list.map((entry: unknown, i) => {
      const { from, to, allowed } = (entry ?? {}) as Record<string, unknown>;
      if (typeof from !== 'string' || typeof to !== 'string') {
        throw new TypeError(`connections[${i}]: "from" and "to" must be strings`);
      }
      try {
        return { from, to, allowed: PortSet.fromJson(allowed) };
      } catch (error) {
        throw new TypeError(`connections[${i}].allowed: ${(error as Error).message}`, { cause: error });
      }
    }),
  );
}

/**
 * The connections that per-probe answers prove: each allowed pair holds the probes it passed, and nothing is
 * said of the ports no probe checked. Used until the exact aggregation is available, and with `--probe`.
 */
export function connectionsFromProbes(
  results: ReadonlyArray<{ probe: Probe; allowed: readonly Pair[] }>,
): Connection[] {
  return normalizeConnections(
    results.flatMap(({ probe, allowed }) =>
      allowed.map(([from, to]) => ({ from, to, allowed: PortSet.ofProbe(probe) })),
    ),
  );
}
