import type { PortSet } from './port-set';
import { compareConnections, normalizeConnections, type Connection } from './connection';

/** A pair that allowed something before and after, but not the same ports. */
export interface ChangedConnection {
  from: string;
  to: string;
  before: PortSet;
  after: PortSet;
  /** `after` minus `before`: what the change opens. */
  opened: PortSet;
  /** `before` minus `after`: what the change closes. */
  closed: PortSet;
}

/** Every change in allowed connectivity between two inputs, each list sorted by `from` then `to`. */
export interface ConnectionDiff {
  /** Pairs that allowed nothing before. */
  opened: Connection[];
  /** Pairs that allow nothing after. */
  closed: Connection[];
  changed: ChangedConnection[];
}

export function diffConnections(before: Iterable<Connection>, after: Iterable<Connection>): ConnectionDiff {
  const key = (c: Connection): string => `${c.from}\u0000${c.to}`;
  const old = new Map(normalizeConnections(before).map((c) => [key(c), c]));
  const now = new Map(normalizeConnections(after).map((c) => [key(c), c]));
  const diff: ConnectionDiff = { opened: [], closed: [], changed: [] };
  for (const [pair, connection] of now) {
    const previous = old.get(pair);
    if (!previous) diff.opened.push(connection);
    else if (!previous.allowed.equals(connection.allowed)) {
      diff.changed.push({
        from: connection.from,
        to: connection.to,
        before: previous.allowed,
        after: connection.allowed,
        opened: connection.allowed.minus(previous.allowed),
        closed: previous.allowed.minus(connection.allowed),
      });
    }
  }
  for (const [pair, connection] of old) if (!now.has(pair)) diff.closed.push(connection);
  diff.closed.sort(compareConnections);
  diff.changed.sort(compareConnections);
  return diff;
}

/** True when the change opens any port between any pair: what `review --fail-on-open` gates on. */
export function opensAnything(diff: ConnectionDiff): boolean {
  return diff.opened.length > 0 || diff.changed.some((change) => !change.opened.isEmpty());
}

export function isEmptyDiff(diff: ConnectionDiff): boolean {
  return diff.opened.length === 0 && diff.closed.length === 0 && diff.changed.length === 0;
}

/** The JSON form of a diff, ports in the `allowed` form of the connections contract. */
export function connectionDiffToJson(diff: ConnectionDiff) {
  const plain = ({ from, to, allowed }: Connection) => ({ from, to, allowed: allowed.toJSON() });
  return {
    opened: diff.opened.map(plain),
    closed: diff.closed.map(plain),
    changed: diff.changed.map((c) => ({
      from: c.from,
      to: c.to,
      before: c.before.toJSON(),
      after: c.after.toJSON(),
      opened: c.opened.toJSON(),
      closed: c.closed.toJSON(),
    })),
  };
}
