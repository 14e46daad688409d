/**
 * Review findings about ClusterNetworkPolicies and how they meet the namespaces' NetworkPolicies. Like the
 * NetworkPolicy checks they judge the input as written: resolved selections (the workloads of the manifests) and,
 * for addresses, CIDR containment (so a `networks` block is judged for every address it holds, not only the known
 * ones). A finding is only raised when it is certain on that input; what cannot be judged is not reported.
 */
import {
  cidrContains,
  cnpNamedPortProblem,
  cnpSubjectsCanOverlap,
  parseCidr,
  type Cidr,
} from '../kubernetes';
import type { ClusterRule } from './cluster-policy';
import type { ResolvedClusterPolicy, ResolvedClusterRule } from './cluster-resolution';
import { namesAbsentNamespaces } from './lint';
import type { Finding, LintRule } from './lint-rules';
import { DIRECTIONS, type Direction, type Peer, type PolicyRule } from './policy';
import type { PortRule, PortRules } from './ports';
import type { Resolution, ResolvedPolicy, ResolvedRule } from './resolution';
import { anyIncludes, unionOf } from './sorted-ids';
import { describeClusterRule, ruleRef } from './tiers';
import { pinnedNamespaces } from './selectors';

type Found = [rule: LintRule, object: string, message: string];

const list = (ids: readonly string[]): string =>
  ids.slice(0, 3).join(', ') + (ids.length > 3 ? `, and ${ids.length - 3} more` : '');

const rulePath = (rule: { direction: Direction; index: number }): string =>
  `spec.${rule.direction}[${rule.index}]`;

const describe = (policy: ResolvedClusterPolicy, rule: ResolvedClusterRule): string =>
  describeClusterRule(ruleRef(policy, rule));

/** Each policy's subject as a set, built once: the checks ask about the same subjects over and over. */
const subjectSets = new WeakMap<ResolvedClusterPolicy, ReadonlySet<number>>();
function subjectSet(policy: ResolvedClusterPolicy): ReadonlySet<number> {
  let set = subjectSets.get(policy);
  if (!set) subjectSets.set(policy, (set = new Set(policy.subject)));
  return set;
}

/** The pods of `ids` the policy's subject holds. */
const inSubject = (ids: readonly number[], policy: ResolvedClusterPolicy): number[] =>
  ids.filter((id) => subjectSet(policy).has(id));

const subjectHolds = (policy: ResolvedClusterPolicy, ids: readonly number[]): boolean =>
  ids.every((id) => subjectSet(policy).has(id));

/** `inner` lies wholly inside `outer`. */
function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return outer.range[1] <= inner.range[1] && cidrContains(outer, inner.range[0]);
}

function portCovers(outer: PortRule, inner: PortRule): boolean {
  if (outer.protocol !== inner.protocol) return false;
  if (outer.port === undefined) return true;
  if (typeof outer.port === 'string' || typeof inner.port === 'string') return outer.port === inner.port;
  if (inner.port === undefined) return outer.port === 1 && (outer.endPort ?? outer.port) === 65535;
  return outer.port <= inner.port && (inner.endPort ?? inner.port) <= (outer.endPort ?? outer.port);
}

/** Every flow `inner` lets through on ports, `outer` does too. */
function portsCover(outer: PortRules, inner: PortRules): boolean {
  if (outer === null) return true;
  if (inner === null) return false;
  return inner.every((port) => outer.some((candidate) => portCovers(candidate, port)));
}

function portsOverlap(a: PortRules, b: PortRules): boolean {
  if (a === null || b === null) return true;
  return a.some((x) =>
    b.some((y) => {
      if (x.protocol !== y.protocol) return false;
      if (x.port === undefined || y.port === undefined) return true;
      if (typeof x.port === 'string' || typeof y.port === 'string') return true;
      return x.port <= (y.endPort ?? y.port) && y.port <= (x.endPort ?? x.port);
    }),
  );
}

const networksOf = (peers: readonly Peer[]): Cidr[] =>
  peers.flatMap((peer) => (peer.kind === 'ipBlock' ? [parseCidr(peer.block.cidr) as Cidr] : []));

