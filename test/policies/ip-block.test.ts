import { LabelSelector, NetworkPolicy, Peer } from '../../lib/policies';
import { newChart, onlyPolicy } from './synth';

function peersOf(...to: Peer[]) {
  const chart = newChart();
  new NetworkPolicy(chart, 'p', { podSelector: LabelSelector.matchLabels({ app: 'api' }), egress: [{ to }] });
  return onlyPolicy(chart).spec.egress[0].to;
}

describe('Peer.ipBlock', () => {
  it('renders IPv4 and IPv6 blocks, with except only when there are exceptions', () => {
    expect(
      peersOf(
        Peer.ipBlock('10.0.0.0/8', ['10.1.0.0/16', '10.2.3.4/32']),
        Peer.ipBlock('2001:db8::/32', ['2001:db8:1::/48']),
        Peer.ipBlock('0.0.0.0/0'),
      ),
    ).toEqual([
      { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.3.4/32'] } },
      { ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } },
      { ipBlock: { cidr: '0.0.0.0/0' } },
    ]);
  });

  describe('refuses', () => {
    it.each(['10.0.0/8', '10.0.0.0/33', '10.0.0.0', '300.0.0.0/8', 'not-a-cidr', '2001:db8::/129', '10/8'])(
      'the malformed CIDR %j',
      (cidr) => {
        expect(() => peersOf(Peer.ipBlock(cidr))).toThrow(
          `test/p: spec.egress[0].to[0].ipBlock.cidr = ${JSON.stringify(cidr)}: not a CIDR block. ` +
            "Fix: write an address and a prefix length, e.g. '10.0.0.0/16' or '2001:db8::/32'.",
        );
      },
    );

    it('a CIDR with host bits set, suggesting the network address', () => {
      expect(() => peersOf(Peer.ipBlock('10.0.0.1/8'))).toThrow(
        'test/p: spec.egress[0].to[0].ipBlock.cidr = "10.0.0.1/8": host bits are set. Fix: use the network address: \'10.0.0.0/8\'.',
      );
    });

    it.each([
      ['010.0.0.0/8', 'an octet or the prefix length has a leading 0, which some software reads as octal'],
      ['10.0.0.0/08', 'an octet or the prefix length has a leading 0, which some software reads as octal'],
      [
        '::ffff:10.0.0.0/104',
        'an IPv4-mapped IPv6 block is IPv4 to some software and IPv6 to other software',
      ],
    ])('%j, which the API server accepts but reads ambiguously (strict on purpose)', (cidr, problem) => {
      expect(() => peersOf(Peer.ipBlock(cidr))).toThrow(
        `test/p: spec.egress[0].to[0].ipBlock.cidr = ${JSON.stringify(cidr)}: ${problem}. ` +
          "Fix: use the network address: '10.0.0.0/8'.",
      );
    });

    it('an except with host bits set, though the API server would read it as the network', () => {
      expect(() => peersOf(Peer.ipBlock('10.0.0.0/8', ['10.1.2.3/16']))).toThrow(
        'test/p: spec.egress[0].to[0].ipBlock.except[0] = "10.1.2.3/16": host bits are set. ' +
          "Fix: use the network address: '10.1.0.0/16'.",
      );
    });

    it.each([
      ['outside it', '192.168.0.0/16'],
      ['equal to it', '10.0.0.0/8'],
      ['larger than it', '10.0.0.0/7'],
      ['of the other family', '2001:db8::/32'],
    ])('an except %s', (_, exception) => {
      expect(() => peersOf(Peer.ipBlock('10.0.0.0/8', ['10.1.0.0/16', exception]))).toThrow(
        `test/p: spec.egress[0].to[0].ipBlock.except[1] = ${JSON.stringify(exception)}: ` +
          "an exception must be strictly inside its CIDR '10.0.0.0/8'. Fix: use a longer prefix within '10.0.0.0/8', or drop the exception.",
      );
    });

    it('a malformed except', () => {
      expect(() => peersOf(Peer.ipBlock('10.0.0.0/8', ['10.1.0.0']))).toThrow(
        'test/p: spec.egress[0].to[0].ipBlock.except[0] = "10.1.0.0": not a CIDR block. ' +
          "Fix: write an address and a prefix length, e.g. '10.0.0.0/16' or '2001:db8::/32'.",
      );
    });
  });
});
