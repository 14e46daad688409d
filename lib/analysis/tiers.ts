/**
 * The decision of one side of a flow (the source's egress, the destination's ingress) across the tiers of
 * network-policy-api v0.2.0 (types, ClusterNetworkPolicySpec.Tier; overview, "Tiers" and "Actions"):
 *
 *   Admin ClusterNetworkPolicies, by priority then rule order: the first matching rule decides; Accept and Deny are
 *   final, Pass "skips all further ClusterNetworkPolicy rules in the current tier";
 *   → NetworkPolicies: "v1.NetworkPolicy always makes a final decision for selected pods";
 *   → Baseline ClusterNetworkPolicies, the same way (Pass there leaves the flow to the default);
 *   → the default: "all pods can communicate with each other".
 *
 * Each direction is decided on its own side: an egress Accept admits the flow out of the source, and "any ingress
 * rules at the destination do apply". That wording is upstream's clarification after v0.2.0 (commit cadb73e,
 * "Clarify ICMP handling and improve action wording"); v0.2.0's types say "allowing it to egress. No further
 * ClusterNetworkPolicy or NetworkPolicy rules will be processed", rules of the egress direction. One flow at a time (`decideSide`, exact, for explain
 * and allows) and per endpoint over every peer at once (`ClusterTierAdmissions`, for reach's admission classes)
 * walk the rules in the same first-match order.
 */
import type { ClusterAction, Tier } from './cluster-policy';
import type { ResolvedClusterPolicy, ResolvedClusterRule } from './cluster-resolution';
import type { Admission, RuleAdmission } from './admission';
import type { Direction } from './policy';
import { PortSet } from './port-set';
import { hasNamedPort, portSetOf, portsMatch } from './ports';
import type { Resolution } from './resolution';
import { anyIncludes, unionOf, type SortedIds } from './sorted-ids';
import type { Probe } from './types';

/** The tier whose rule (or whose absence of rules) made the side's decision. */
export type DecidingTier = 'Admin' | 'NetworkPolicy' | 'Baseline' | 'default';

/** The ClusterNetworkPolicy rule that decided (or passed) a side. */
export interface ClusterRuleRef {
  /** The ClusterNetworkPolicy's name. */
  policy: string;
  tier: Tier;
  priority: number;
  direction: Direction;
  /** 0-based index in spec.ingress / spec.egress. */
  rule: number;
  name?: string;
  action: ClusterAction;
}

/** What the NetworkPolicy tier says about one side (the v1 semantics, computed by explain). */
export interface NetworkPolicySide {
  isolated: boolean;
  policies: readonly string[];
  /** `policy direction[index]` of the rules admitting the flow. */
  admittedBy: readonly string[];
}

export interface TierVerdict {
  allowed: boolean;
  decidedBy: DecidingTier;
  /** The Admin rule that matched (Accept, Deny or Pass), if any. */
  admin?: ClusterRuleRef;
  /** The Baseline rule that matched, if the Baseline tier was reached and one did. */
  baseline?: ClusterRuleRef;
  /** Each tier's step, then the verdict, e.g. `Admin: no match`, `NetworkPolicy shop/deny: no rule admits`, `denied`. */
  chain: string[];
  /** Experimental peers of the rules walked, which the analyzer could not evaluate. */
  notEvaluated: string[];
}

const verdictWord = (allowed: boolean): string => (allowed ? 'allowed' : 'denied');

function ruleRef(policy: ResolvedClusterPolicy, rule: ResolvedClusterRule): ClusterRuleRef {
  const { spec } = policy;
  const { direction, index, name, action } = rule.rule;
  return {
    policy: spec.name,
    tier: spec.tier,
    priority: spec.priority,
    direction,
    rule: index,
    ...(name ? { name } : {}),
    action,
  };
}

/** `Admin priority 10 "deny-imds" rule 1 "ipv4": Deny`: rules counted from 1, as written. */
export function describeClusterRule(ref: ClusterRuleRef): string {
  const name = ref.name ? ` "${ref.name}"` : '';
  return `${ref.tier} priority ${ref.priority} "${ref.policy}" rule ${ref.rule + 1}${name}: ${ref.action}`;
}