/**
 * The peers `members`/`peers` (a rule's) are all matched by `outer`: pod peers by resolved members, address
 * blocks by containment in one of `outer`'s networks. Null peers (every peer) are never covered by a cluster rule.
 */
function peersCovered(
  outer: ResolvedClusterRule,
  peers: readonly Peer[] | null,
  members: readonly (readonly number[])[] | null,
): boolean {
  if (peers === null || members === null) return false;
  const outerNetworks = networksOf(outer.rule.peers);
  return peers.every((peer, i) => {
    if (peer.kind === 'ipBlock') {
      const block = parseCidr(peer.block.cidr) as Cidr;
      return outerNetworks.some((network) => cidrWithin(block, network));
    }
    return members[i].length > 0 && members[i].every((id) => anyIncludes(outer.peers, id));
  });
}

/**
 * A subject that selects no workload. As for NetworkPolicies, what guards pods to come is not reported: a subject
 * of whole namespaces (no pod selector) that matches namespaces of the input, and a subject naming only namespaces
 * absent from the input (kube-system and the other system namespaces live outside `dist/`).
 */
function subjectFindings(res: Resolution): Found[] {
  return res.cluster.policies.flatMap((policy): Found[] => {
    const { subject } = policy.spec;
    if (policy.subject.length > 0 || namesAbsentNamespaces(res, subject)) return [];
    const wholeNamespaces = subject.podSelector === null || subject.podSelector.isEmpty;
    const namespaces = subject.namespaceSelector
      ? res.index.namespacesMatching(subject.namespaceSelector)
      : [];
    if (wholeNamespaces && namespaces.length > 0) return [];
    return [
      [
        'cluster-subject-matches-nothing',
        policy.spec.id,
        `spec.subject selects no workload, so the ${policy.spec.tier} policy does nothing`,
      ],
    ];
  });
}

const hasRules = (policy: ResolvedClusterPolicy): Direction[] =>
  DIRECTIONS.filter((direction) => policy.rules[direction].length > 0);

/**
 * types: "CNPs with no ingress rules do not affect ingress traffic" (likewise egress). The API accepts a policy with
 * neither; it does nothing, which the constructs refuse and lint reports.
 */
function withoutRulesFindings(res: Resolution): Found[] {
  return res.cluster.policies
    .filter((policy) => hasRules(policy).length === 0)
    .map((policy): Found => [
      'cluster-policy-without-rules',
      policy.spec.id,
      `spec has neither ingress nor egress rules, so the ${policy.spec.tier} policy affects no traffic`,
    ]);
}

/** types, spec.priority: same-priority policies that "could match a connection" are applied in any order. */
function priorityFindings(res: Resolution): Found[] {
  const found: Found[] = [];
  const { policies } = res.cluster;
  policies.forEach((a, i) => {
    for (const b of policies.slice(i + 1)) {
      if (a.spec.tier !== b.spec.tier || a.spec.priority !== b.spec.priority) continue;
      const directions = hasRules(a).filter((direction) => b.rules[direction].length > 0);
      const shared = inSubject(a.subject, b).map((id) => res.endpoints[id].id);
      const overlap = shared.length > 0 || cnpSubjectsCanOverlap(a.spec.subjectFields, b.spec.subjectFields);
      if (directions.length === 0 || !overlap) continue;
      const whom = shared.length > 0 ? list(shared) : 'the pods both subjects can select';
      found.push([
        'cluster-priority-overlap',
        b.spec.id,
        `same ${b.spec.tier} priority ${b.spec.priority} as ${a.spec.id}, and both have ${directions.join(' and ')} rules for ${whom}: the API leaves their order undefined`,
      ]);
    }
  });
  return found;
}

/** Earlier rules of the same tier, in precedence order, whose policy applies to every pod `policy` selects. */
function* earlierRules(
  res: Resolution,
  p: number,
  rule: ResolvedClusterRule,
): Generator<[ResolvedClusterPolicy, ResolvedClusterRule]> {
  const policy = res.cluster.policies[p];
  const direction = rule.rule.direction;
  for (let q = 0; q <= p; q++) {
    const earlier = res.cluster.policies[q];
    if (earlier.spec.tier !== policy.spec.tier || !subjectHolds(earlier, policy.subject)) continue;
    for (const candidate of earlier.rules[direction]) {
      if (q === p && candidate.rule.index >= rule.rule.index) break;
      yield [earlier, candidate];
    }
  }
}

