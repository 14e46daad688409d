import { IConstruct } from 'constructs';
import {
  Protocol,
  cnpNamedPortProblem,
  cnpPortRangeProblem,
  portNumberProblem,
  protocolProblem,
} from '../../kubernetes';
import type { ClusterNetworkPolicySpecEgressProtocols } from '../imports/policy.networking.k8s.io';
import { invalidInput } from '../errors';

/** The first and last port numbers. */
const FIRST_PORT = 1;
const LAST_PORT = 65535;

/**
 * A destination port of a ClusterNetworkPolicy rule (ClusterNetworkPolicyProtocol): a protocol with a port number
 * or a range, or a named container port of the destination pods. A rule without ports matches every protocol and
 * port.
 */
export class ClusterPort {
  /** A TCP port number. */
  public static tcp(port: number): ClusterPort {
    return new ClusterPort({ protocol: 'TCP', start: port });
  }
  /** A UDP port number. */
  public static udp(port: number): ClusterPort {
    return new ClusterPort({ protocol: 'UDP', start: port });
  }
  /** An SCTP port number. */
  public static sctp(port: number): ClusterPort {
    return new ClusterPort({ protocol: 'SCTP', start: port });
  }
  /** The ports `start` to `end`, both included; `start` must be below `end` (a single port is a number). */
  public static range(protocol: Protocol, start: number, end: number): ClusterPort {
    return new ClusterPort({ protocol, start, end });
  }
  /** Every port of one protocol (the range 1 to 65535: the API has no protocol without a port). */
  public static allOf(protocol: Protocol): ClusterPort {
    return new ClusterPort({ protocol, start: FIRST_PORT, end: LAST_PORT });
  }
  /**
   * A named container port of the destination pods (`destinationNamedPort`), of any protocol. Pods and namespaces
   * peers only: networks, nodes and domain names have no named ports.
   */
  public static named(name: string): ClusterPort {
    return new ClusterPort({ name });
  }

  private constructor(
    private readonly spec: { protocol?: Protocol; start?: number; end?: number; name?: string },
  ) {}

  /** True for a named port, which only pods and namespaces peers can have. */
  public get isNamed(): boolean {
    return this.spec.name !== undefined;
  }

  /**
   * Validates the port and renders it.
   * @param scope the construct that owns the port, named in errors
   * @param field the entry's path in the emitted object, named in errors
   */
  public render(scope: IConstruct, field: string): ClusterNetworkPolicySpecEgressProtocols {
    const { protocol, start, end, name } = this.spec;
    if (name !== undefined) {
      const problem = cnpNamedPortProblem(name);
      if (problem) {
        const fix = /^\d+$/.test(name)
          ? `use ClusterPort.tcp(${name}) (or udp / sctp) for a port number`
          : "use the container port's name, e.g. 'http' (lowercase, at most 15 characters)";
        throw invalidInput(scope, `${field}.destinationNamedPort`, name, problem, fix);
      }
      return { destinationNamedPort: name };
    }
    const key = (protocol as string).toLowerCase() as 'tcp' | 'udp' | 'sctp';
    const badProtocol = protocolProblem(protocol);
    if (badProtocol) {
      throw invalidInput(scope, field, protocol, badProtocol, 'use ClusterPort.tcp(), udp() or sctp()');
    }
    const portField = `${field}.${key}.destinationPort`;
    if (end === undefined) {
      const problem = portNumberProblem(start);
      if (problem) throw invalidInput(scope, `${portField}.number`, start, problem, 'use a port in 1-65535');
      return { [key]: { destinationPort: { number: start } } };
    }
    const problem = cnpPortRangeProblem(start, end);
    if (problem) {
      const fix =
        start === end
          ? `use ClusterPort.${key}(${start}) for one port`
          : 'give a start below the end, both in 1-65535';
      throw invalidInput(scope, `${portField}.range`, { start, end }, problem, fix);
    }
    return { [key]: { destinationPort: { range: { start, end } } } };
  }
}
