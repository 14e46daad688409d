import { anyPortAdmission, directionAdmissions } from './admission';
import type { Connection } from './connection';
import { DirectionPorts } from './direction-ports';
import { reachesItself } from './explain';
import { PortSet } from './port-set';
import { walkCandidates, type PairFocus } from './reach';
import type { Resolution } from './resolution';

/** `a ∩ b` per pair of shared answers: pairs repeat the same few sets, so each intersection is computed once. */
class Intersections {
  private readonly cache = new Map<PortSet, Map<PortSet, PortSet>>();

  of(a: PortSet, b: PortSet): PortSet {
    if (a === PortSet.all()) return b;
    if (b === PortSet.all()) return a;
    let row = this.cache.get(a);
    if (!row) this.cache.set(a, (row = new Map()));
    let result = row.get(b);
    if (!result) row.set(b, (result = a.intersect(b)));
    return result;
  }
}

/**
 * The connectivity list: for every ordered pair that allows anything, exactly which ports and protocols, derived
 * from the rules (the source's egress set toward the destination AND the destination's ingress set from the
 * source), not sampled. Sorted by source then destination, pairs that allow nothing left out, pairs of two
 * externals left out, a Pod's pair with itself all connections: the same pairs as `computeReach` of each probe.
 */
export function computeConnections(res: Resolution, focus?: PairFocus): Connection[] {
  const ingress = directionAdmissions(res, 'ingress', anyPortAdmission, 'any-port');
  const egress = directionAdmissions(res, 'egress', anyPortAdmission, 'any-port');
  const egressPorts = new DirectionPorts(res, 'egress');
  const ingressPorts = new DirectionPorts(res, 'ingress');
  const intersections = new Intersections();
  const connections: Connection[] = [];
  const visit = (s: number, d: number): void => {
    const allowed = reachesItself(res, s, d)
      ? PortSet.all()
      : intersections.of(egressPorts.allowed(s, d), ingressPorts.allowed(d, s));
    if (!allowed.isEmpty()) connections.push({ from: res.endpoints[s].id, to: res.endpoints[d].id, allowed });
  };
  walkCandidates(res, ingress, egress, visit, focus);
  return connections;
}
