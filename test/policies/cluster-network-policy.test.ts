import { App, Chart } from 'cdk8s';
import {
  CLUSTER_NETWORK_POLICY_API_VERSION,
  CLUSTER_NETWORK_POLICY_KIND,
  CNP_ACTIONS,
  CNP_TIERS,
  clusterNetworkPolicyProblem,
} from '../../lib/kubernetes';
import * as generated from '../../lib/policies/imports/policy.networking.k8s.io';
import {
  ClusterEgressRule,
  ClusterIngressRule,
  ClusterNetworkPolicy,
  ClusterNetworkPolicyProps,
  ClusterPeer,
  ClusterPolicySubject,
  ClusterPort,
  Label,
  LabelSelector,
} from '../../lib/policies';
import { KubeObject, newChart, synth } from './synth';

const anyNamespace = ClusterPolicySubject.allNamespaces();
const deny = (...to: ClusterPeer[]): ClusterEgressRule => ({ action: 'Deny', to });
const denyFrom = (...from: ClusterPeer[]): ClusterIngressRule => ({ action: 'Deny', from });

function props(overrides: Partial<ClusterNetworkPolicyProps> = {}): ClusterNetworkPolicyProps {
  return {
    tier: 'Admin',
    priority: 10,
    subject: anyNamespace,
    egress: [deny(ClusterPeer.networks('169.254.169.254/32'))],
    ...overrides,
  };
}

/** The one ClusterNetworkPolicy the chart synthesizes, after checking it against the API's rules. */
function onlyClusterPolicy(chart: Chart): KubeObject {
  const policies = synth(chart).filter((object) => object.kind === 'ClusterNetworkPolicy');
  expect(policies).toHaveLength(1);
  expect(clusterNetworkPolicyProblem(policies[0])).toBeUndefined();
  return policies[0];
}

function error(build: (chart: Chart) => void): string {
  const chart = newChart();
  try {
    build(chart);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the construct to refuse its input');
}

describe('ClusterNetworkPolicy renders the API object', () => {
  it('in review order, typed by the generated CRD types', () => {
    const chart = newChart();
    new ClusterNetworkPolicy(chart, 'deny-imds', {
      tier: 'Admin',
      priority: 10,
      subject: ClusterPolicySubject.pods(LabelSelector.all(), LabelSelector.matchLabels({ app: 'web' })),
      ingress: [
        {
          name: 'dns',
          action: 'Accept',
          from: [
            ClusterPeer.namespaceNamed('shop'),
            ClusterPeer.pods(LabelSelector.all(), LabelSelector.all()),
          ],
          ports: [ClusterPort.udp(53), ClusterPort.range('TCP', 8000, 8080), ClusterPort.named('http')],
        },
      ],
      egress: [
        deny(ClusterPeer.networks('169.254.169.254/32', 'fd00:ec2::254/128')),
        {
          action: 'Accept',
          to: [ClusterPeer.domainNames('*.amazonaws.com')],
          ports: [ClusterPort.allOf('TCP')],
        },
        { action: 'Pass', to: [ClusterPeer.nodes(LabelSelector.all())], ports: [ClusterPort.sctp(9)] },
      ],
    });
    const policy = onlyClusterPolicy(chart);
    expect(policy.metadata).toEqual({ name: 'deny-imds' });
    expect(Object.keys(policy.spec)).toEqual(['tier', 'priority', 'subject', 'ingress', 'egress']);
    expect(Object.keys(policy.spec.ingress[0])).toEqual(['name', 'action', 'from', 'protocols']);
    expect(policy.spec.subject).toEqual({
      pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } },
    });
    expect(policy.spec.ingress[0].from).toEqual([
      { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } },
      { pods: { namespaceSelector: {}, podSelector: {} } },
    ]);
    expect(policy.spec.ingress[0].protocols).toEqual([
      { udp: { destinationPort: { number: 53 } } },
      { tcp: { destinationPort: { range: { start: 8000, end: 8080 } } } },
      { destinationNamedPort: 'http' },
    ]);
    expect(policy.spec.egress).toEqual([
      { action: 'Deny', to: [{ networks: ['169.254.169.254/32', 'fd00:ec2::254/128'] }] },
      {
        action: 'Accept',
        to: [{ domainNames: ['*.amazonaws.com'] }],
        protocols: [{ tcp: { destinationPort: { range: { start: 1, end: 65535 } } } }],
      },
      { action: 'Pass', to: [{ nodes: {} }], protocols: [{ sctp: { destinationPort: { number: 9 } } }] },
    ]);
  });

  it('accepts priorities 0 and 1000, the bounds', () => {
    const chart = newChart();
    new ClusterNetworkPolicy(chart, 'first', props({ priority: 0 }));
    new ClusterNetworkPolicy(chart, 'last', props({ priority: 1000 }));
    expect(synth(chart).map((policy) => policy.spec.priority)).toEqual([0, 1000]);
  });
});

