import {
  canonicalCidr,
  cidrContains,
  cidrProblem,
  exceptProblem,
  parseCidr,
  parseIp,
  strictCidrProblem,
  type Cidr,
} from '../../lib/kubernetes';

const cidr = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`test setup: ${text} does not parse`);
  return parsed;
};
const contains = (block: string, ip: string): boolean => cidrContains(cidr(block), parseIp(ip)!);

/** What the API server accepts in an ipBlock (ParseCIDRSloppy), and how it reads it. */
describe('parseCidr reads blocks as the API server does', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.1/8', '10.0.0.0/8'],
    ['010.000.0.0/8', '10.0.0.0/8'],
    ['10.0.0.0/08', '10.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['192.168.1.1/32', '192.168.1.1/32'],
    ['2001:DB8::1/32', '2001:db8::/32'],
    ['::/0', '::/0'],
    ['::ffff:10.1.0.0/112', '10.1.0.0/16'],
  ])('accepts %j as the block %s', (text, canonical) => {
    expect(cidrProblem(text)).toBeUndefined();
    expect(canonicalCidr(cidr(text))).toBe(canonical);
  });

  it.each([
    '10/8',
    '10.0.0/8',
    '10.0.0.0',
    '10.0.0.0/',
    '/8',
    '10.0.0.0/33',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    '256.0.0.0/8',
    '0x0a.0.0.0/8',
    '2001:db8::/129',
    'fe80::1%eth0/64',
    '2001:db8::g/32',
    ' 10.0.0.0/8',
    '',
    '1.2.3.4.5/32',
    '1.2.3.4.5',
  ])('refuses %j', (text) => {
    expect(cidrProblem(text)).toBe('not a CIDR block');
    expect(parseCidr(text)).toBeUndefined();
  });

  it('refuses what is not a string', () => {
    expect(cidrProblem(8)).toBe('not a CIDR block');
    expect(cidrProblem(undefined)).toBe('not a CIDR block');
  });
});

describe('strictCidrProblem: what StrictIPCIDRValidation refuses, and the constructs refuse on purpose', () => {
  it.each([
    ['10.0.0.1/8', 'host bits are set'],
    ['2001:db8::1/32', 'host bits are set'],
    ['010.0.0.0/8', 'an octet or the prefix length has a leading 0, which some software reads as octal'],
    ['10.0.0.0/08', 'an octet or the prefix length has a leading 0, which some software reads as octal'],
    ['::ffff:10.1.0.0/112', 'an IPv4-mapped IPv6 block is IPv4 to some software and IPv6 to other software'],
    [
      '::ffff:010.1.0.0/112',
      'an octet or the prefix length has a leading 0, which some software reads as octal',
    ],
  ])('%j: %s', (text, problem) => {
    expect(strictCidrProblem(cidr(text))).toBe(problem);
  });

  it.each(['10.0.0.0/8', '0.0.0.0/0', '10.2.3.4/32', '2001:db8::/32', '2001:0db8::/32', '::/0'])(
    'finds nothing wrong with %j',
    (text) => {
      expect(strictCidrProblem(cidr(text))).toBeUndefined();
    },
  );
});

describe('exceptProblem: each except strictly inside its cidr (ValidateIPBlock)', () => {
  it.each([
    ['10.0.0.0/8', '10.1.0.0/16'],
    ['10.0.0.0/8', '10.2.3.4/32'],
    ['10.0.0.1/8', '10.1.0.0/16'],
    ['10.0.0.0/8', '10.1.2.3/16'],
    ['2001:db8::/32', '2001:db8:1::/48'],
    // Go's net.IPNet compares an IPv4-mapped address as IPv4; the prefix lengths are compared as written.
    ['10.0.0.0/8', '::ffff:10.1.0.0/112'],
  ])('accepts %s except %s', (block, exception) => {
    expect(exceptProblem(cidr(block), cidr(exception))).toBeUndefined();
  });

  it.each([
    ['10.0.0.0/8', '192.168.0.0/16'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.0/8', '10.0.0.0/7'],
    ['10.0.0.0/8', '2001:db8::/32'],
    ['2001:db8::/32', '10.0.0.0/16'],
    ['::ffff:10.0.0.0/104', '10.1.0.0/16'],
  ])('refuses %s except %s', (block, exception) => {
    expect(exceptProblem(cidr(block), cidr(exception))).toBe(
      `an exception must be strictly inside its CIDR '${block}'`,
    );
  });
});

describe('cidrContains: which addresses a block matches', () => {
  it.each([
    ['10.0.0.0/8', '10.255.0.1', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['10.0.0.1/8', '10.9.9.9', true],
    ['0.0.0.0/0', '203.0.113.10', true],
    ['0.0.0.0/0', '2001:db8::1', false],
    ['::/0', '10.0.0.1', false],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['10.0.0.0/8', '::ffff:10.1.2.3', true],
    ['::ffff:10.0.0.0/104', '10.1.2.3', true],
  ])('%s contains %s: %s', (block, ip, expected) => {
    expect(contains(block, ip)).toBe(expected);
  });
});

describe('parseIp reads addresses as ParseIPSloppy does', () => {
  it.each(['10.1.2.3', '010.001.002.003', '2001:db8::1', '::ffff:10.1.2.3'])('accepts %j', (text) => {
    expect(parseIp(text)).toBeDefined();
  });

  it.each(['10.1.2', '10.1.2.256', '0x0a.1.2.3', 'fe80::1%eth0', 'internet', ''])('refuses %j', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });

  it('reads leading zeros as decimal, not octal', () => {
    expect(parseIp('010.001.002.003')?.toString()).toBe('10.1.2.3');
  });

  it('reads leading zeros in the dotted quad of an IPv6 address as decimal too', () => {
    expect(parseIp('::ffff:010.001.002.003')?.toString()).toBe(parseIp('::ffff:10.1.2.3')?.toString());
    expect(contains('::ffff:10.1.0.0/112', '::ffff:010.001.002.003')).toBe(true);
  });

  it('refuses five dotted parts as not an address (it does not throw)', () => {
    expect(parseIp('1.2.3.4.5')).toBeUndefined();
  });
});
