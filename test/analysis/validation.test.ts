import { dump } from 'js-yaml';
import { ClusterModel, InputError, parseManifests } from '../../lib/analysis';
import { namespace, policy, type Json } from './builders';

/**
 * Invalid policies are refused with one line naming the file, the document index, the policy and
 * the field, as pkg/apis/networking/validation would refuse them at the API server.
 */
function load(spec: Json | undefined): ClusterModel {
  const documents = [namespace('shop'), { ...policy('shop', 'bad', spec ?? {}), spec }];
  const text = documents.map((doc) => dump(doc)).join('---\n');
  return ClusterModel.fromManifests(parseManifests(text, 'policies.yaml'));
}

const PREFIX = 'policies.yaml, document index 1: invalid NetworkPolicy shop/bad: ';

const cases: Array<[string, Json | undefined, string]> = [
  ['missing spec', undefined, 'spec: is required'],
  ['missing podSelector', {}, 'spec: must have required property podSelector'],
  ['podSelector of the wrong type', { podSelector: 'app=web' }, 'spec.podSelector: must be object'],
  [
    'unknown protocol',
    { podSelector: {}, ingress: [{ ports: [{ protocol: 'ICMP', port: 80 }] }] },
    'spec.ingress[0].ports[0].protocol: must be equal to one of the allowed values',
  ],
  [
    'port of the wrong type',
    { podSelector: {}, ingress: [{ ports: [{ port: true }] }] },
    'spec.ingress[0].ports[0].port: must be string or must be integer',
  ],
  [
    'port out of range',
    { podSelector: {}, ingress: [{ ports: [{ port: 70000 }] }] },
    'spec.ingress[0].ports[0].port = 70000: a port number must be an integer from 1 to 65535',
  ],
  [
    'invalid port name',
    { podSelector: {}, egress: [{ ports: [{ port: 'Web_Port' }] }] },
    "spec.egress[0].ports[0].port = \"Web_Port\": a named port must use only lowercase 'a-z', '0-9' and '-'",
  ],
  [
    'endPort below port',
    { podSelector: {}, ingress: [{ ports: [{ port: 80, endPort: 79 }] }] },
    'spec.ingress[0].ports[0].endPort = 79: endPort is below port 80',
  ],
  [
    'endPort with a named port',
    { podSelector: {}, ingress: [{ ports: [{ port: 'http', endPort: 90 }] }] },
    "spec.ingress[0].ports[0].endPort = 90: endPort cannot be combined with the named port 'http'",
  ],
  [
    'endPort without port',
    { podSelector: {}, ingress: [{ ports: [{ endPort: 90 }] }] },
    'spec.ingress[0].ports[0].endPort = 90: endPort needs a starting port',
  ],
  [
    'empty peer',
    { podSelector: {}, ingress: [{ from: [{}] }] },
    'spec.ingress[0].from[0]: must specify a peer (podSelector, namespaceSelector or ipBlock)',
  ],
  [
    'ipBlock with another peer',
    { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] },
    'spec.egress[0].to[0]: may not specify both ipBlock and another peer',
  ],
  [
    'invalid CIDR',
    { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0/8' } }] }] },
    'spec.egress[0].to[0].ipBlock.cidr = "10.0.0/8": not a CIDR block',
  ],
  [
    'a CIDR of five dotted parts',
    { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '1.2.3.4.5/32' } }] }] },
    'spec.egress[0].to[0].ipBlock.cidr = "1.2.3.4.5/32": not a CIDR block',
  ],
  [
    'an except of five dotted parts is not a CIDR block, not an exception outside the cidr',
    { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['1.2.3.4.5'] } }] }] },
    'spec.egress[0].to[0].ipBlock.except[0] = "1.2.3.4.5": not a CIDR block',
  ],
  [
    'schema errors on two fields report each field',
    { podSelector: 'app=web', policyTypes: 'Ingress' },
    'spec.podSelector: must be object; spec.policyTypes: must be array',
  ],
  [
    'a list index of 10 or more',
    {
      podSelector: {},
      ingress: [...Array.from({ length: 10 }, () => ({})), { ports: [{ protocol: 'ICMP' }] }],
    },
    'spec.ingress[10].ports[0].protocol: must be equal to one of the allowed values',
  ],
  [
    'except outside cidr',
    { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] } }] }] },
    'spec.egress[0].to[0].ipBlock.except[0] = "10.1.0.0/24": an exception must be strictly inside its CIDR \'10.0.0.0/16\'',
  ],
  [
    'except equal to cidr',
    { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.0.0/16'] } }] }] },
    'spec.egress[0].to[0].ipBlock.except[0] = "10.0.0.0/16": an exception must be strictly inside its CIDR \'10.0.0.0/16\'',
  ],
  [
    'unknown selector operator',
    { podSelector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['a'] }] } },
    'spec.podSelector.matchExpressions[0].operator = "Equals": unknown operator, not one of In, NotIn, Exists, DoesNotExist',
  ],
  [
    'In without values',
    { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] } },
    'spec.podSelector.matchExpressions[0].values = []: In needs at least one value',
  ],
  [
    'Exists with values',
    { podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['a'] }] } },
    'spec.podSelector.matchExpressions[0].values = ["a"]: Exists takes no values',
  ],
  [
    'invalid label key',
    { podSelector: { matchLabels: { 'bad key': 'x' } } },
    "spec.podSelector.matchLabels key = \"bad key\": label key its name part must use 'A-Z', 'a-z', '0-9', '-', '_' and '.', starting and ending with an alphanumeric",
  ],
  [
    'invalid label value',
    { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a b' } } }] }] },
    "spec.ingress[0].from[0].namespaceSelector.matchLabels.team = \"a b\": label value must use 'A-Z', 'a-z', '0-9', '-', '_' and '.', starting and ending with an alphanumeric",
  ],
  [
    'label key with two slashes',
    { podSelector: { matchExpressions: [{ key: 'a/b/c', operator: 'Exists' }] } },
    `spec.podSelector.matchExpressions[0].key = "a/b/c": label key must have at most one '/', between the prefix and the name`,
  ],
  [
    'more than two policyTypes',
    { podSelector: {}, policyTypes: ['Ingress', 'Egress', 'Ingress'] },
    'spec.policyTypes: may not specify more than two policyTypes',
  ],
  [
    'unknown policyType',
    { podSelector: {}, policyTypes: ['Inbound'] },
    'spec.policyTypes[0]: must be equal to one of the allowed values',
  ],
];

