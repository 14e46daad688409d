import {
  dnsLabelProblem,
  dnsSubdomainProblem,
  endPortProblem,
  isPolicyType,
  labelKeyProblem,
  labelValueProblem,
  operatorProblem,
  portNameProblem,
  portNumberProblem,
  protocolProblem,
  requirementValuesProblem,
} from '../../lib/kubernetes';
import { problems } from './problems';

/**
 * The apimachinery and networking validation rules, each with values the API server accepts (no problem) and
 * values it refuses (the reason). The constructs' and the analyzer's tests check how each wraps these reasons.
 */
describe('names (apimachinery util/validation)', () => {
  problems('DNS label', dnsLabelProblem, [
    ['shop', undefined],
    ['a'.repeat(63), undefined],
    ['a'.repeat(64), 'must be at most 63 characters (has 64)'],
    [
      'Shop',
      "must be a lowercase RFC 1123 label: 'a-z', '0-9' and '-', starting and ending with an alphanumeric",
    ],
    [
      'shop.v1',
      "must be a lowercase RFC 1123 label: 'a-z', '0-9' and '-', starting and ending with an alphanumeric",
    ],
  ]);

  problems('DNS subdomain', dnsSubdomainProblem, [
    ['allow-dns.v1', undefined],
    ['a'.repeat(253), undefined],
    ['a'.repeat(254), 'must be at most 253 characters (has 254)'],
    ['a.b', undefined],
    ['-deny', expect.stringContaining('must be a lowercase RFC 1123 subdomain')],
    ['deny..all', expect.stringContaining('must be a lowercase RFC 1123 subdomain')],
  ]);

  problems('label key', labelKeyProblem, [
    ['app', undefined],
    ['app.kubernetes.io/name', undefined],
    ['Team_A.x', undefined],
    ['example.com/' + 'n'.repeat(63), undefined],
    ['a/b/c', "must have at most one '/', between the prefix and the name"],
    ['/app', "its prefix before '/' is empty"],
    [
      'Example.com/app',
      expect.stringContaining("its prefix 'Example.com' must be a lowercase RFC 1123 subdomain"),
    ],
    ['example.com/', 'its name part is empty'],
    ['', 'its name part is empty'],
    ['n'.repeat(64), 'its name part must be at most 63 characters (has 64)'],
    ['bad key', expect.stringContaining("its name part must use 'A-Z'")],
    ['-app', expect.stringContaining("its name part must use 'A-Z'")],
  ]);

  problems('label value', labelValueProblem, [
    ['', undefined],
    ['v1.2.3', undefined],
    ['A_b-C', undefined],
    ['v'.repeat(63), undefined],
    ['v'.repeat(64), 'must be at most 63 characters (has 64)'],
    ['a b', expect.stringContaining("must use 'A-Z'")],
    ['x-', expect.stringContaining("must use 'A-Z'")],
    [42, 'must be a string'],
  ]);
});

describe('NetworkPolicyPort (ValidateNetworkPolicyPort)', () => {
  problems('protocol', protocolProblem, [
    ['TCP', undefined],
    ['UDP', undefined],
    ['SCTP', undefined],
    ['tcp', 'unknown protocol, not one of TCP, UDP, SCTP'],
    ['ICMP', 'unknown protocol, not one of TCP, UDP, SCTP'],
  ]);

  problems('port number', portNumberProblem, [
    [1, undefined],
    [65535, undefined],
    [0, 'a port number must be an integer from 1 to 65535'],
    [65536, 'a port number must be an integer from 1 to 65535'],
    [80.5, 'a port number must be an integer from 1 to 65535'],
    ['80', 'a port number must be an integer from 1 to 65535'],
  ]);

  problems('port name (IANA_SVC_NAME)', portNameProblem, [
    ['http', undefined],
    ['a1-b2', undefined],
    ['abcdefghijklmno', undefined],
    ['abcdefghijklmnop', 'a named port must be 1 to 15 characters (has 16)'],
    ['', 'a named port must be 1 to 15 characters (has 0)'],
    ['Http', "a named port must use only lowercase 'a-z', '0-9' and '-'"],
    ['123', 'a named port must contain at least one letter'],
    ['-http', "a named port must not start or end with '-'"],
    ['web--ui', "a named port must not contain '--'"],
  ]);

  it.each([
    [80, 80, undefined],
    [80, 90, undefined],
    [undefined, 90, 'endPort needs a starting port'],
    ['http', 90, "endPort cannot be combined with the named port 'http'"],
    [80, 79, 'endPort is below port 80'],
    [80, 70000, 'a port number must be an integer from 1 to 65535'],
  ])('port %j endPort %j', (port, endPort, problem) => {
    expect(endPortProblem(port, endPort)).toBe(problem);
  });
});

describe('label selector requirements (ValidateLabelSelectorRequirement)', () => {
  it.each(['In', 'NotIn', 'Exists', 'DoesNotExist'])('operator %s', (operator) => {
    expect(operatorProblem(operator)).toBeUndefined();
  });

  it.each(['in', 'Equals', undefined])('operator %j is unknown', (operator) => {
    expect(operatorProblem(operator)).toBe('unknown operator, not one of In, NotIn, Exists, DoesNotExist');
  });

  it.each([
    ['In', ['a'], undefined],
    ['NotIn', ['a', 'b'], undefined],
    ['Exists', [], undefined],
    ['DoesNotExist', [], undefined],
    ['In', [], 'In needs at least one value'],
    ['NotIn', [], 'NotIn needs at least one value'],
    ['Exists', ['a'], 'Exists takes no values'],
    ['DoesNotExist', ['a'], 'DoesNotExist takes no values'],
  ] as const)('%s with values %j', (operator, values, problem) => {
    expect(requirementValuesProblem(operator, values)).toBe(problem);
  });
});

describe('policyTypes', () => {
  it('are Ingress and Egress, case-sensitive', () => {
    expect(['Ingress', 'Egress', 'ingress', 'Inbound'].map(isPolicyType)).toEqual([true, true, false, false]);
  });
});
