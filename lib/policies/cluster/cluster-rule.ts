import { IConstruct } from 'constructs';
import {
  CNP_MAX_PEERS,
  CNP_MAX_PROTOCOLS,
  CnpAction,
  CnpDirection,
  cnpActionForPeerProblem,
  cnpActionProblem,
  cnpNamedPortPeerProblem,
  cnpPeerCountProblem,
  cnpProtocolCountProblem,
  cnpRuleNameProblem,
} from '../../kubernetes';
import {
  ClusterNetworkPolicySpecEgress,
  ClusterNetworkPolicySpecEgressAction,
  ClusterNetworkPolicySpecIngress,
  ClusterNetworkPolicySpecIngressAction,
} from '../imports/policy.networking.k8s.io';
import { invalidInput } from '../errors';
import { ClusterPeer } from './cluster-peer';
import { ClusterPort } from './cluster-port';

/**
 * What a rule does with the traffic it matches: `Accept` and `Deny` are final (no later rule, policy or tier is
 * consulted); `Pass` skips the rest of this tier, so the next tier decides (Admin passes to the namespaces'
 * NetworkPolicies, then Baseline; Baseline passes to the default, allow).
 */
export type ClusterPolicyAction = CnpAction;

/** Fields shared by ingress and egress rules. */
export interface ClusterRuleOptions {
  /**
   * A name for the rule (at most 100 characters), shown by implementations and by `netpol explain`.
   * @default - no name
   */
  readonly name?: string;
  /** What the rule does with the traffic it matches. */
  readonly action: ClusterPolicyAction;
  /**
   * The destination ports the rule matches (1 to 25).
   * @default - every protocol and port
   */
  readonly ports?: ClusterPort[];
}

/** A rule for traffic into the subject's pods. Rules are evaluated in order: the first that matches decides. */
export interface ClusterIngressRule extends ClusterRuleOptions {
  /** Where the traffic comes from (1 to 25 peers): namespaces or pods. */
  readonly from: ClusterPeer[];
}

/** A rule for traffic out of the subject's pods. Rules are evaluated in order: the first that matches decides. */
export interface ClusterEgressRule extends ClusterRuleOptions {
  /** Where the traffic goes (1 to 25 peers): namespaces, pods, networks (or, experimental, nodes, domainNames). */
  readonly to: ClusterPeer[];
}

const INGRESS_ACTIONS: Record<CnpAction, ClusterNetworkPolicySpecIngressAction> = {
  Accept: ClusterNetworkPolicySpecIngressAction.ACCEPT,
  Deny: ClusterNetworkPolicySpecIngressAction.DENY,
  Pass: ClusterNetworkPolicySpecIngressAction.PASS,
};

const EGRESS_ACTIONS: Record<CnpAction, ClusterNetworkPolicySpecEgressAction> = {
  Accept: ClusterNetworkPolicySpecEgressAction.ACCEPT,
  Deny: ClusterNetworkPolicySpecEgressAction.DENY,
  Pass: ClusterNetworkPolicySpecEgressAction.PASS,
};

export function renderIngressRule(
  scope: IConstruct,
  field: string,
  rule: ClusterIngressRule,
): ClusterNetworkPolicySpecIngress {
  const { name, peers, protocols } = renderRule(scope, field, 'ingress', rule, rule.from);
  return { name, action: INGRESS_ACTIONS[rule.action], from: peers, protocols };
}

export function renderEgressRule(
  scope: IConstruct,
  field: string,
  rule: ClusterEgressRule,
): ClusterNetworkPolicySpecEgress {
  const { name, peers, protocols } = renderRule(scope, field, 'egress', rule, rule.to);
  return { name, action: EGRESS_ACTIONS[rule.action], to: peers, protocols };
}

function renderRule(
  scope: IConstruct,
  field: string,
  direction: CnpDirection,
  rule: ClusterRuleOptions,
  peers: ClusterPeer[],
) {
  const peerField = `${field}.${direction === 'ingress' ? 'from' : 'to'}`;
  const nameProblem = rule.name === undefined ? undefined : cnpRuleNameProblem(rule.name);
  if (nameProblem) {
    throw invalidInput(scope, `${field}.name`, rule.name, `a rule name ${nameProblem}`, 'shorten the name');
  }
  const actionProblem = cnpActionProblem(rule.action);
  if (actionProblem) {
    throw invalidInput(
      scope,
      `${field}.action`,
      rule.action,
      actionProblem,
      "use 'Accept', 'Deny' or 'Pass'",
    );
  }
  const peerCountProblem = cnpPeerCountProblem(peers.length);
  if (peerCountProblem) {
    const fix =
      peers.length === 0
        ? 'list at least one peer; ClusterPeer.allNamespaces() matches every pod'
        : `split the peers over rules of at most ${CNP_MAX_PEERS}, with the same action`;
    throw invalidInput(scope, peerField, `${peers.length} peers`, peerCountProblem, fix);
  }
  const rendered = peers.map((peer, i) => peer.render(scope, `${peerField}[${i}]`, direction));
  peers.forEach((peer, i) => {
    const problem = cnpActionForPeerProblem(rule.action, peer.kind);
    if (problem) {
      throw invalidInput(
        scope,
        `${field}.action`,
        rule.action,
        `${peerField}[${i}]: ${problem}`,
        "use action 'Accept' with domainNames, followed by a rule that denies the rest",
      );
    }
  });
  return { name: rule.name, peers: rendered, protocols: renderPorts(scope, field, rule.ports, peers) };
}

function renderPorts(
  scope: IConstruct,
  field: string,
  ports: ClusterPort[] | undefined,
  peers: ClusterPeer[],
) {
  if (ports === undefined) return undefined;
  const countProblem = cnpProtocolCountProblem(ports.length);
  if (countProblem) {
    const fix =
      ports.length === 0
        ? 'omit ports to match every port, or list the ports'
        : `split the ports over rules of at most ${CNP_MAX_PROTOCOLS}, or use ClusterPort.range()`;
    throw invalidInput(scope, `${field}.protocols`, `${ports.length} ports`, countProblem, fix);
  }
  const namedIndex = ports.findIndex((port) => port.isNamed);
  const namedPeerProblem =
    namedIndex < 0 ? undefined : cnpNamedPortPeerProblem(peers.map((peer) => peer.kind));
  if (namedPeerProblem) {
    throw invalidInput(
      scope,
      `${field}.protocols[${namedIndex}].destinationNamedPort`,
      ports[namedIndex].render(scope, `${field}.protocols[${namedIndex}]`).destinationNamedPort,
      namedPeerProblem,
      'use a port number for those peers, or move them to a rule of their own',
    );
  }
  return ports.map((port, i) => port.render(scope, `${field}.protocols[${i}]`));
}
