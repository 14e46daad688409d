import { IConstruct } from 'constructs';
import * as ipaddr from 'ipaddr.js';
import { invalidInput } from './errors';

type Network = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * Parses a CIDR strictly: a dotted-quad IPv4 or an IPv6 address, a prefix length, and no host bits set
 * ('10.0.0.1/8' is refused: it reads as one host but means a whole /8).
 */
export function parseNetwork(scope: IConstruct, field: string, cidr: string): Network {
  const valid =
    typeof cidr === 'string' &&
    (ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr) || (cidr.includes(':') && ipaddr.IPv6.isValidCIDR(cidr)));
  if (!valid) {
    throw invalidInput(
      scope,
      field,
      cidr,
      'not a CIDR block',
      "write an address and a prefix length, e.g. '10.0.0.0/16' or '2001:db8::/32'",
    );
  }
  const [address, prefix] = ipaddr.parseCIDR(cidr);
  const networkAddress =
    address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(cidr)
      : ipaddr.IPv6.networkAddressFromCIDR(cidr);
  if (networkAddress.toNormalizedString() !== address.toNormalizedString()) {
    throw invalidInput(
      scope,
      field,
      cidr,
      'host bits are set',
      `use the network address: '${networkAddress.toString()}/${prefix}'`,
    );
  }
  return [address, prefix];
}

/** Validates an ipBlock: a strict CIDR and exceptions that are strictly inside it, of the same family. */
export function validateIpBlock(scope: IConstruct, field: string, cidr: string, except: string[]): void {
  const network = parseNetwork(scope, `${field}.cidr`, cidr);
  except.forEach((exception, i) => {
    const exceptField = `${field}.except[${i}]`;
    const [address, prefix] = parseNetwork(scope, exceptField, exception);
    const inside = address.kind() === network[0].kind() && prefix > network[1] && address.match(network);
    if (!inside) {
      throw invalidInput(
        scope,
        exceptField,
        exception,
        `an exception must be strictly inside its CIDR '${cidr}'`,
        `use a longer prefix within '${cidr}', or drop the exception`,
      );
    }
  });
}
