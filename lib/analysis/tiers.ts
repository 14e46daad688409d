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
 * Each direction is decided on its own side: an egress Accept admits the flow out of the source, "but any ingress
 * rules at the destination do apply" (types, egress Action). One flow at a time (`decideSide`, exact, for explain
 * and allows) and per endpoint over every peer at once (`applyClusterTiers`, for reach) share `ruleMatches`.
 */
import type { ClusterAction, Tier } from './cluster-policy';
import type { ResolvedClusterPolicy, ResolvedClusterRule } from './cluster-resolution';
import { IdSet } from './id-set';
import type { Direction } from './policy';
import { portsMatch } from './ports';
import { egressTargets, type Allowed } from './reach';
import type { Resolution } from './resolution';
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
  return rule.peers.has(peer) && portsMatch(rule.rule.ports, probe, res.endpoints[to].ports);
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
  members: IdSet;
}

/**
 * Per endpoint, the peers its `direction` admits once the cluster tiers are applied around the NetworkPolicy
 * tier's answer `networkPolicy` (what `reach` computed for v1 alone). Endpoints no ClusterNetworkPolicy selects
 * keep that answer untouched; the others are computed once per distinct combination of matching rules and
 * NetworkPolicy answer, by the same first-match walk as `decideSide`.
 */
export function applyClusterTiers(
  res: Resolution,
  direction: Direction,
  probe: Probe,
  networkPolicy: readonly Allowed[],
): Allowed[] {
  const { cluster } = res;
  if (cluster.policies.length === 0) return [...networkPolicy];
  const size = res.endpoints.length;
  const egressMembers = new Map<number, Allowed | undefined>();
  const membersOf = (rule: ResolvedClusterRule, self: number): IdSet | undefined => {
    if (direction === 'ingress') {
      return portsMatch(rule.rule.ports, probe, res.endpoints[self].ports) ? rule.peers : undefined;
    }
    if (!egressMembers.has(rule.uid)) egressMembers.set(rule.uid, egressTargets(res, probe, rule));
    return egressMembers.get(rule.uid) as IdSet | undefined;
  };
  // A rule that matches no endpoint (the metadata service's address, typically) changes nothing here.
  const empty = new Map<IdSet, boolean>();
  const isEmpty = (members: IdSet): boolean => {
    if (!empty.has(members)) empty.set(members, members.toArray().length === 0);
    return empty.get(members) as boolean;
  };
  const stepsOf = (tier: Tier, self: number): Array<Step & { uid: number }> =>
    cluster.applying[direction][tier][self].flatMap((p) =>
      cluster.policies[p].rules[direction].flatMap((rule) => {
        const members = membersOf(rule, self);
        return members && !isEmpty(members) ? [{ action: rule.rule.action, members, uid: rule.uid }] : [];
      }),
    );
  const answerIds = new Map<Allowed, number>();
  const results = new Map<string, Allowed>();
  return networkPolicy.map((answer, self) => {
    const admin = stepsOf('Admin', self);
    const isolated = res.isolatedBy[direction][self].length > 0;
    const baseline = isolated ? [] : stepsOf('Baseline', self);
    if (admin.length === 0 && baseline.length === 0) return answer;
    if (!answerIds.has(answer)) answerIds.set(answer, answerIds.size);
    const key = `${admin.map((s) => s.uid).join(',')}|${isolated ? answerIds.get(answer) : '-'}|${baseline.map((s) => s.uid).join(',')}`;
    let result = results.get(key);
    if (!result) {
      result = combine(size, admin, isolated ? answer : undefined, baseline);
      results.set(key, result);
    }
    return result;
  });
}

/** `networkPolicy` undefined: no NetworkPolicy isolates the endpoint, so the Baseline tier and the default decide. */
function combine(
  size: number,
  admin: readonly Step[],
  networkPolicy: Allowed | undefined,
  baseline: readonly Step[],
): IdSet {
  const allowed = new IdSet(size);
  const first = (steps: readonly Step[], peer: number): ClusterAction | undefined =>
    steps.find((step) => step.members.has(peer))?.action;
  for (let peer = 0; peer < size; peer++) {
    const adminAction = first(admin, peer);
    let admitted: boolean;
    if (adminAction === 'Accept' || adminAction === 'Deny') admitted = adminAction === 'Accept';
    else if (networkPolicy !== undefined) admitted = networkPolicy === 'all' || networkPolicy.has(peer);
    else admitted = first(baseline, peer) !== 'Deny';
    if (admitted) allowed.add(peer);
  }
  return allowed;
}