/** A flow matches a rule when a peer holds the other side and a protocol entry the probe (named ports on `to`). */
function ruleMatches(
  res: Resolution,
  rule: ResolvedClusterRule,
  peer: number,
  to: number,
  probe: Probe,
): boolean {
  return anyIncludes(rule.peers, peer) && portsMatch(rule.rule.ports, probe, res.endpoints[to].ports);
}

interface TierMatch {
  ref?: ClusterRuleRef;
  notEvaluated: string[];
}

/** The first rule of the tier's policies (in precedence order) that matches the flow. */
function firstMatch(
  res: Resolution,
  tier: Tier,
  direction: Direction,
  self: number,
  peer: number,
  to: number,
  probe: Probe,
): TierMatch {
  const notEvaluated: string[] = [];
  for (const p of res.cluster.applying[direction][tier][self]) {
    const policy = res.cluster.policies[p];
    for (const rule of policy.rules[direction]) {
      if (ruleMatches(res, rule, peer, to, probe)) return { ref: ruleRef(policy, rule), notEvaluated };
      for (const unevaluated of rule.rule.unevaluated) {
        notEvaluated.push(`${policy.spec.id} ${unevaluated.path}: experimental peer, not evaluated`);
      }
    }
  }
  return { notEvaluated };
}

function networkPolicyStep(np: NetworkPolicySide): string {
  if (!np.isolated) return 'NetworkPolicy: none isolates';
  const admits = np.admittedBy.length > 0 ? `${np.admittedBy.join(', ')} admits` : 'no rule admits';
  return `NetworkPolicy ${np.policies.join(', ')}: ${admits}`;
}

/** One side of one flow through every tier; `np` is the NetworkPolicy tier's view of it. */
export function decideSide(
  res: Resolution,
  direction: Direction,
  self: number,
  peer: number,
  to: number,
  probe: Probe,
  np: NetworkPolicySide,
): TierVerdict {
  const admin = firstMatch(res, 'Admin', direction, self, peer, to, probe);
  const chain = [admin.ref ? describeClusterRule(admin.ref) : 'Admin: no match'];
  const notEvaluated = [...admin.notEvaluated];
  const finish = (allowed: boolean, decidedBy: DecidingTier, baseline?: ClusterRuleRef): TierVerdict => ({
    allowed,
    decidedBy,
    ...(admin.ref ? { admin: admin.ref } : {}),
    ...(baseline ? { baseline } : {}),
    chain: [...chain, verdictWord(allowed)],
    notEvaluated,
  });
  if (admin.ref && admin.ref.action !== 'Pass') return finish(admin.ref.action === 'Accept', 'Admin');
  chain.push(networkPolicyStep(np));
  if (np.isolated) return finish(np.admittedBy.length > 0, 'NetworkPolicy');
  const baseline = firstMatch(res, 'Baseline', direction, self, peer, to, probe);
  notEvaluated.push(...baseline.notEvaluated);
  chain.push(baseline.ref ? describeClusterRule(baseline.ref) : 'Baseline: no match');
  if (baseline.ref && baseline.ref.action !== 'Pass') {
    return finish(baseline.ref.action === 'Accept', 'Baseline', baseline.ref);
  }
  chain.push('default');
  return finish(true, 'default', baseline.ref);
}

interface Step {
  action: ClusterAction;
  members: readonly SortedIds[];
  uid: number;
}

/** A side's admission once the cluster tiers apply: its class key and the peers it admits. */
export interface TieredAdmission {
  key: string;
  admission: Admission;
}

/**
 * Per endpoint, what its `direction` admits once the cluster tiers are applied around the NetworkPolicy tier's
 * answer (reach's admission class of v1 alone). Endpoints no ClusterNetworkPolicy rule can match keep that answer;
 * the others get one class per distinct combination of matching rules and NetworkPolicy class, whose admitted
 * peers come from the same first-match walk as `decideSide`.
 */
export class ClusterTierAdmissions {
  private readonly results = new Map<string, Admission>();

  private readonly admittedBy: RuleAdmission<ResolvedClusterRule>;
  private readonly anyPort: boolean;

