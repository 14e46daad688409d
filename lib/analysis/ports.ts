import { endPortProblem, portNameProblem, portNumberProblem, protocolProblem } from '../kubernetes';
import { FieldError } from './errors';
import { MAX_PORT, MIN_PORT, PortSet, type PortRange } from './port-set';
import type { ContainerPort, Probe, Protocol } from './types';

/** One entry of a rule's `ports`, with the protocol default (TCP) applied. */
export interface PortRule {
  protocol: Protocol;
  /** Undefined: every port of the protocol. A string: a named port of the destination's containers. */
  port?: number | string;
  endPort?: number;
}

/** `null` means the rule has no `ports` (or an empty list): it matches every port and protocol. */
export type PortRules = readonly PortRule[] | null;

/** ValidateNetworkPolicyPort, by the rules of lib/kubernetes (the schema has checked the types already). */
function compilePortRule(raw: unknown, path: string): PortRule {
  if (typeof raw !== 'object' || raw === null) throw new FieldError(path, 'must be an object');
  const { protocol = 'TCP', port, endPort } = raw as Record<string, unknown>;
  const problems: Array<[string, unknown, string | undefined]> = [
    ['protocol', protocol, protocolProblem(protocol)],
    ['port', port, portProblem(port)],
    [
      'endPort',
      endPort,
      endPort === undefined || endPort === null ? undefined : endPortProblem(port, endPort),
    ],
  ];
  for (const [field, value, problem] of problems) {
    if (problem) throw FieldError.invalid(`${path}.${field}`, value, problem);
  }
  const rule: PortRule = { protocol: protocol as Protocol };
  if (port !== undefined && port !== null) rule.port = port as number | string;
  if (typeof endPort === 'number') rule.endPort = endPort;
  return rule;
}

function portProblem(port: unknown): string | undefined {
  if (port === undefined || port === null) return undefined;
  return typeof port === 'string' ? portNameProblem(port) : portNumberProblem(port);
}

export function compilePortRules(raw: unknown, path: string): PortRules {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw)) throw new FieldError(path, 'must be a list');
  return raw.length === 0 ? null : raw.map((entry, i) => compilePortRule(entry, `${path}[${i}]`));
}

/** True when the answer depends on the destination, i.e. some port is named. */
export function hasNamedPort(rules: PortRules): boolean {
  return rules !== null && rules.some((rule) => typeof rule.port === 'string');
}

function portRuleMatches(rule: PortRule, probe: Probe, destinationPorts: readonly ContainerPort[]): boolean {
  if (rule.protocol !== probe.protocol) return false;
  if (rule.port === undefined) return true;
  if (typeof rule.port === 'number')
    return probe.port >= rule.port && probe.port <= (rule.endPort ?? rule.port);
  const name = rule.port;
  return destinationPorts.some(
    (p) => p.name === name && p.protocol === probe.protocol && p.port === probe.port,
  );
}

/**
 * Named ports resolve on the destination's container ports, whichever side the rule belongs to;
 * without named ports the answer is the same for every destination.
 */
export function portsMatch(
  rules: PortRules,
  probe: Probe,
  destinationPorts: readonly ContainerPort[],
): boolean {
  return rules === null || rules.some((rule) => portRuleMatches(rule, probe, destinationPorts));
}

const isPortNumber = (port: number): boolean =>
  Number.isInteger(port) && port >= MIN_PORT && port <= MAX_PORT;

function portRuleSet(rule: PortRule, destinationPorts: readonly ContainerPort[]): PortSet {
  if (rule.port === undefined) return PortSet.of(rule.protocol, [[MIN_PORT, MAX_PORT]]);
  if (typeof rule.port === 'number')
    return PortSet.of(rule.protocol, [[rule.port, rule.endPort ?? rule.port]]);
  const name = rule.port;
  // A declared port outside 1-65535 is no port a probe can name, so portsMatch never matches it either.
  const declared = destinationPorts.filter(
    (p) => p.name === name && p.protocol === rule.protocol && isPortNumber(p.port),
  );
  return PortSet.of(
    rule.protocol,
    declared.map((p): PortRange => [p.port, p.port]),
  );
}

/**
 * Every (protocol, port) that `portsMatch` accepts for this destination, as one set: the same rules, answered for
 * all probes at once. Named ports resolve on the destination's container ports.
 */
export function portSetOf(rules: PortRules, destinationPorts: readonly ContainerPort[]): PortSet {
  if (rules === null) return PortSet.all();
  return rules.reduce((set, rule) => set.union(portRuleSet(rule, destinationPorts)), PortSet.empty());
}
