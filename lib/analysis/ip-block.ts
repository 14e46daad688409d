import {
  cidrContains,
  cidrCovers,
  cidrsOverlap,
  cidrProblem,
  exceptProblem,
  parseCidr,
  parseIp,
  type Address,
  type Cidr,
} from '../kubernetes';
import { FieldError } from './errors';

function parseField(text: unknown, field: string): Cidr {
  const problem = cidrProblem(text);
  if (problem) throw FieldError.invalid(field, text, problem);
  return parseCidr(text) as Cidr;
}

/** Pod IPs and external addresses, read as the API server reads `status.podIP`. */
export function isValidAddress(text: string): boolean {
  return parseIp(text) !== undefined;
}

/** An ipBlock peer: `cidr` minus every `except` block, validated as pkg/apis/networking/validation does. */
export class IpBlock {
  readonly key: string;
  private readonly block: Cidr;
  private readonly excluded: Cidr[];

  constructor(
    readonly cidr: string,
    readonly except: readonly string[],
    path: string,
  ) {
    this.block = parseField(cidr, `${path}.cidr`);
    this.excluded = except.map((text, i) => {
      const field = `${path}.except[${i}]`;
      const excluded = parseField(text, field);
      const problem = exceptProblem(this.block, excluded);
      if (problem) throw FieldError.invalid(field, text, problem);
      return excluded;
    });
    this.key = JSON.stringify([cidr, [...except].sort()]);
  }

  /** Takes a parsed address: endpoints' addresses are parsed once, not once per ipBlock they are tested against. */
  contains(address: Address): boolean {
    if (!cidrContains(this.block, address)) return false;
    return !this.excluded.some((excluded) => cidrContains(excluded, address));
  }

  /**
   * True when the block, less its exceptions, may hold an address of `range`. Inside `range` the block keeps
   * addresses (exceptions are strictly smaller than the block); around it, unless one exception covers it. Several
   * exceptions that only together cover `range` are not recognised: the answer is then true, a potential overlap
   * reported rather than one hidden.
   */
  mayOverlap(range: Cidr): boolean {
    if (!cidrsOverlap(this.block, range)) return false;
    if (cidrCovers(range, this.block)) return true;
    return !this.excluded.some((excluded) => cidrCovers(excluded, range));
  }
}