describe('ClusterNetworkPolicy refuses bad input at synth, naming path, field, value and fix', () => {
  it.each([
    [
      'priority below 0',
      props({ priority: -1 }),
      'test/p: spec.priority = -1: a priority must be an integer from 0 to 1000. Fix: use an integer from 0 (evaluated first) to 1000.',
    ],
    [
      'priority above 1000',
      props({ priority: 1001 }),
      'test/p: spec.priority = 1001: a priority must be an integer',
    ],
    ['a fractional priority', props({ priority: 1.5 }), 'spec.priority = 1.5: a priority must be an integer'],
    [
      'a tier',
      props({ tier: 'Namespace' as never }),
      'spec.tier = "Namespace": unknown tier, not one of Admin, Baseline',
    ],
    [
      'no rules',
      props({ egress: undefined }),
      'spec = {}: a ClusterNetworkPolicy with neither ingress nor egress rules matches no traffic',
    ],
    [
      'an empty rule list',
      props({ ingress: [] }),
      'spec.ingress = "0 rules": an empty rule list does nothing. Fix: omit ingress, or give rules.',
    ],
    [
      'more than 25 rules',
      props({ egress: Array.from({ length: 26 }, () => deny(ClusterPeer.allNamespaces())) }),
      'spec.egress = "26 rules": at most 25 rules per direction (has 26)',
    ],
    [
      'a rule without peers',
      props({ egress: [deny()] }),
      'spec.egress[0].to = "0 peers": needs at least one entry in peers. Fix: list at least one peer',
    ],
    [
      'more than 25 peers',
      props({
        egress: [deny(...Array.from({ length: 26 }, (_, i) => ClusterPeer.namespaceNamed(`ns${i}`)))],
      }),
      'spec.egress[0].to = "26 peers": at most 25 peers (has 26). Fix: split the peers over rules of at most 25',
    ],
    [
      'networks in an ingress rule',
      props({ ingress: [denyFrom(ClusterPeer.networks('10.0.0.0/8'))] }),
      `spec.ingress[0].from[0].networks = ["10.0.0.0/8"]: 'networks' is not an ingress (from) peer: use one of namespaces, pods (networks is an egress peer only)`,
    ],
    [
      'nodes in an ingress rule',
      props({ ingress: [denyFrom(ClusterPeer.nodes(LabelSelector.all()))] }),
      "'nodes' is not an ingress (from) peer",
    ],
    [
      'domainNames with Deny',
      props({ egress: [deny(ClusterPeer.domainNames('example.com'))] }),
      'spec.egress[0].action = "Deny": spec.egress[0].to[0]: domainNames peers support only the Accept action (not Deny)',
    ],
    [
      'an unknown action',
      props({ egress: [{ action: 'Allow' as never, to: [ClusterPeer.allNamespaces()] }] }),
      'spec.egress[0].action = "Allow": unknown action',
    ],
    [
      'an invalid CIDR',
      props({ egress: [deny(ClusterPeer.networks('10.0.0.0/33'))] }),
      'spec.egress[0].to[0].networks[0] = "10.0.0.0/33": not a CIDR block',
    ],
    [
      'a leading zero',
      props({ egress: [deny(ClusterPeer.networks('010.0.0.0/8'))] }),
      'networks[0] = "010.0.0.0/8": an octet or the prefix length has a leading 0 (isCIDR refuses it)',
    ],
    [
      'host bits',
      props({ egress: [deny(ClusterPeer.networks('10.0.0.1/8'))] }),
      `networks[0] = "10.0.0.1/8": host bits are set. Fix: use the network address: '10.0.0.0/8'.`,
    ],
    [
      'no networks',
      props({ egress: [deny(ClusterPeer.networks())] }),
      'spec.egress[0].to[0].networks = []: needs 1 to 25 entries (has 0)',
    ],
    [
      'a repeated network',
      props({ egress: [deny(ClusterPeer.networks('10.0.0.0/8', '10.0.0.0/8'))] }),
      "'10.0.0.0/8' is repeated (the list is a set)",
    ],
    [
      'an invalid domain name',
      props({ egress: [{ action: 'Accept', to: [ClusterPeer.domainNames('*')] }] }),
      'spec.egress[0].to[0].domainNames[0] = "*": not a domain name',
    ],
    [
      'port 0',
      props({ egress: [{ ...deny(ClusterPeer.allNamespaces()), ports: [ClusterPort.tcp(0)] }] }),
      'spec.egress[0].protocols[0].tcp.destinationPort.number = 0: a port number must be an integer from 1 to 65535',
    ],
    [
      'a reversed range',
      props({
        egress: [{ ...deny(ClusterPeer.allNamespaces()), ports: [ClusterPort.range('UDP', 90, 80)] }],
      }),
      'spec.egress[0].protocols[0].udp.destinationPort.range = {"start":90,"end":80}: range start 90 must be less than end 80',
    ],
    [
      'a one-port range',
      props({
        egress: [{ ...deny(ClusterPeer.allNamespaces()), ports: [ClusterPort.range('TCP', 80, 80)] }],
      }),
      'Fix: use ClusterPort.tcp(80) for one port.',
    ],
    [
      'a named port that is a number',
      props({ egress: [{ ...deny(ClusterPeer.allNamespaces()), ports: [ClusterPort.named('8080')] }] }),
      `spec.egress[0].protocols[0].destinationNamedPort = "8080": '8080' is a port number, not a port name (use a destinationPort number). Fix: use ClusterPort.tcp(8080) (or udp / sctp) for a port number.`,
    ],
    [
      'a named port with a networks peer',
      props({
        egress: [{ ...deny(ClusterPeer.networks('10.0.0.0/8')), ports: [ClusterPort.named('http')] }],
      }),
      'spec.egress[0].protocols[0].destinationNamedPort = "http": a destinationNamedPort cannot be used with networks peers',
    ],
    [
      'empty ports',
      props({ egress: [{ ...deny(ClusterPeer.allNamespaces()), ports: [] }] }),
      'spec.egress[0].protocols = "0 ports": needs at least one entry in protocols. Fix: omit ports to match every port',
    ],
    [
      'a long rule name',
      props({ egress: [{ ...deny(ClusterPeer.allNamespaces()), name: 'x'.repeat(101) }] }),
      'a rule name must be at most 100 characters (has 101)',
    ],
    [
      'an invalid name',
      props({ name: 'Deny_IMDS' }),
      'test/p: metadata.name = "Deny_IMDS": a policy name must be a lowercase RFC 1123 subdomain',
    ],
    [
      'an accidental empty selector',
      props({ subject: ClusterPolicySubject.namespaces(LabelSelector.matchLabels({})) }),
      'spec.subject.namespaces = {"matchLabels":{}}: an empty selector matches everything',
    ],
  ])('%s', (_, policyProps, message) => {
    expect(error((chart) => new ClusterNetworkPolicy(chart, 'p', policyProps))).toContain(message);
  });

  it('refuses a namespace from its chart: the object is cluster-scoped', () => {
    const chart = newChart('shop');
    expect(() => new ClusterNetworkPolicy(chart, 'p', props())).toThrow(
      'test/p: metadata.namespace = "shop": a ClusterNetworkPolicy is cluster-scoped, but its chart gives it a namespace',
    );
  });

  it('refuses a second policy of the same name anywhere in the App', () => {
    const app = new App();
    new ClusterNetworkPolicy(new Chart(app, 'one'), 'p', props({ priority: 1 }));
    expect(() => new ClusterNetworkPolicy(new Chart(app, 'two'), 'p', props({ priority: 2 }))).toThrow(
      'two/p: metadata.name = "p": one/p/Resource already defines ClusterNetworkPolicy \'p\' cluster-wide',
    );
  });
});