describe('invalid NetworkPolicies are refused with the file, document index and field', () => {
  it.each(cases)('%s', (_name, spec, problem) => {
    expect(() => load(spec)).toThrow(new InputError(undefined, `${PREFIX}${problem}`));
  });

  it.each([
    ['shop', 'Allow_DNS', 'metadata.name = "Allow_DNS": must be a lowercase RFC 1123 subdomain'],
    ['shop.v1', 'bad', 'metadata.namespace = "shop.v1": must be a lowercase RFC 1123 label'],
  ])('refuses the invalid name %s/%s, as ValidateObjectMeta does', (ns, name, problem) => {
    expect(() => ClusterModel.fromObjects([policy(ns, name, { podSelector: {} })])).toThrow(
      `object index 0: invalid NetworkPolicy ${ns}/${name}: ${problem}`,
    );
  });

  it.each([
    ['host bits set', { cidr: '10.0.0.1/8', except: ['10.1.0.0/16'] }],
    ['leading zeros, read as decimal', { cidr: '010.0.0.0/08', except: ['010.001.0.0/16'] }],
    ['an except with host bits set', { cidr: '10.0.0.0/8', except: ['10.1.2.3/16'] }],
  ])('accepts an ipBlock with %s, as the API server does (the constructs refuse it)', (_name, ipBlock) => {
    expect(load({ podSelector: {}, egress: [{ to: [{ ipBlock }] }] }).endpointIds()).toEqual([]);
  });

  it('accepts the same document once fixed (the errors above are not blanket refusals)', () => {
    const spec = { podSelector: {}, ingress: [{ ports: [{ port: 80, endPort: 81 }] }] };
    expect(load(spec).endpointIds()).toEqual([]);
  });

  it('requires metadata.name', () => {
    const unnamed = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {},
      spec: { podSelector: {} },
    };
    expect(() => ClusterModel.fromObjects([unnamed])).toThrow(
      'object index 0: NetworkPolicy default/<unnamed>: metadata.name is required',
    );
  });

  it('refuses an older networking.k8s.io version and ignores a Calico NetworkPolicy of the same kind', () => {
    const old = { ...policy('x', 'old', { podSelector: {} }), apiVersion: 'networking.k8s.io/v1beta1' };
    expect(() => ClusterModel.fromObjects([old])).toThrow(
      'object index 0: NetworkPolicy apiVersion networking.k8s.io/v1beta1 is not supported, use networking.k8s.io/v1',
    );
    const calico = { ...policy('x', 'calico', { selector: 'all()' }), apiVersion: 'projectcalico.org/v3' };
    expect(ClusterModel.fromObjects([calico]).coverage()).toEqual({
      uncovered: { ingress: [], egress: [] },
      baselineOnly: { ingress: [], egress: [] },
    });
  });
});
