/**
 * The rules of a NetworkPolicyPort (ValidateNetworkPolicyPort in pkg/apis/networking/validation, with IsValidPortNum
 * and IsValidPortName of apimachinery), as predicates returning the reason a value is invalid, or undefined.
 */

/** The protocols a NetworkPolicy port can name. */
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export function isProtocol(value: unknown): value is Protocol {
  return typeof value === 'string' && (PROTOCOLS as readonly string[]).includes(value);
}

export function protocolProblem(protocol: unknown): string | undefined {
  return isProtocol(protocol) ? undefined : `unknown protocol, not one of ${PROTOCOLS.join(', ')}`;
}

/** IsValidPortNum. */
export function portNumberProblem(port: unknown): string | undefined {
  const valid = typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
  return valid ? undefined : 'a port number must be an integer from 1 to 65535';
}

/** IsValidPortName: IANA_SVC_NAME (RFC 6335), the rule for the container port names a policy refers to. */
export function portNameProblem(name: string): string | undefined {
  const problem = ianaServiceNameProblem(name);
  return problem && `a named port ${problem}`;
}

function ianaServiceNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 15) return `must be 1 to 15 characters (has ${name.length})`;
  if (!/^[-a-z0-9]+$/.test(name)) return "must use only lowercase 'a-z', '0-9' and '-'";
  if (!/[a-z]/.test(name)) return 'must contain at least one letter';
  if (name.startsWith('-') || name.endsWith('-')) return "must not start or end with '-'";
  if (name.includes('--')) return "must not contain '--'";
  return undefined;
}

/** `endPort` closes a range opened by a numeric `port` (given, so the caller checks it against `port`). */
export function endPortProblem(port: unknown, endPort: unknown): string | undefined {
  if (port === undefined || port === null) return 'endPort needs a starting port';
  if (typeof port === 'string') return `endPort cannot be combined with the named port '${port}'`;
  const numberProblem = portNumberProblem(endPort);
  if (numberProblem) return numberProblem;
  if (typeof port === 'number' && (endPort as number) < port) return `endPort is below port ${port}`;
  return undefined;
}