describe('two policies of one tier at the same priority (order undefined by the API)', () => {
  const tenant = (name: string) =>
    ClusterPolicySubject.namespaces(LabelSelector.matchLabels({ tenant: name }));

  it('are refused across the charts of one App when their subjects can overlap', () => {
    const app = new App();
    new ClusterNetworkPolicy(new Chart(app, 'one'), 'a', props({ subject: tenant('a') }));
    expect(
      () =>
        new ClusterNetworkPolicy(
          new Chart(app, 'two'),
          'b',
          props({
            subject: ClusterPolicySubject.pods(
              LabelSelector.all(),
              LabelSelector.matchLabels({ app: 'web' }),
            ),
          }),
        ),
    ).toThrow(
      "two/b: spec.priority = 10: one/a ('a') is also in the Admin tier at priority 10, and its subject can select the same pods; " +
        'the API leaves the order of the two undefined. Fix: give one of them another priority (lower is evaluated first), ' +
        'or make their subjects select disjoint pods.',
    );
  });

  it('are accepted when their subjects are disjoint, or their tiers or priorities differ', () => {
    const chart = newChart();
    new ClusterNetworkPolicy(chart, 'a', props({ subject: tenant('a') }));
    new ClusterNetworkPolicy(chart, 'b', props({ subject: tenant('b') }));
    new ClusterNetworkPolicy(
      chart,
      'c',
      props({
        subject: ClusterPolicySubject.namespaces(
          LabelSelector.matchExpressions(Label.doesNotExist('tenant')),
        ),
      }),
    );
    new ClusterNetworkPolicy(chart, 'd', props({ tier: 'Baseline' }));
    new ClusterNetworkPolicy(chart, 'e', props({ priority: 11 }));
    expect(synth(chart)).toHaveLength(5);
  });
});

describe('the types generated from the CRD (npm run import:cnp) and the API rules (lib/kubernetes) agree', () => {
  it('on the group, version and kind, the tiers and the actions', () => {
    expect(generated.ClusterNetworkPolicy.GVK).toEqual({
      apiVersion: CLUSTER_NETWORK_POLICY_API_VERSION,
      kind: CLUSTER_NETWORK_POLICY_KIND,
    });
    expect(Object.values(generated.ClusterNetworkPolicySpecTier)).toEqual([...CNP_TIERS]);
    expect(Object.values(generated.ClusterNetworkPolicySpecIngressAction)).toEqual([...CNP_ACTIONS]);
    expect(Object.values(generated.ClusterNetworkPolicySpecEgressAction)).toEqual([...CNP_ACTIONS]);
  });
});
