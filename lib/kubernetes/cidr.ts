import ipaddr from 'ipaddr.js';

/**
 * Addresses and CIDR blocks as the API server reads an `ipBlock` (ValidateIPBlock in pkg/apis/networking/validation,
 * which parses with k8s.io/utils/net ParseIPSloppy / ParseCIDRSloppy and compares as Go's net.IPNet does):
 * - IPv4 is dotted-quad only ('10/8' is refused), but leading zeros are accepted and read as decimal ('010.0.0.0/8'
 *   is 10.0.0.0/8), and so is a leading zero in the prefix length;
 * - host bits may be set ('10.0.0.1/8' is the block 10.0.0.0/8);
 * - an IPv4-mapped IPv6 address or block (::ffff:a.b.c.d) compares as the IPv4 one.
 * `strictCidrProblem` names what the StrictIPCIDRValidation rules refuse of these (the API server only warns today).
 */

export type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** A block as written, and the range it matches. */
export interface Cidr {
  readonly text: string;
  /** The address as written, host bits included. */
  readonly address: Address;
  /** The prefix length as written: out of 32 for an IPv4 text, out of 128 for an IPv6 text. */
  readonly prefixLength: number;
  /** The network address and prefix length that addresses are compared with (host bits cleared, IPv4 if mapped). */
  readonly range: readonly [Address, number];
}

const DOTTED_QUAD = /^\d+\.\d+\.\d+\.\d+$/;
const DECIMAL = /^\d+$/;
const LEADING_ZERO = /^0\d/;
const IPV4_MAPPED_PREFIX_BITS = 96;

/** ParseIPSloppy: an IPv4 address (dotted quad, leading zeros read as decimal) or an IPv6 address without zone. */
export function parseIp(text: string): Address | undefined {
  if (DOTTED_QUAD.test(text)) {
    const octets = text.split('.').map(Number);
    return octets.every((octet) => octet <= 255) ? new ipaddr.IPv4(octets) : undefined;
  }
  if (!text.includes(':') || text.includes('%') || !ipaddr.IPv6.isValid(text)) return undefined;
  return ipaddr.IPv6.parse(text);
}

/** ParseCIDRSloppy: an address, '/', and a decimal prefix length no longer than the address. */
export function parseCidr(text: unknown): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  const prefixText = text.slice(slash + 1);
  const address = slash > 0 && DECIMAL.test(prefixText) ? parseIp(text.slice(0, slash)) : undefined;
  const prefixLength = Number(prefixText);
  if (!address || prefixLength > (address.kind() === 'ipv4' ? 32 : 128)) return undefined;
  return { text, address, prefixLength, range: comparableRange(address, prefixLength) };
}

export function cidrProblem(text: unknown): string | undefined {
  return parseCidr(text) ? undefined : 'not a CIDR block';
}

/**
 * The StrictIPCIDRValidation rules (k8s.io/apimachinery/pkg/api/validation/ip.go): no leading zeros, no IPv4-mapped
 * IPv6, no host bits. Values that break them are ambiguous to a reader or to other software, so they are worth
 * refusing where policies are written, although the API server accepts them.
 */
export function strictCidrProblem(cidr: Cidr): string | undefined {
  if (hasLeadingZero(cidr.text)) {
    return 'an octet or the prefix length has a leading 0, which some software reads as octal';
  }
  if (isIpv4Mapped(cidr.address)) {
    return 'an IPv4-mapped IPv6 block is IPv4 to some software and IPv6 to other software';
  }
  const network = masked(cidr.address, cidr.prefixLength);
  if (network.toNormalizedString() !== cidr.address.toNormalizedString()) return 'host bits are set';
  return undefined;
}

/**
 * CEL's `isCIDR` (k8s.io/apiserver/pkg/cel/library/cidr.go: Go's netip.ParsePrefix, then no IPv4-mapped IPv6),
 * the rule of CRD fields such as a ClusterNetworkPolicy's `networks`. Stricter than an ipBlock's ParseCIDRSloppy:
 * netip refuses a leading zero in an octet or in the prefix length, and cidr.go refuses IPv4-mapped IPv6; host bits
 * may still be set (netip does not mask them).
 */
export function celCidrProblem(text: unknown): string | undefined {
  const cidr = parseCidr(text);
  if (!cidr) return 'not a CIDR block';
  if (hasLeadingZero(cidr.text)) return 'an octet or the prefix length has a leading 0 (isCIDR refuses it)';
  if (isIpv4Mapped(cidr.address)) return 'an IPv4-mapped IPv6 block (isCIDR refuses it)';
  return undefined;
}

/** The block in canonical form, as the API server prints it back: '10.0.0.1/8' is '10.0.0.0/8'. */
export function canonicalCidr(cidr: Cidr): string {
  return `${cidr.range[0].toString()}/${cidr.range[1]}`;
}

/** ValidateIPBlock: each `except` must lie inside `cidr` with a strictly longer prefix (as written). */
export function exceptProblem(cidr: Cidr, except: Cidr): string | undefined {
  const inside = rangeContains(cidr.range, except.range[0]) && cidr.prefixLength < except.prefixLength;
  return inside ? undefined : `an exception must be strictly inside its CIDR '${cidr.text}'`;
}

export function cidrContains(cidr: Cidr, address: Address): boolean {
  return rangeContains(cidr.range, comparable(address));
}

/** True when every address of `inner` is in `outer` (blocks of different families never cover each other). */
export function cidrCovers(outer: Cidr, inner: Cidr): boolean {
  return rangeContains(outer.range, inner.range[0]) && inner.range[1] >= outer.range[1];
}

/** Two blocks share an address exactly when one covers the other: CIDR blocks nest or are disjoint. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrCovers(a, b) || cidrCovers(b, a);
}

function rangeContains([network, prefixLength]: readonly [Address, number], address: Address): boolean {
  return address.kind() === network.kind() && address.match(network, prefixLength);
}

function isIpv4Mapped(address: Address): address is ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress();
}

function comparable(address: Address): Address {
  return isIpv4Mapped(address) ? address.toIPv4Address() : address;
}

function comparableRange(address: Address, prefixLength: number): [Address, number] {
  const network = masked(address, prefixLength);
  return isIpv4Mapped(network)
    ? [network.toIPv4Address(), prefixLength - IPV4_MAPPED_PREFIX_BITS]
    : [network, prefixLength];
}

function masked(address: Address, prefixLength: number): Address {
  const bytes = address.toByteArray().map((byte, i) => {
    const kept = Math.min(8, Math.max(0, prefixLength - i * 8));
    return byte & (0xff << (8 - kept)) & 0xff;
  });
  return ipaddr.fromByteArray(bytes);
}

function hasLeadingZero(text: string): boolean {
  const [addressText, prefixText] = text.split('/');
  const dotted = addressText.slice(addressText.lastIndexOf(':') + 1);
  const octets = dotted.includes('.') ? dotted.split('.') : [];
  return [...octets, prefixText].some((part) => LEADING_ZERO.test(part));
}
