import { IConstruct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { invalidInput } from './errors';
import { ianaServiceNameProblem } from './names';

/** The protocols a NetworkPolicy port can name. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

const PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];

/** A port in a NetworkPolicy rule, as the raw fields of the Kubernetes API. */
export interface PortSpec {
  /**
   * The protocol. Always emitted, so a reader never has to remember that Kubernetes defaults to TCP.
   * @default 'TCP'
   */
  readonly protocol?: Protocol;
  /**
   * A port number (1-65535) or a named container port (IANA_SVC_NAME) of the destination pod.
   * @default - every port of the protocol
   */
  readonly port?: number | string;
  /**
   * The last port of a range that starts at `port` (a number); not allowed with a named port.
   * @default - a single port
   */
  readonly endPort?: number;
}

/** Ports for NetworkPolicy rules: a number, a named container port, a range, or every port of a protocol. */
export class Port {
  /** A TCP port, by number or by container port name. */
  public static tcp(port: number | string): Port {
    return new Port({ protocol: 'TCP', port });
  }
  /** A UDP port, by number or by container port name. */
  public static udp(port: number | string): Port {
    return new Port({ protocol: 'UDP', port });
  }
  /** An SCTP port, by number or by container port name. */
  public static sctp(port: number | string): Port {
    return new Port({ protocol: 'SCTP', port });
  }
  /** The ports `from` to `to`, both included (`endPort`). */
  public static range(protocol: Protocol, from: number, to: number): Port {
    return new Port({ protocol, port: from, endPort: to });
  }
  /** Every port of one protocol. */
  public static allOf(protocol: Protocol): Port {
    return new Port({ protocol });
  }
  /** A port from raw fields, e.g. read from configuration. */
  public static of(spec: PortSpec): Port {
    return new Port(spec);
  }

  private constructor(private readonly spec: PortSpec) {}

  /**
   * Validates the port and renders it as the Kubernetes API object.
   * @param scope the construct that owns the port, named in errors
   * @param field the port's path in the emitted object, named in errors
   */
  public render(scope: IConstruct, field: string): k8s.NetworkPolicyPort {
    const { port, endPort } = this.spec;
    const protocol = this.spec.protocol ?? 'TCP';
    if (!PROTOCOLS.includes(protocol)) {
      throw invalidInput(
        scope,
        `${field}.protocol`,
        protocol,
        'unknown protocol',
        `use one of ${PROTOCOLS.join(', ')}`,
      );
    }
    if (typeof port === 'string') validateNamedPort(scope, field, port, endPort);
    if (typeof port === 'number') validatePortNumber(scope, `${field}.port`, port);
    if (endPort !== undefined) validateEndPort(scope, field, port, endPort);
    return {
      protocol,
      port: port === undefined ? undefined : toIntOrString(port),
      endPort,
    };
  }
}

function toIntOrString(port: number | string): k8s.IntOrString {
  return typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port);
}

function validatePortNumber(scope: IConstruct, field: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalidInput(
      scope,
      field,
      port,
      'a port number must be an integer from 1 to 65535',
      'use a port in 1-65535',
    );
  }
}

function validateNamedPort(
  scope: IConstruct,
  field: string,
  name: string,
  endPort: number | undefined,
): void {
  const problem = ianaServiceNameProblem(name);
  if (problem) {
    throw invalidInput(
      scope,
      `${field}.port`,
      name,
      `a named port ${problem}`,
      "use the container port's name (e.g. 'http', at most 15 characters) or a port number",
    );
  }
  if (endPort !== undefined) {
    throw invalidInput(
      scope,
      `${field}.endPort`,
      endPort,
      `endPort cannot be combined with the named port '${name}'`,
      'use a numeric port with endPort, or drop endPort',
    );
  }
}

function validateEndPort(
  scope: IConstruct,
  field: string,
  port: number | string | undefined,
  endPort: number,
): void {
  if (port === undefined) {
    throw invalidInput(
      scope,
      `${field}.endPort`,
      endPort,
      'endPort needs a starting port',
      'set port to the first port of the range',
    );
  }
  validatePortNumber(scope, `${field}.endPort`, endPort);
  if (typeof port === 'number' && endPort < port) {
    throw invalidInput(
      scope,
      `${field}.endPort`,
      endPort,
      `endPort is below port ${port}`,
      `set endPort to at least ${port}, or swap the two`,
    );
  }
}
