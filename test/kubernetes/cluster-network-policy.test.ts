import {
  CNP_MAX_PEERS,
  CNP_MAX_RULES,
  POLICY_TIER_ORDER,
  celCidrProblem,
  cnpActionForPeerProblem,
  cnpActionProblem,
  cnpDomainNameProblem,
  cnpNamedPortPeerProblem,
  cnpNamedPortProblem,
  cnpNetworkProblem,
  cnpPeerCountProblem,
  cnpPeerKind,
  cnpPeerProblem,
  cnpPortProblem,
  cnpPriorityProblem,
  cnpProtocolCountProblem,
  cnpProtocolProblem,
  cnpRuleCountProblem,
  cnpRuleNameProblem,
  cnpSubjectProblem,
  cnpSubjectsCanOverlap,
  cnpTierProblem,
  selectorsCanOverlap,
  type CnpSubjectFields,
  type LabelSelectorFields,
} from '../../lib/kubernetes';
import { problems } from './problems';

const ANY = expect.any(String);

describe('ClusterNetworkPolicySpec (tier, priority, rule counts)', () => {
  problems('tier', cnpTierProblem, [
    ['Admin', undefined],
    ['Baseline', undefined],
    ['admin', 'unknown tier, not one of Admin, Baseline'],
    ['NetworkPolicy', 'unknown tier, not one of Admin, Baseline'],
  ]);

  it('evaluates Admin, then NetworkPolicies, then Baseline', () => {
    expect(POLICY_TIER_ORDER).toEqual(['Admin', 'NetworkPolicy', 'Baseline']);
  });

  problems('priority', cnpPriorityProblem, [
    [0, undefined],
    [1000, undefined],
    [-1, 'a priority must be an integer from 0 to 1000'],
    [1001, 'a priority must be an integer from 0 to 1000'],
    [1.5, 'a priority must be an integer from 0 to 1000'],
    ['10', 'a priority must be an integer from 0 to 1000'],
  ]);

  problems('rules per direction', cnpRuleCountProblem, [
    [0, undefined],
    [CNP_MAX_RULES, undefined],
    [26, 'at most 25 rules per direction (has 26)'],
  ]);

  problems('peers per rule', cnpPeerCountProblem, [
    [1, undefined],
    [CNP_MAX_PEERS, undefined],
    [0, 'needs at least one entry in peers'],
    [26, 'at most 25 peers (has 26)'],
  ]);

  problems('protocols per rule', cnpProtocolCountProblem, [
    [1, undefined],
    [25, undefined],
    [0, 'needs at least one entry in protocols'],
    [26, 'at most 25 protocols (has 26)'],
  ]);

  problems('rule name', cnpRuleNameProblem, [
    ['deny-imds', undefined],
    ['x'.repeat(100), undefined],
    ['x'.repeat(101), 'must be at most 100 characters (has 101)'],
  ]);

  problems('action', cnpActionProblem, [
    ['Accept', undefined],
    ['Deny', undefined],
    ['Pass', undefined],
    ['Allow', 'unknown action, not one of Accept, Deny, Pass'],
  ]);
});

