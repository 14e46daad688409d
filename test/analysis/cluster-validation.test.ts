import { dump } from 'js-yaml';
import { ClusterModel, parseManifests } from '../../lib/analysis';
import { clusterPolicy, namespace, type Json } from './builders';

/**
 * Invalid ClusterNetworkPolicies are refused with one line naming the file, the document index, the policy and the
 * field, by the rules of lib/kubernetes/cluster-network-policy.ts (the CRD's schema and CEL rules of
 * network-policy-api v0.2.0), the same rules the construct library applies.
 */
function load(object: Json): ClusterModel {
  const text = [namespace('shop'), object].map((doc) => dump(doc)).join('---\n');
  return ClusterModel.fromManifests(parseManifests(text, 'guardrails.yaml'));
}

const PREFIX = 'guardrails.yaml, document index 1: invalid ClusterNetworkPolicy bad: ';
const EVERYWHERE = { namespaces: {} };
const spec = (overrides: Json): Json => {
  const valid = clusterPolicy('bad', 'Admin', 10, EVERYWHERE, {
    egress: [{ action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }],
  });
  return { ...valid, spec: { ...(valid.spec as Json), ...overrides } };
};
const egress = (rule: Json): Json =>
  spec({ egress: [{ action: 'Deny', to: [{ namespaces: {} }], ...rule }] });
const many = <T>(count: number, item: (i: number) => T): T[] =>
  Array.from({ length: count }, (_, i) => item(i));

const cases: Array<[string, Json, string]> = [
  ['no tier', spec({ tier: undefined }), 'spec.tier: unknown tier, not one of Admin, Baseline'],
  [
    'an unknown tier',
    spec({ tier: 'Developer' }),
    'spec.tier = "Developer": unknown tier, not one of Admin, Baseline',
  ],
  [
    'priority above 1000',
    spec({ priority: 1001 }),
    'spec.priority = 1001: a priority must be an integer from 0 to 1000',
  ],
  [
    'a negative priority',
    spec({ priority: -1 }),
    'spec.priority = -1: a priority must be an integer from 0 to 1000',
  ],
  [
    'a subject with both namespaces and pods',
    spec({ subject: { namespaces: {}, pods: { podSelector: {} } } }),
    'spec.subject: sets namespaces and pods; exactly one of namespaces, pods is allowed',
  ],
  [
    'a pods subject without podSelector',
    spec({ subject: { pods: { namespaceSelector: {} } } }),
    'spec.subject: pods.podSelector is required ({} selects every pod)',
  ],
  [
    'more than 25 rules',
    spec({ egress: many(26, () => ({ action: 'Deny', to: [{ namespaces: {} }] })) }),
    'spec.egress: at most 25 rules per direction (has 26)',
  ],
  [
    'an unknown action',
    egress({ action: 'Allow' }),
    'spec.egress[0].action = "Allow": unknown action, not one of Accept, Deny, Pass',
  ],
  ['a rule without peers', egress({ to: [] }), 'spec.egress[0].to: needs at least one entry in peers'],
  [
    'more than 25 peers',
    egress({ to: many(26, () => ({ namespaces: {} })) }),
    'spec.egress[0].to: at most 25 peers (has 26)',
  ],
  [
    'networks in an ingress rule',
    spec({ ingress: [{ action: 'Deny', from: [{ networks: ['10.0.0.0/8'] }] }] }),
    "spec.ingress[0].from[0]: 'networks' is not an ingress (from) peer: use one of namespaces, pods (networks is an egress peer only)",
  ],
  [
    'an invalid CIDR',
    egress({ to: [{ networks: ['10.0.0.0/33'] }] }),
    "spec.egress[0].to[0]: networks[0] '10.0.0.0/33': not a CIDR block",
  ],
  [
    'domainNames with Deny',
    egress({ to: [{ domainNames: ['example.com'] }] }),
    'spec.egress[0].to[0]: domainNames peers support only the Accept action (not Deny); deny the rest with a later Deny rule',
  ],
  [
    'a port range with start above end',
    egress({ protocols: [{ tcp: { destinationPort: { range: { start: 90, end: 80 } } } }] }),
    'spec.egress[0].protocols[0]: tcp.destinationPort range start 90 must be less than end 80 (a single port is a number)',
  ],
  [
    'a port out of range',
    egress({ protocols: [{ udp: { destinationPort: { number: 70000 } } }] }),
    'spec.egress[0].protocols[0]: udp.destinationPort a port number must be an integer from 1 to 65535',
  ],
  [
    'a protocol without destinationPort',
    egress({ protocols: [{ sctp: {} }] }),
    'spec.egress[0].protocols[0]: sctp must set destinationPort (every port is the range 1 to 65535)',
  ],
  [
    'a named port towards networks',
    spec({
      egress: [
        { action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }], protocols: [{ destinationNamedPort: 'web' }] },
      ],
    }),
    'spec.egress[0].protocols[0].destinationNamedPort = "web": a destinationNamedPort cannot be used with networks peers, which have no named ports',
  ],
  [
    'an invalid label selector',
    spec({ subject: { namespaces: { matchLabels: { 'bad key!': 'x' } } } }),
    "spec.subject: namespaces: matchLabels 'bad key!': its name part must use 'A-Z', 'a-z', '0-9', '-', '_' and '.', starting and ending with an alphanumeric",
  ],
];

describe('invalid ClusterNetworkPolicies are refused with the file, document index and field', () => {
  it.each(cases)('%s', (_, object, message) => {
    expect(() => load(object)).toThrow(PREFIX + message);
  });

  it('refuses another apiVersion of the kind rather than read it with the wrong semantics', () => {
    expect(() => load({ ...spec({}), apiVersion: 'policy.networking.k8s.io/v1alpha1' })).toThrow(
      'guardrails.yaml, document index 1: ClusterNetworkPolicy apiVersion policy.networking.k8s.io/v1alpha1 is not supported, use policy.networking.k8s.io/v1alpha2',
    );
  });

  it('refuses a policy without a name', () => {
    expect(() => load({ ...spec({}), metadata: {} })).toThrow(
      'guardrails.yaml, document index 1: ClusterNetworkPolicy <unnamed>: metadata.name is required',
    );
  });

  it('reads the valid policy these cases start from', () => {
    expect(load(spec({})).clusterPolicies()).toEqual(['ClusterNetworkPolicy/bad']);
  });
});
