import type { Direction } from './policy';
import { portsMatch } from './ports';
import { peersInclude, type Resolution } from './resolution';
import { decideSide, type TierVerdict } from './tiers';
import type { Probe } from './types';

/** A rule that admits the flow: policy `namespace/name`, its direction and the rule's index in it. */
export interface RuleRef {
  policy: string;
  direction: Direction;
  rule: number;
}

/** One side of a flow: the source's egress or the destination's ingress. */
/** One side of a flow: its NetworkPolicies, and the verdict once every tier is applied (TierVerdict). */
export interface SideVerdict extends TierVerdict {
  endpoint: string;
  /** True when at least one NetworkPolicy selects the endpoint for this direction. */
  isolated: boolean;
  /** The NetworkPolicies that isolate it (`namespace/name`). */
  policies: string[];
  /** The rules of those NetworkPolicies that admit this flow. */
  allowedBy: RuleRef[];
}

export interface Explanation {
  from: string;
  to: string;
  protocol: Probe['protocol'];
  port: number;
  allowed: boolean;
  /** What the two sides do not say: a pod reaching itself, a flow between two externals. */
  note?: string;
  egress: SideVerdict;
  ingress: SideVerdict;
}

const SELF_NOTE =
  'a pod always reaches itself: traffic to its own IP never leaves its network namespace, so no policy applies';
const OUTSIDE_NOTE =
  'both endpoints are outside the cluster: no policy applies, and reach leaves such flows out';

/**
 * Kubernetes documents that "a pod cannot block access to itself". A workload (a pod template) stands for all its
 * replicas, so its pair with itself is traffic between replicas, which policies do govern.
 */
export function reachesItself(res: Resolution, from: number, to: number): boolean {
  return from === to && res.endpoints[from].kind === 'Pod';
}

/** Named ports always resolve on the destination `to`, whichever side is being judged. */
function sideVerdict(
  res: Resolution,
  direction: Direction,
  self: number,
  peer: number,
  to: number,
  probe: Probe,
): SideVerdict {
  const policies = res.isolatedBy[direction][self].map((policy) => res.policies[policy]);
  const allowedBy = policies.flatMap((policy) =>
    policy.rules[direction]
      .filter(
        (rule) => peersInclude(rule, peer) && portsMatch(rule.rule.ports, probe, res.endpoints[to].ports),
      )
      .map((rule) => ({ policy: policy.spec.id, direction, rule: rule.rule.index })),
  );
  const isolated = policies.length > 0;
  const names = [...new Set(policies.map((policy) => policy.spec.id))];
  const admittedBy = allowedBy.map((ref) => `${ref.policy} ${ref.direction}[${ref.rule}]`);
  const tiers = decideSide(res, direction, self, peer, to, probe, { isolated, policies: names, admittedBy });
  return { endpoint: res.endpoints[self].id, isolated, policies: names, allowedBy, ...tiers };
}

/** Judges one flow and says why; `allows` uses this too, so the verdict and its reasons cannot disagree. */
export function explainFlow(res: Resolution, from: number, to: number, probe: Probe): Explanation {
  const egress = sideVerdict(res, 'egress', from, to, to, probe);
  const ingress = sideVerdict(res, 'ingress', to, from, to, probe);
  const itself = reachesItself(res, from, to);
  const outside = res.endpoints[from].kind === 'External' && res.endpoints[to].kind === 'External';
  const note = itself ? SELF_NOTE : outside ? OUTSIDE_NOTE : undefined;
  return {
    from: res.endpoints[from].id,
    to: res.endpoints[to].id,
    protocol: probe.protocol,
    port: probe.port,
    allowed: itself || (egress.allowed && ingress.allowed),
    ...(note ? { note } : {}),
    egress,
    ingress,
  };
}