  /**
   * `admittedBy`: whether a cluster rule applies to the endpoint (its ports, for a probe) and the peers it matches;
   * `'any-port'`: the connectivity list's candidates, every peer some port of which a tier may admit (the list then
   * judges the ports of each pair, see ClusterTierPorts).
   */
  constructor(
    private readonly res: Resolution,
    private readonly direction: Direction,
    admittedBy: RuleAdmission<ResolvedClusterRule> | 'any-port',
  ) {
    this.anyPort = admittedBy === 'any-port';
    this.admittedBy = admittedBy === 'any-port' ? (rule) => rule.peers : admittedBy;
  }

  /** Undefined when no cluster rule can change the answer: `networkPolicy` (class `networkPolicyClass`) stands. */
  admission(self: number, networkPolicyClass: number, networkPolicy: Admission): TieredAdmission | undefined {
    const isolated = this.res.isolatedBy[this.direction][self].length > 0;
    if (this.anyPort) return this.candidates(self, isolated, networkPolicyClass, networkPolicy);
    // A Pass, or a rule that matches nothing, only shields the peers it matches from the tier's later rules:
    // with no later Accept or Deny it changes nothing. Nor does a Baseline Accept at the end (the default allows).
    const admin = withoutTrailing(this.steps('Admin', self), (step) => step.action === 'Pass');
    const baseline = isolated
      ? []
      : withoutTrailing(this.steps('Baseline', self), (step) => step.action !== 'Deny');
    if (admin.length === 0 && baseline.length === 0) return undefined;
    const uids = (steps: readonly Step[]) => steps.map((step) => step.uid).join(',');
    const key = `tiers:${uids(admin)}|${isolated ? networkPolicyClass : '-'}|${uids(baseline)}`;
    let admitted = this.results.get(key);
    if (!admitted) {
      admitted = this.combine(admin, isolated ? networkPolicy : undefined, baseline);
      this.results.set(key, admitted);
    }
    return { key, admission: admitted };
  }

  /**
   * A superset of the peers any port of which the tiers may admit: with no NetworkPolicy isolating the endpoint,
   * every peer (as before); else the NetworkPolicy's candidates and the peers of Admin Accept rules.
   */
  private candidates(
    self: number,
    isolated: boolean,
    networkPolicyClass: number,
    networkPolicy: Admission,
  ): TieredAdmission | undefined {
    if (!isolated || networkPolicy === 'all') return undefined;
    const accepts = this.steps('Admin', self).filter((step) => step.action === 'Accept');
    if (accepts.length === 0) return undefined;
    const key = `tiers-any:${accepts.map((step) => step.uid).join(',')}|${networkPolicyClass}`;
    return { key, admission: [...networkPolicy, ...accepts.flatMap((step) => step.members)] };
  }

  /** The tier's rules that can match a flow of `self`, in precedence order. */
  private steps(tier: Tier, self: number): Step[] {
    const { cluster } = this.res;
    return cluster.applying[this.direction][tier][self].flatMap((p) =>
      cluster.policies[p].rules[this.direction].flatMap((rule): Step[] => {
        const members = this.admittedBy(rule, self);
        if (members === undefined || members === 'all') return [];
        const matching = members.filter((ids) => ids.length > 0);
        return matching.length > 0 ? [{ action: rule.rule.action, members: matching, uid: rule.uid }] : [];
      }),
    );
  }

  /**
   * `networkPolicy` undefined: no NetworkPolicy isolates the endpoint, so the Baseline tier and the default decide.
   * Only the peers a rule or the NetworkPolicy answer names can change; every peer is visited only when the answer
   * is "all but those denied".
   */
  private combine(
    admin: readonly Step[],
    networkPolicy: Admission | undefined,
    baseline: readonly Step[],
  ): Admission {
    const denies = (steps: readonly Step[]) => steps.some((step) => step.action === 'Deny');
    const isolated = networkPolicy !== undefined;
    if (isolated ? networkPolicy === 'all' && !denies(admin) : !denies(admin) && !denies(baseline))
      return 'all';
    const first = (steps: readonly Step[], peer: number): ClusterAction | undefined =>
      steps.find((step) => anyIncludes(step.members, peer))?.action;
    const admits = (peer: number): boolean => {
      const adminAction = first(admin, peer);
      if (adminAction === 'Accept' || adminAction === 'Deny') return adminAction === 'Accept';
      if (networkPolicy !== undefined) return networkPolicy === 'all' || anyIncludes(networkPolicy, peer);
      return first(baseline, peer) !== 'Deny';
    };
    const everyPeer = !isolated || networkPolicy === 'all';
    const candidates = everyPeer
      ? this.res.endpoints.map((_, peer) => peer)
      : unionOf([...admin.flatMap((step) => step.members), ...(networkPolicy as readonly SortedIds[])]);
    return [candidates.filter(admits)];
  }
}