const judgeable = (rule: ClusterRule): boolean => rule.unevaluated.length === 0;

/** A rule every flow of which an earlier rule of higher precedence decides (or passes) first. */
function shadowFindings(res: Resolution): Found[] {
  const found: Found[] = [];
  res.cluster.policies.forEach((policy, p) => {
    if (policy.subject.length === 0) return;
    for (const direction of DIRECTIONS) {
      for (const rule of policy.rules[direction]) {
        const matchesSomething =
          rule.peers.some((ids) => ids.length > 0) || networksOf(rule.rule.peers).length > 0;
        if (!judgeable(rule.rule) || !matchesSomething) continue;
        for (const [earlier, candidate] of earlierRules(res, p, rule)) {
          if (!judgeable(candidate.rule) || !portsCover(candidate.rule.ports, rule.rule.ports)) continue;
          if (!peersCovered(candidate, rule.rule.peers, rule.peers)) continue;
          found.push([
            'cluster-rule-shadowed',
            policy.spec.id,
            `${rulePath(rule.rule)} never decides: ${describe(earlier, candidate)} (${earlier.spec.id} ${rulePath(candidate.rule)}) matches every flow it matches, first`,
          ]);
          break;
        }
      }
    }
  });
  return found;
}

/** Admin rules that apply before `deny` to some of `pods` and may let part of `rule` through (Accept or Pass). */
function earlierEscape(
  res: Resolution,
  pods: readonly number[],
  deny: ResolvedClusterRule,
  rule: ResolvedRule,
): boolean {
  const direction = rule.rule.direction;
  for (const policy of res.cluster.policies) {
    if (policy.spec.tier !== 'Admin') break;
    const applies = pods.some((id) => subjectSet(policy).has(id));
    for (const candidate of policy.rules[direction]) {
      if (candidate === deny) return false;
      if (!applies || candidate.rule.action === 'Deny') continue;
      if (!portsOverlap(candidate.rule.ports, rule.rule.ports)) continue;
      const peersMeet =
        rule.peers === 'all' ||
        networksOf(candidate.rule.peers).length > 0 ||
        rule.peers.some((ids) => ids.some((id) => anyIncludes(candidate.peers, id)));
      if (peersMeet) return true;
    }
  }
  return false;
}

/** A NetworkPolicy allow rule that an Admin Deny overrides for every pod, peer and port it names. */
function deadAllowFindings(res: Resolution): Found[] {
  const found: Found[] = [];
  const admins = res.cluster.policies.filter(
    (policy) =>
      policy.spec.tier === 'Admin' &&
      DIRECTIONS.some((direction) => policy.rules[direction].some((rule) => rule.rule.action === 'Deny')),
  );
  for (const policy of res.policies as readonly ResolvedPolicy[]) {
    if (policy.selected.length === 0) continue;
    for (const direction of DIRECTIONS) {
      for (const rule of policy.rules[direction]) {
        const killer = admins
          .filter((admin) => subjectHolds(admin, policy.selected))
          .flatMap((admin) => admin.rules[direction].map((deny) => [admin, deny] as const))
          .find(
            ([, deny]) =>
              deny.rule.action === 'Deny' &&
              judgeable(deny.rule) &&
              portsCover(deny.rule.ports, rule.rule.ports) &&
              peersCovered(deny, rule.rule.peers, rule.peers === 'all' ? null : rule.peers) &&
              !earlierEscape(res, policy.selected, deny, rule),
          );
        if (!killer) continue;
        const [admin, deny] = killer;
        found.push([
          'admin-deny-overrides-network-policy',
          policy.spec.id,
          `${rulePath(rule.rule as PolicyRule)} admits nothing: ${describe(admin, deny)} (${admin.spec.id} ${rulePath(deny.rule)}) denies every flow it admits`,
        ]);
      }
    }
  }
  return found;
}

/** The namespaces a subject names by `kubernetes.io/metadata.name` In, or undefined when it can select others. */
function namedNamespaces(policy: ResolvedClusterPolicy): readonly string[] | undefined {
  return pinnedNamespaces(policy.spec.subject.namespaceSelector);
}

