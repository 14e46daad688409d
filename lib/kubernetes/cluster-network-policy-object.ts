/**
 * A whole ClusterNetworkPolicy object checked against the API's rules (./cluster-network-policy), field by field,
 * as the API server would on create: the first problem found, with the path of the field it concerns. For readers
 * of manifests (netpol, the charts' schema test) that hold the object as parsed YAML; the constructs check their
 * props one by one instead, to name the prop and a fix. Rules documented but not enforced by the v0.2.0 CRD
 * (`domainNames` only with Accept; no named port with networks peers in the standard channel) are checked too,
 * since an object breaking them has no defined meaning.
 */
import {
  CLUSTER_NETWORK_POLICY_API_VERSION,
  CLUSTER_NETWORK_POLICY_KIND,
  CnpAction,
  CnpDirection,
  CnpPeerKind,
  cnpActionForPeerProblem,
  cnpActionProblem,
  cnpNamedPortPeerProblem,
  cnpPeerCountProblem,
  cnpPeerKind,
  cnpPeerProblem,
  cnpPriorityProblem,
  cnpProtocolCountProblem,
  cnpProtocolProblem,
  cnpRuleCountProblem,
  cnpRuleNameProblem,
  cnpSubjectProblem,
  cnpTierProblem,
} from './cluster-network-policy';
import { dnsSubdomainProblem } from './names';

/** A problem with one field of an object. */
export interface FieldProblem {
  /** The field's path, e.g. `spec.egress[0].to[1].networks`. */
  readonly field: string;
  readonly problem: string;
}

/** The first problem of a ClusterNetworkPolicy object, or undefined when the API server would accept it. */
export function clusterNetworkPolicyProblem(object: unknown): FieldProblem | undefined {
  if (!isRecord(object)) return { field: '', problem: 'must be an object' };
  if (
    object.apiVersion !== CLUSTER_NETWORK_POLICY_API_VERSION ||
    object.kind !== CLUSTER_NETWORK_POLICY_KIND
  ) {
    return {
      field: 'apiVersion/kind',
      problem: `must be ${CLUSTER_NETWORK_POLICY_API_VERSION} ${CLUSTER_NETWORK_POLICY_KIND}`,
    };
  }
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const nameProblem = dnsSubdomainProblem(name);
  if (nameProblem) return { field: 'metadata.name', problem: nameProblem };
  if (metadata.namespace !== undefined) {
    return {
      field: 'metadata.namespace',
      problem: 'a ClusterNetworkPolicy is cluster-scoped and has no namespace',
    };
  }
  if (!isRecord(object.spec)) return { field: 'spec', problem: 'is required' };
  return specProblem(object.spec);
}

function specProblem(spec: Record<string, unknown>): FieldProblem | undefined {
  const tierProblem = cnpTierProblem(spec.tier);
  if (tierProblem) return { field: 'spec.tier', problem: tierProblem };
  const priorityProblem = cnpPriorityProblem(spec.priority);
  if (priorityProblem) return { field: 'spec.priority', problem: priorityProblem };
  const subjectProblem = cnpSubjectProblem(spec.subject);
  if (subjectProblem) return { field: 'spec.subject', problem: subjectProblem };
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = spec[direction];
    if (rules === undefined || rules === null) continue;
    if (!Array.isArray(rules)) return { field: `spec.${direction}`, problem: 'must be a list of rules' };
    const countProblem = cnpRuleCountProblem(rules.length);
    if (countProblem) return { field: `spec.${direction}`, problem: countProblem };
    for (const [i, rule] of rules.entries()) {
      const problem = ruleProblem(direction, rule, `spec.${direction}[${i}]`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function ruleProblem(direction: CnpDirection, rule: unknown, field: string): FieldProblem | undefined {
  if (!isRecord(rule)) return { field, problem: 'must be an object' };
  if (rule.name !== undefined) {
    const nameProblem = cnpRuleNameProblem(rule.name);
    if (nameProblem) return { field: `${field}.name`, problem: nameProblem };
  }
  const actionProblem = cnpActionProblem(rule.action);
  if (actionProblem) return { field: `${field}.action`, problem: actionProblem };
  const peersField = direction === 'ingress' ? 'from' : 'to';
  const peers = rule[peersField];
  if (!Array.isArray(peers))
    return { field: `${field}.${peersField}`, problem: 'is required: a list of peers' };
  const countProblem = cnpPeerCountProblem(peers.length);
  if (countProblem) return { field: `${field}.${peersField}`, problem: countProblem };
  const kinds: CnpPeerKind[] = [];
  for (const [i, peer] of peers.entries()) {
    const peerField = `${field}.${peersField}[${i}]`;
    const problem = cnpPeerProblem(direction, peer);
    if (problem) return { field: peerField, problem };
    const kind = cnpPeerKind(peer as Record<string, unknown>);
    const actionForPeer = cnpActionForPeerProblem(rule.action as CnpAction, kind);
    if (actionForPeer) return { field: peerField, problem: actionForPeer };
    kinds.push(kind);
  }
  return protocolsProblem(rule.protocols, kinds, `${field}.protocols`);
}

function protocolsProblem(protocols: unknown, kinds: CnpPeerKind[], field: string): FieldProblem | undefined {
  if (protocols === undefined || protocols === null) return undefined;
  if (!Array.isArray(protocols)) return { field, problem: 'must be a list' };
  const countProblem = cnpProtocolCountProblem(protocols.length);
  if (countProblem) return { field, problem: countProblem };
  for (const [i, protocol] of protocols.entries()) {
    const problem = cnpProtocolProblem(protocol);
    if (problem) return { field: `${field}[${i}]`, problem };
    if ((protocol as Record<string, unknown>).destinationNamedPort !== undefined) {
      const peerProblem = cnpNamedPortPeerProblem(kinds);
      if (peerProblem) return { field: `${field}[${i}].destinationNamedPort`, problem: peerProblem };
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
