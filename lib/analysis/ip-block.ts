import ipaddr from 'ipaddr.js';
import { FieldError } from './errors';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

// Kubernetes accepts only dotted-quad IPv4 (no "10/8" or octal shorthands that ipaddr.js would also take).
function isValidCidr(text: string): boolean {
  return ipaddr.IPv4.isValidCIDRFourPartDecimal(text) || ipaddr.IPv6.isValidCIDR(text);
}

function parseRange(text: unknown, path: string): Range {
  if (typeof text !== 'string' || !isValidCidr(text)) {
    throw new FieldError(
      path,
      `must be a valid CIDR such as 10.0.0.0/16 or 2001:db8::/64, got ${JSON.stringify(text)}`,
    );
  }
  return ipaddr.parseCIDR(text);
}

function rangeContains([network, bits]: Range, address: Address): boolean {
  return address.kind() === network.kind() && address.match(network, bits);
}

/** Parses an address the way traffic would carry it: IPv4-mapped IPv6 counts as IPv4. */
export function parseAddress(text: string): Address | undefined {
  return ipaddr.isValid(text) ? ipaddr.process(text) : undefined;
}

export function isValidAddress(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
}

/** An ipBlock peer: `cidr` minus every `except` range, validated as pkg/apis/networking/validation does. */
export class IpBlock {
  readonly key: string;
  private readonly range: Range;
  private readonly excluded: Range[];

  constructor(
    readonly cidr: string,
    readonly except: readonly string[],
    path: string,
  ) {
    this.range = parseRange(cidr, `${path}.cidr`);
    this.excluded = except.map((text, i) => {
      const range = parseRange(text, `${path}.except[${i}]`);
      if (!rangeContains(this.range, range[0]) || range[1] <= this.range[1]) {
        throw new FieldError(`${path}.except[${i}]`, `${text} must be a strict subset of cidr ${cidr}`);
      }
      return range;
    });
    this.key = JSON.stringify([cidr, [...except].sort()]);
  }

  contains(ip: string): boolean {
    const address = parseAddress(ip);
    if (!address || !rangeContains(this.range, address)) return false;
    return !this.excluded.some((range) => rangeContains(range, address));
  }
}
