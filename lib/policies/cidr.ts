import { IConstruct } from 'constructs';
import { Cidr, canonicalCidr, cidrProblem, exceptProblem, parseCidr, strictCidrProblem } from '../kubernetes';
import { invalidInput } from './errors';

/**
 * Parses a CIDR by the API server's rule, then refuses on purpose what the API server only warns about
 * (`strictCidrProblem`: host bits, leading zeros, IPv4-mapped IPv6): '10.0.0.1/8' reads as one host but means a
 * whole /8, and a reviewer should read exactly the block that is allowed.
 */
export function parseStrictCidr(
  scope: IConstruct,
  field: string,
  text: string,
  /** The API's rule for the field: an ipBlock's by default; a ClusterNetworkPolicy's `networks` passes its own. */
  apiProblem: (text: string) => string | undefined = cidrProblem,
): Cidr {
  const problem = apiProblem(text);
  if (problem) {
    throw invalidInput(
      scope,
      field,
      text,
      problem,
      "write an address and a prefix length, e.g. '10.0.0.0/16' or '2001:db8::/32'",
    );
  }
  const cidr = parseCidr(text) as Cidr;
  const strictProblem = strictCidrProblem(cidr);
  if (strictProblem) {
    throw invalidInput(
      scope,
      field,
      text,
      strictProblem,
      `use the network address: '${canonicalCidr(cidr)}'`,
    );
  }
  return cidr;
}

/** Validates an ipBlock: a strict CIDR, and exceptions (strict too) inside it by the API server's rule. */
export function validateIpBlock(scope: IConstruct, field: string, cidrText: string, except: string[]): void {
  const cidr = parseStrictCidr(scope, `${field}.cidr`, cidrText);
  except.forEach((exceptText, i) => {
    const exceptField = `${field}.except[${i}]`;
    const problem = exceptProblem(cidr, parseStrictCidr(scope, exceptField, exceptText));
    if (problem) {
      throw invalidInput(
        scope,
        exceptField,
        exceptText,
        problem,
        `use a longer prefix within '${cidrText}', or drop the exception`,
      );
    }
  });
}
