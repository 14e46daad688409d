import { IConstruct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Protocol, endPortProblem, portNameProblem, portNumberProblem, protocolProblem } from '../kubernetes';
import { invalidInput } from './errors';

export type { Protocol } from '../kubernetes';

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
   * Validates the port (the API server's rules) and renders it as the Kubernetes API object.
   * @param scope the construct that owns the port, named in errors
   * @param field the port's path in the emitted object, named in errors
   */
  public render(scope: IConstruct, field: string): k8s.NetworkPolicyPort {
    const { port, endPort } = this.spec;
    const protocol = this.spec.protocol ?? 'TCP';
    const fail = (name: string, value: unknown, problem: string, fix: string): never => {
      throw invalidInput(scope, `${field}.${name}`, value, problem, fix);
    };
    const badProtocol = protocolProblem(protocol);
    if (badProtocol) fail('protocol', protocol, badProtocol, 'use Port.tcp(), Port.udp() or Port.sctp()');
    if (typeof port === 'string') {
      const badName = portNameProblem(port);
      if (badName) fail('port', port, badName, NAMED_PORT_FIX);
    } else if (port !== undefined) {
      const badNumber = portNumberProblem(port);
      if (badNumber) fail('port', port, badNumber, 'use a port in 1-65535');
    }
    const badEndPort = endPort === undefined ? undefined : endPortProblem(port, endPort);
    if (badEndPort) fail('endPort', endPort, badEndPort, endPortFix(port));
    return {
      protocol,
      port: port === undefined ? undefined : toIntOrString(port),
      endPort,
    };
  }
}

const NAMED_PORT_FIX = "use the container port's name (e.g. 'http', at most 15 characters) or a port number";

function endPortFix(port: number | string | undefined): string {
  if (port === undefined) return 'set port to the first port of the range';
  if (typeof port === 'string') return 'use a numeric port with endPort, or drop endPort';
  return `set endPort to a port from ${port} to 65535, or swap the two`;
}

function toIntOrString(port: number | string): k8s.IntOrString {
  return typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port);
}