/** A NetworkPolicy with an empty podSelector isolates the direction: every pod of the namespace, present or future. */
function isolatedNamespaceWide(res: Resolution, namespace: string, direction: Direction): boolean {
  return res.policies.some(
    ({ spec }) => spec.namespace === namespace && spec.podSelector.isEmpty && spec.isolates.has(direction),
  );
}

/**
 * overview: NetworkPolicy "always makes a final decision for selected pods", so the Baseline tier never sees them.
 * Reported when no pod can ever reach the rules: the subject names its namespaces, each is in the input and isolated
 * namespace-wide for the direction. A subject that can select other namespaces guards the namespaces to come.
 */
function unreachableBaselineFindings(res: Resolution): Found[] {
  return res.cluster.policies.flatMap((policy): Found[] => {
    const named = namedNamespaces(policy);
    if (policy.spec.tier !== 'Baseline' || policy.subject.length === 0 || !named) return [];
    return hasRules(policy)
      .filter((direction) =>
        named.every(
          (namespace) => res.namespaces.has(namespace) && isolatedNamespaceWide(res, namespace, direction),
        ),
      )
      .map((direction) => [
        'baseline-rule-unreachable',
        policy.spec.id,
        `spec.${direction}: every pod the subject selects (${list(policy.subject.map((id) => res.endpoints[id].id))}) is isolated by NetworkPolicies for ${direction}, so its ${policy.rules[direction].length} rule(s) never apply`,
      ]);
  });
}

const experimentalFindings = (res: Resolution): Found[] =>
  res.cluster.policies.flatMap(({ spec }) =>
    DIRECTIONS.flatMap((direction) =>
      spec.rules[direction].flatMap((rule) =>
        rule.unevaluated.map((peer): Found => [
          'experimental-peer-not-evaluated',
          spec.id,
          `${peer.path}: the experimental ${peer.field} peer is not evaluated; netpol treats it as matching nothing`,
        ]),
      ),
    ),
  );

/**
 * A `destinationNamedPort` resolves on the destination (the subject for ingress, the peers for egress). The CRD
 * takes any string, but container port names are IANA service names, so a name no container declares (a typo, or
 * a number such as '8080') matches nothing: `cnpNamedPortProblem` says why when it is not a name at all.
 */
function namedPortFindings(res: Resolution): Found[] {
  return res.cluster.policies.flatMap((policy) =>
    DIRECTIONS.flatMap((direction) =>
      policy.rules[direction].flatMap((rule): Found[] => {
        const names = [
          ...new Set(
            (rule.rule.ports ?? []).flatMap((port) => (typeof port.port === 'string' ? [port.port] : [])),
          ),
        ];
        const destinations = direction === 'ingress' ? policy.subject : unionOf(rule.peers);
        const whose = direction === 'ingress' ? 'subject pods' : 'destination pods';
        return names.flatMap((name): Found[] => {
          const why = cnpNamedPortProblem(name);
          // A name that is not a port name ('8080') matches no pod of any cluster: reported with or without pods.
          if (why) {
            return [
              [
                'named-port-unresolved',
                policy.spec.id,
                `${rulePath(rule.rule)}.protocols: "${name}" can name no container port, so the rule matches nothing (${why})`,
              ],
            ];
          }
          const declared = destinations.some((id) =>
            res.endpoints[id].ports.some((port) => port.name === name),
          );
          if (destinations.length === 0 || declared) return [];
          return [
            [
              'named-port-unresolved',
              policy.spec.id,
              `${rulePath(rule.rule)}.protocols: no container of the ${whose} declares a port named "${name}"`,
            ],
          ];
        });
      }),
    ),
  );
}

export function lintClusterPolicies(res: Resolution): Finding[] {
  return [
    ...subjectFindings(res),
    ...withoutRulesFindings(res),
    ...priorityFindings(res),
    ...shadowFindings(res),
    ...deadAllowFindings(res),
    ...unreachableBaselineFindings(res),
    ...experimentalFindings(res),
    ...namedPortFindings(res),
  ].map(([rule, object, message]) => ({ rule, object, message }));
}
