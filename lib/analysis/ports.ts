import { FieldError } from './errors';
import { isProtocol, type ContainerPort, type Probe, type Protocol } from './types';

/** One entry of a rule's `ports`, with the protocol default (TCP) applied. */
export interface PortRule {
  protocol: Protocol;
  /** Undefined: every port of the protocol. A string: a named port of the destination's containers. */
  port?: number | string;
  endPort?: number;
}

/** `null` means the rule has no `ports` (or an empty list): it matches every port and protocol. */
export type PortRules = readonly PortRule[] | null;

// validation.IsValidPortName: IANA_SVC_NAME, at most 15 characters, at least one letter.
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-))*$/;

function isPortNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

function compilePortRule(raw: unknown, path: string): PortRule {
  if (typeof raw !== 'object' || raw === null) throw new FieldError(path, 'must be an object');
  const { protocol = 'TCP', port, endPort } = raw as Record<string, unknown>;
  if (!isProtocol(protocol)) {
    throw new FieldError(`${path}.protocol`, `must be TCP, UDP or SCTP, got ${JSON.stringify(protocol)}`);
  }
  if (port === undefined || port === null) {
    if (endPort !== undefined)
      throw new FieldError(`${path}.endPort`, 'may not be specified when port is not');
    return { protocol };
  }
  if (typeof port === 'string') {
    if (port.length > 15 || !PORT_NAME.test(port) || port.endsWith('-')) {
      throw new FieldError(`${path}.port`, `invalid port name "${port}" (IANA service name: a-z, 0-9, -)`);
    }
    if (endPort !== undefined)
      throw new FieldError(`${path}.endPort`, 'may not be specified when port is named');
    return { protocol, port };
  }
  if (!isPortNumber(port))
    throw new FieldError(`${path}.port`, `must be 1-65535 or a port name, got ${port}`);
  if (endPort === undefined || endPort === null) return { protocol, port };
  if (!isPortNumber(endPort)) throw new FieldError(`${path}.endPort`, `must be 1-65535, got ${endPort}`);
  if (endPort < port) throw new FieldError(`${path}.endPort`, `${endPort} must be >= port ${port}`);
  return { protocol, port, endPort };
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