describe('subject and peers (exactly one field, by direction)', () => {
  problems('subject', cnpSubjectProblem, [
    [{ namespaces: {} }, undefined],
    [{ pods: { podSelector: { matchLabels: { app: 'web' } } } }, undefined],
    [{ pods: { namespaceSelector: {}, podSelector: {} } }, undefined],
    [{}, 'must set exactly one of namespaces, pods'],
    [
      { namespaces: {}, pods: { podSelector: {} } },
      'sets namespaces and pods; exactly one of namespaces, pods is allowed',
    ],
    [{ pods: { namespaceSelector: {} } }, 'pods.podSelector is required ({} selects every pod)'],
    [{ nodes: {} }, "must set exactly one of namespaces, pods ('nodes' is not one of them)"],
  ]);

  it.each([
    ['ingress', { namespaces: {} }, undefined],
    ['ingress', { pods: { podSelector: {} } }, undefined],
    ['egress', { networks: ['169.254.169.254/32', 'fd00:ec2::254/128'] }, undefined],
    ['egress', { nodes: {} }, undefined],
    ['egress', { domainNames: ['*.amazonaws.com', 'example.com.'] }, undefined],
    [
      'ingress',
      { networks: ['10.0.0.0/8'] },
      "'networks' is not an ingress (from) peer: use one of namespaces, pods (networks is an egress peer only)",
    ],
    ['ingress', { nodes: {} }, expect.stringContaining("'nodes' is not an ingress (from) peer")],
    ['ingress', { domainNames: ['example.com'] }, expect.stringContaining("'domainNames' is not an ingress")],
    [
      'egress',
      { namespaces: {}, networks: ['10.0.0.0/8'] },
      'sets namespaces and networks; exactly one of namespaces, pods, nodes, networks, domainNames is allowed',
    ],
    ['egress', {}, 'must set exactly one of namespaces, pods, nodes, networks, domainNames'],
    ['egress', { networks: [] }, 'networks: needs at least one entry in networks'],
    [
      'egress',
      { networks: Array.from({ length: 26 }, (_, i) => `10.0.${i}.0/24`) },
      'networks: at most 25 networks (has 26)',
    ],
    [
      'egress',
      { networks: ['10.0.0.0/8', '10.0.0.0/8'] },
      "networks[1] '10.0.0.0/8' is repeated (the list is a set)",
    ],
    ['egress', { networks: ['10.0.0.0'] }, "networks[0] '10.0.0.0': not a CIDR block"],
    ['egress', { domainNames: ['*'] }, expect.stringContaining("domainNames[0] '*': not a domain name")],
    ['egress', { pods: {} }, 'pods.podSelector is required ({} selects every pod)'],
  ] as const)('%s peer %j', (direction, peer, problem) => {
    expect(cnpPeerProblem(direction, peer)).toEqual(problem);
  });

  it('names the kind of a valid peer', () => {
    expect(cnpPeerKind({ networks: ['10.0.0.0/8'] })).toBe('networks');
    expect(cnpPeerKind({ pods: { podSelector: {} } })).toBe('pods');
  });

  it.each([
    ['Accept', 'domainNames', undefined],
    ['Deny', 'domainNames', ANY],
    ['Pass', 'domainNames', ANY],
    ['Deny', 'networks', undefined],
    ['Pass', 'namespaces', undefined],
  ] as const)('%s to %s', (action, kind, problem) => {
    expect(cnpActionForPeerProblem(action, kind)).toEqual(problem);
  });

  it('refuses a named port with peers that have no named ports', () => {
    expect(cnpNamedPortPeerProblem(['pods', 'namespaces'])).toBeUndefined();
    expect(cnpNamedPortPeerProblem(['pods', 'networks', 'networks'])).toBe(
      'a destinationNamedPort cannot be used with networks peers, which have no named ports',
    );
  });
});

describe('protocols and ports', () => {
  problems('protocol', cnpProtocolProblem, [
    [{ tcp: { destinationPort: { number: 443 } } }, undefined],
    [{ udp: { destinationPort: { range: { start: 30000, end: 32767 } } } }, undefined],
    [{ sctp: { destinationPort: { number: 9999 } } }, undefined],
    [{ destinationNamedPort: 'dns' }, undefined],
    [{ tcp: {} }, 'tcp must set destinationPort (every port is the range 1 to 65535)'],
    [
      { tcp: { destinationPort: { number: 80 } }, udp: { destinationPort: { number: 53 } } },
      expect.stringContaining('sets tcp and udp'),
    ],
    [
      { tcp: { destinationPort: { number: 0 } } },
      'tcp.destinationPort a port number must be an integer from 1 to 65535',
    ],
    [{ destinationNamedPort: '' }, 'destinationNamedPort must be a non-empty string'],
    [
      { icmp: {} },
      "must set exactly one of tcp, udp, sctp, destinationNamedPort ('icmp' is not one of them)",
    ],
  ]);

  problems('port', cnpPortProblem, [
    [{ number: 1 }, undefined],
    [{ number: 65535 }, undefined],
    [{ range: { start: 1, end: 65535 } }, undefined],
    [{ number: 65536 }, 'a port number must be an integer from 1 to 65535'],
    [{ number: 80, range: { start: 1, end: 2 } }, expect.stringContaining('sets number and range')],
    [
      { range: { start: 80, end: 80 } },
      'range start 80 must be less than end 80 (a single port is a number)',
    ],
    [
      { range: { start: 90, end: 80 } },
      'range start 90 must be less than end 80 (a single port is a number)',
    ],
    [{ range: { start: 0, end: 80 } }, 'range start: a port number must be an integer from 1 to 65535'],
    [{ range: { start: 80, end: 70000 } }, 'range end: a port number must be an integer from 1 to 65535'],
    [{}, 'must set exactly one of number, range'],
  ]);

  problems('named port', cnpNamedPortProblem, [
    ['http', undefined],
    ['dns-tcp', undefined],
    ['8080', "'8080' is a port number, not a port name (use a destinationPort number)"],
    [8080, 'a named port must be a string'],
    ['HTTP', "a named port must use only lowercase 'a-z', '0-9' and '-'"],
  ]);
});

