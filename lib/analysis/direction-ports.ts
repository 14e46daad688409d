import { PortSet } from './port-set';
import type { Direction } from './policy';
import { hasNamedPort, portSetOf } from './ports';
import { peersInclude, type Resolution, type ResolvedRule } from './resolution';
import { ClusterTierPorts } from './tiers';

/** The rules an isolated endpoint answers with, in policy order, with what their ports are and whether named. */
interface RuleGroup {
  rules: readonly ResolvedRule[];
  /** Per rule, an id of its `ports`, equal for equal lists: namespaces repeat the same rules. */
  portsIds: readonly number[];
  named: readonly boolean[];
}

/**
 * What one direction of an endpoint allows a peer, as a PortSet: the connectivity-list counterpart of
 * `directionAdmissions`. networking.k8s.io/v1: an endpoint that no policy isolates for the direction allows every
 * port; an isolated one allows the union of the ports of the rules (of its isolating policies) whose peers include
 * the peer; named ports resolve on the destination (the endpoint itself for ingress, the peer for egress), as
 * `portsMatch` resolves them. The ClusterNetworkPolicy tiers (Admin, then this, then Baseline) apply around that
 * answer by a first-match walk per port (ClusterTierPorts, tiers.ts).
 *
 * Cost follows the selections: endpoints behind the same policies share one rule group, and an answer is
 * computed once per set of admitting rules' ports (and per destination port declaration when a rule names a port),
 * shared by every group with rules alike, so a pair costs a few membership tests and a lookup.
 */
export class DirectionPorts {
  private readonly groups = new Map<readonly number[], RuleGroup>();
  private readonly answers = new Map<string, PortSet>();
  /** Per endpoint, an id of its container ports, equal for equal declarations (-1: not yet computed). */
  private readonly portProfile: Int32Array;
  private readonly profileIds = new Map<string, number>();
  private readonly portsIds = new Map<string, number>();

  /** The ClusterNetworkPolicy tiers around this one (tiers.ts). */
  private readonly tiers: ClusterTierPorts;

  constructor(
    private readonly res: Resolution,
    readonly direction: Direction,
  ) {
    this.portProfile = new Int32Array(res.endpoints.length).fill(-1);
    this.tiers = new ClusterTierPorts(res, direction);
  }

  /** The ports `self`'s `direction` allows toward (egress) or from (ingress) `peer`, every tier applied. */
  allowed(self: number, peer: number): PortSet {
    return this.tiers.allowed(self, peer, this.networkPolicyAllowed(self, peer));
  }

  /** What the NetworkPolicy tier alone allows. */
  private networkPolicyAllowed(self: number, peer: number): PortSet {
    const isolating = this.res.isolatedBy[this.direction][self];
    if (isolating.length === 0) return PortSet.all();
    const group = this.groupOf(isolating);
    const destination = this.direction === 'ingress' ? self : peer;
    let key = '';
    let named = false;
    for (let i = 0; i < group.rules.length; i++) {
      if (!peersInclude(group.rules[i], peer)) continue;
      key += `${group.portsIds[i]},`;
      named ||= group.named[i];
    }
    if (named) key += `@${this.profileOf(destination)}`;
    let answer = this.answers.get(key);
    if (!answer) {
      answer = this.union(group, peer, destination);
      this.answers.set(key, answer);
    }
    return answer;
  }

  private union(group: RuleGroup, peer: number, destination: number): PortSet {
    const ports = this.res.endpoints[destination].ports;
    let set = PortSet.empty();
    for (const rule of group.rules) {
      if (peersInclude(rule, peer)) set = set.union(portSetOf(rule.rule.ports, ports));
    }
    return set;
  }

  private groupOf(isolating: readonly number[]): RuleGroup {
    let group = this.groups.get(isolating);
    if (!group) {
      const rules = isolating.flatMap((policy) => this.res.policies[policy].rules[this.direction]);
      group = {
        rules,
        portsIds: rules.map((rule) => this.portsIdOf(rule)),
        named: rules.map((rule) => hasNamedPort(rule.rule.ports)),
      };
      this.groups.set(isolating, group);
    }
    return group;
  }

  private portsIdOf(rule: ResolvedRule): number {
    const key = JSON.stringify(rule.rule.ports);
    let id = this.portsIds.get(key);
    if (id === undefined) this.portsIds.set(key, (id = this.portsIds.size));
    return id;
  }

  private profileOf(endpoint: number): number {
    if (this.portProfile[endpoint] === -1) {
      const key = JSON.stringify(this.res.endpoints[endpoint].ports);
      let id = this.profileIds.get(key);
      if (id === undefined) this.profileIds.set(key, (id = this.profileIds.size));
      this.portProfile[endpoint] = id;
    }
    return this.portProfile[endpoint];
  }
}
