import { LabelSelector, NetworkPolicy, Peer, Port, Protocol } from '../../lib/policies';
import { newChart, onlyPolicy } from './synth';

function portsOf(...ports: Port[]) {
  const chart = newChart();
  new NetworkPolicy(chart, 'p', {
    podSelector: LabelSelector.matchLabels({ app: 'api' }),
    ingress: [{ from: [Peer.any()], ports }],
  });
  return onlyPolicy(chart).spec.ingress[0].ports;
}

describe('Port', () => {
  it('renders numbers and names for all three protocols, protocol always explicit', () => {
    expect(portsOf(Port.tcp(8080), Port.udp(53), Port.sctp(9999), Port.tcp('http'))).toEqual([
      { protocol: 'TCP', port: 8080 },
      { protocol: 'UDP', port: 53 },
      { protocol: 'SCTP', port: 9999 },
      { protocol: 'TCP', port: 'http' },
    ]);
  });

  it('renders a range with endPort, and every port of a protocol without port', () => {
    expect(portsOf(Port.range('TCP', 30000, 32767), Port.allOf('UDP'))).toEqual([
      { protocol: 'TCP', port: 30000, endPort: 32767 },
      { protocol: 'UDP' },
    ]);
  });

  it('defaults the protocol of raw fields to TCP, and writes it', () => {
    expect(portsOf(Port.of({ port: 443 }))).toEqual([{ protocol: 'TCP', port: 443 }]);
  });

  it('accepts a one-port range and the bounds 1 and 65535', () => {
    expect(portsOf(Port.range('TCP', 1, 1), Port.tcp(65535))).toEqual([
      { protocol: 'TCP', port: 1, endPort: 1 },
      { protocol: 'TCP', port: 65535 },
    ]);
  });

  describe('refuses', () => {
    it.each([0, 65536, -1, 80.5])('the port number %p', (port) => {
      expect(() => portsOf(Port.tcp(port))).toThrow(
        `test/p: spec.ingress[0].ports[0].port = ${port}: a port number must be an integer from 1 to 65535. Fix: use a port in 1-65535.`,
      );
    });

    it('an endPort outside 1-65535', () => {
      expect(() => portsOf(Port.range('TCP', 1000, 70000))).toThrow(
        'test/p: spec.ingress[0].ports[0].endPort = 70000: a port number must be an integer from 1 to 65535. ' +
          'Fix: set endPort to a port from 1000 to 65535, or swap the two.',
      );
    });

    it('an endPort below port', () => {
      expect(() => portsOf(Port.tcp(80), Port.range('UDP', 2000, 1000))).toThrow(
        'test/p: spec.ingress[0].ports[1].endPort = 1000: endPort is below port 2000. Fix: set endPort to a port from 2000 to 65535, or swap the two.',
      );
    });

    it('an endPort with a named port', () => {
      expect(() => portsOf(Port.of({ port: 'http', endPort: 9000 }))).toThrow(
        "test/p: spec.ingress[0].ports[0].endPort = 9000: endPort cannot be combined with the named port 'http'. " +
          'Fix: use a numeric port with endPort, or drop endPort.',
      );
    });

    it('an endPort without port', () => {
      expect(() => portsOf(Port.of({ protocol: 'TCP', endPort: 9000 }))).toThrow(
        'test/p: spec.ingress[0].ports[0].endPort = 9000: endPort needs a starting port. Fix: set port to the first port of the range.',
      );
    });

    it.each([
      ['http-metrics-port', 'must be 1 to 15 characters (has 17)'],
      ['HTTP', "must use only lowercase 'a-z', '0-9' and '-'"],
      ['web_ui', "must use only lowercase 'a-z', '0-9' and '-'"],
      ['8080', 'must contain at least one letter'],
      ['-http', "must not start or end with '-'"],
      ['http-', "must not start or end with '-'"],
      ['http--alt', "must not contain '--'"],
      ['', 'must be 1 to 15 characters (has 0)'],
    ])('the named port %j (IANA_SVC_NAME)', (name, problem) => {
      expect(() => portsOf(Port.tcp(name))).toThrow(
        `test/p: spec.ingress[0].ports[0].port = ${JSON.stringify(name)}: a named port ${problem}. ` +
          "Fix: use the container port's name (e.g. 'http', at most 15 characters) or a port number.",
      );
    });

    it('an unknown protocol', () => {
      expect(() => portsOf(Port.of({ protocol: 'ICMP' as Protocol, port: 1 }))).toThrow(
        'test/p: spec.ingress[0].ports[0].protocol = "ICMP": unknown protocol, not one of TCP, UDP, SCTP. ' +
          'Fix: use Port.tcp(), Port.udp() or Port.sctp().',
      );
    });
  });
});