describe('networks (CIDR: MaxLength 43 and CEL isCIDR)', () => {
  problems('network', cnpNetworkProblem, [
    ['169.254.169.254/32', undefined],
    ['fd00:ec2::254/128', undefined],
    ['0.0.0.0/0', undefined],
    ['::/0', undefined],
    ['10.0.0.1/8', undefined],
    ['10.0.0.0', 'not a CIDR block'],
    ['10/8', 'not a CIDR block'],
    ['010.0.0.0/8', 'an octet or the prefix length has a leading 0 (isCIDR refuses it)'],
    ['10.0.0.0/08', 'an octet or the prefix length has a leading 0 (isCIDR refuses it)'],
    ['::ffff:10.0.0.0/104', 'an IPv4-mapped IPv6 block (isCIDR refuses it)'],
    ['1111:2222:3333:4444:5555:6666:7777:8888/128', undefined],
    [`${'0000:'.repeat(7)}0000/128`, undefined],
    [`${'0000:'.repeat(7)}00000/128`, 'must be at most 43 characters (has 44)'],
  ]);

  it('is the isCIDR rule of every CEL-validated CIDR field', () => {
    expect(celCidrProblem('10.0.0.0/8')).toBeUndefined();
    expect(celCidrProblem(42)).toBe('not a CIDR block');
  });
});

describe('domainNames (the DomainName pattern)', () => {
  problems('domain name', cnpDomainNameProblem, [
    ['kubernetes.io', undefined],
    ['*.kubernetes.io', undefined],
    ['sts.us-east-1.amazonaws.com.', undefined],
    ['localhost', expect.stringContaining('not a domain name')],
    ['*kubernetes.io', expect.stringContaining('not a domain name')],
    ['www.*.io', expect.stringContaining('not a domain name')],
    ['-a.io', expect.stringContaining('not a domain name')],
  ]);
});

describe('label selectors that can select one object', () => {
  const env = (value: string): LabelSelectorFields => ({ matchLabels: { env: value } });
  it.each([
    [{}, {}, true],
    [env('prod'), {}, true],
    [env('prod'), env('prod'), true],
    [env('prod'), env('dev'), false],
    [env('prod'), { matchLabels: { team: 'a' } }, true],
    [env('prod'), { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev', 'prod'] }] }, true],
    [env('prod'), { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, false],
    [env('prod'), { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, false],
    [
      { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
      { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] },
      true,
    ],
    [
      { matchExpressions: [{ key: 'env', operator: 'Exists' }] },
      { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] },
      false,
    ],
    [
      { matchExpressions: [{ key: 'env', operator: 'In', values: ['a', 'b'] }] },
      {
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['b', 'c'] },
          { key: 'env', operator: 'NotIn', values: ['b'] },
        ],
      },
      false,
    ],
  ] as const)('%j and %j: %s', (a, b, overlap) => {
    expect(selectorsCanOverlap(a, b)).toBe(overlap);
    expect(selectorsCanOverlap(b, a)).toBe(overlap);
  });
});

describe('subjects that can select one pod (same-priority ambiguity)', () => {
  const ns = (name: string): CnpSubjectFields => ({
    namespaces: { matchLabels: { 'kubernetes.io/metadata.name': name } },
  });
  it.each([
    ['every namespace and one namespace', { namespaces: {} }, ns('shop'), true],
    ['two namespaces by name', ns('shop'), ns('kube-system'), false],
    [
      'a namespace and pods of it',
      ns('shop'),
      {
        pods: {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
          podSelector: { matchLabels: { app: 'web' } },
        },
      },
      true,
    ],
    [
      'disjoint pods of every namespace',
      { pods: { podSelector: { matchLabels: { app: 'web' } } } },
      { pods: { podSelector: { matchLabels: { app: 'db' } } } },
      false,
    ],
  ] as const)('%s: %s', (_, a, b, overlap) => {
    expect(cnpSubjectsCanOverlap(a, b)).toBe(overlap);
  });
});