function withoutTrailing<T>(steps: T[], drop: (step: T) => boolean): T[] {
  let end = steps.length;
  while (end > 0 && drop(steps[end - 1])) end--;
  return steps.slice(0, end);
}

const ALL_PORTS = PortSet.all();

/**
 * What one direction of an endpoint allows a peer once the cluster tiers apply, as a PortSet: the connectivity-list
 * counterpart of ClusterTierAdmissions, the same first-match walk per port. Each matching rule takes the ports it
 * matches from those still undecided: Admin Accept admits them, Deny drops them, Pass sends them to the
 * NetworkPolicy tier; the NetworkPolicy's answer (when one isolates the endpoint) or else the Baseline tier and the
 * default decide the rest. Answers are shared by every pair with the same matching rules and NetworkPolicy answer.
 */
export class ClusterTierPorts {
  private readonly answers = new Map<string, PortSet>();
  private readonly answerIds = new Map<PortSet, number>();

  constructor(
    private readonly res: Resolution,
    private readonly direction: Direction,
  ) {}

  /** `networkPolicy`: what the NetworkPolicy tier alone allows (every port when none isolates the endpoint). */
  allowed(self: number, peer: number, networkPolicy: PortSet): PortSet {
    const { applying } = this.res.cluster;
    const admin = this.matching(applying[this.direction].Admin[self], peer);
    const isolated = this.res.isolatedBy[this.direction][self].length > 0;
    const baseline = isolated ? [] : this.matching(applying[this.direction].Baseline[self], peer);
    if (admin.length === 0 && baseline.length === 0) return networkPolicy;
    const destination = this.direction === 'ingress' ? self : peer;
    const named = [...admin, ...baseline].some((rule) => hasNamedPort(rule.rule.ports));
    if (!this.answerIds.has(networkPolicy)) this.answerIds.set(networkPolicy, this.answerIds.size);
    const uids = (rules: readonly ResolvedClusterRule[]) => rules.map((rule) => rule.uid).join(',');
    const key = `${uids(admin)}|${isolated ? this.answerIds.get(networkPolicy) : '-'}|${uids(baseline)}|${
      named ? JSON.stringify(this.res.endpoints[destination].ports) : ''
    }`;
    let answer = this.answers.get(key);
    if (!answer) {
      answer = this.walk(admin, isolated ? networkPolicy : undefined, baseline, destination);
      this.answers.set(key, answer);
    }
    return answer;
  }

  private matching(policies: readonly number[], peer: number): ResolvedClusterRule[] {
    return policies.flatMap((p) =>
      this.res.cluster.policies[p].rules[this.direction].filter((rule) => anyIncludes(rule.peers, peer)),
    );
  }

  private walk(
    admin: readonly ResolvedClusterRule[],
    networkPolicy: PortSet | undefined,
    baseline: readonly ResolvedClusterRule[],
    destination: number,
  ): PortSet {
    const ports = this.res.endpoints[destination].ports;
    let undecided = ALL_PORTS;
    let allowed = PortSet.empty();
    let passed = PortSet.empty();
    for (const rule of admin) {
      const matched = portSetOf(rule.rule.ports, ports);
      const hit = undecided.intersect(matched);
      if (rule.rule.action === 'Accept') allowed = allowed.union(hit);
      else if (rule.rule.action === 'Pass') passed = passed.union(hit);
      undecided = undecided.minus(matched);
    }
    let rest = undecided.union(passed);
    if (networkPolicy !== undefined) return allowed.union(rest.intersect(networkPolicy));
    for (const rule of baseline) {
      const matched = portSetOf(rule.rule.ports, ports);
      // Baseline Accept admits; Pass leaves the ports to the default, which allows them too; Deny drops them.
      if (rule.rule.action !== 'Deny') allowed = allowed.union(rest.intersect(matched));
      rest = rest.minus(matched);
    }
    return allowed.union(rest);
  }
}
