import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { LabelSelector, NetworkPolicy, NetworkPolicyProps, Peer, Port } from '../../lib/policies';
import { newChart, onlyPolicy, synth } from './synth';

const api = LabelSelector.matchLabels({ app: 'api' });
const web = LabelSelector.matchLabels({ app: 'web' });

const NAME_FIX = "Fix: pass `name`, e.g. 'allow-frontend-to-api'.";
const LABEL_CHARACTERS = "'A-Z', 'a-z', '0-9', '-', '_' and '.', starting and ending with an alphanumeric";
const LABEL_RULE = "'a-z', '0-9' and '-', starting and ending with an alphanumeric";
const SUBDOMAIN_RULE = "'a-z', '0-9', '-' and '.', each part starting and ending with an alphanumeric";

describe('NetworkPolicy', () => {
  it('emits the typed object with policyTypes always explicit', () => {
    const chart = newChart('shop');
    new NetworkPolicy(chart, 'allow-web', {
      podSelector: api,
      ingress: [{ from: [Peer.pods(web)], ports: [Port.tcp('http')] }],
      labels: { team: 'shop' },
    });
    expect(onlyPolicy(chart)).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-web', namespace: 'shop', labels: { team: 'shop' } },
      spec: {
        podSelector: { matchLabels: { app: 'api' } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'web' } } }],
            ports: [{ protocol: 'TCP', port: 'http' }],
          },
        ],
      },
    });
  });

  it.each([
    ['ingress only', { ingress: [] }, ['Ingress']],
    ['egress only', { egress: [] }, ['Egress']],
    ['both', { ingress: [], egress: [] }, ['Ingress', 'Egress']],
  ])('isolates exactly the directions given: %s', (_, rules, policyTypes) => {
    const chart = newChart();
    new NetworkPolicy(chart, 'p', { podSelector: api, ...rules });
    const { spec } = onlyPolicy(chart);
    expect(spec.policyTypes).toEqual(policyTypes);
    // an empty rule list means "deny" once policyTypes names the direction: nothing is written
    expect(spec).not.toHaveProperty('ingress');
    expect(spec).not.toHaveProperty('egress');
  });

  it('writes an egress-only policy with policyTypes [Egress], which the API server would otherwise default to Ingress', () => {
    const chart = newChart();
    new NetworkPolicy(chart, 'p', { podSelector: api, egress: [{ to: [Peer.pods(web)] }] });
    expect(onlyPolicy(chart).spec).toEqual({
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
    });
  });

  it('renders Peer.any() as a rule without from/to, keeping the empty rule {}', () => {
    const chart = newChart();
    new NetworkPolicy(chart, 'p', {
      podSelector: api,
      ingress: [{ from: [Peer.any()] }],
      egress: [{ to: [Peer.any()] }],
    });
    const yaml = Yaml.stringify(onlyPolicy(chart));
    expect(yaml).toContain('  ingress:\n    - {}\n  egress:\n    - {}\n');
  });

  it('ORs peers of one rule and ANDs namespace and pod selectors of one peer', () => {
    const chart = newChart();
    new NetworkPolicy(chart, 'p', {
      podSelector: api,
      ingress: [
        {
          from: [
            Peer.podsInNamespaces(web, LabelSelector.namespaceNamed('edge')),
            Peer.namespaces(LabelSelector.namespaceNamed('ops')),
          ],
        },
      ],
    });
    expect(onlyPolicy(chart).spec.ingress[0].from).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } },
        podSelector: { matchLabels: { app: 'web' } },
      },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } },
    ]);
  });

  it('writes the spec in review order: podSelector, policyTypes, ingress, egress; to before ports; protocol first', () => {
    const chart = newChart();
    new NetworkPolicy(chart, 'p', {
      podSelector: api,
      ingress: [{ from: [Peer.pods(web)], ports: [Port.range('TCP', 80, 81)] }],
      egress: [{ to: [Peer.pods(web)], ports: [Port.udp(53)] }],
    });
    const { spec } = onlyPolicy(chart);
    expect(Object.keys(spec)).toEqual(['podSelector', 'policyTypes', 'ingress', 'egress']);
    expect(Object.keys(spec.ingress[0])).toEqual(['from', 'ports']);
    expect(Object.keys(spec.egress[0])).toEqual(['to', 'ports']);
    expect(Object.keys(spec.ingress[0].ports[0])).toEqual(['protocol', 'port', 'endPort']);
  });

  it('defaults the name to the construct id and the namespace to the chart', () => {
    const chart = newChart('team-a');
    const policy = new NetworkPolicy(chart, 'deny-web', { podSelector: web, ingress: [] });
    expect(onlyPolicy(chart).metadata).toEqual({ name: 'deny-web', namespace: 'team-a' });
    expect([policy.name, policy.namespace, policy.policyTypes]).toEqual(['deny-web', 'team-a', ['Ingress']]);
  });

  describe('refuses', () => {
    const refusals: Array<[string, Partial<NetworkPolicyProps>, string]> = [
      [
        'a policy that isolates nothing',
        {},
        'test/p: spec.policyTypes = []: a policy with neither ingress nor egress rules isolates nothing. ' +
          'Fix: pass ingress and/or egress; an empty list ([]) denies that direction.',
      ],
      [
        'an empty peer list, which Kubernetes reads as "every peer"',
        { egress: [{ to: [Peer.pods(web)] }, { to: [] }] },
        "test/p: spec.egress[1].to = []: an empty 'to' list allows every peer. " +
          'Fix: list the peers, or write [Peer.any()] to allow every peer on purpose.',
      ],
      [
        'an empty port list, which Kubernetes reads as "every port"',
        { ingress: [{ from: [Peer.pods(web)], ports: [] }] },
        "test/p: spec.ingress[0].ports = []: an empty 'ports' list allows every port. " +
          'Fix: list the ports, or leave ports out to allow every port on purpose.',
      ],
      [
        'Peer.any() mixed with other peers',
        { ingress: [{ from: [Peer.pods(web), Peer.any()] }] },
        'test/p: spec.ingress[0].from = "2 peers including Peer.any()": Peer.any() already allows every peer, ' +
          'so the other peers are dead code. Fix: use Peer.any() alone, or drop it and keep the specific peers.',
      ],
      [
        'an invalid name',
        { name: 'Allow_Web', ingress: [] },
        `test/p: metadata.name = "Allow_Web": a policy name must be a lowercase RFC 1123 subdomain: ${SUBDOMAIN_RULE}. ${NAME_FIX}`,
      ],
      [
        'a name too long',
        { name: 'x'.repeat(254), ingress: [] },
        `test/p: metadata.name = "${'x'.repeat(254)}": a policy name must be at most 253 characters (has 254). ${NAME_FIX}`,
      ],
      [
        'an invalid namespace',
        { namespace: 'team.a', ingress: [] },
        `test/p: metadata.namespace = "team.a": a namespace must be a lowercase RFC 1123 label: ${LABEL_RULE}. ` +
          "Fix: use a name like 'shop'.",
      ],
      [
        'an invalid metadata label',
        { labels: { team: 'a b' }, ingress: [] },
        `test/p: metadata.labels.team = "a b": label value must use ${LABEL_CHARACTERS}. ` +
          "Fix: use a value like 'frontend' or 'v1.2.3'.",
      ],
      [
        'an invalid metadata label key',
        { labels: { 'a b': 'x' }, ingress: [] },
        `test/p: metadata.labels key = "a b": invalid label key: its name part must use ${LABEL_CHARACTERS}. ` +
          "Fix: use a key like 'app.kubernetes.io/name'.",
      ],
    ];

    it.each(refusals)('%s', (_, props, message) => {
      expect(() => new NetworkPolicy(newChart(), 'p', { podSelector: api, ...props })).toThrow(message);
    });
  });

  describe('names', () => {
    it('refuses two policies with the same name in one namespace, across charts of one App', () => {
      const app = new App();
      new NetworkPolicy(new Chart(app, 'one'), 'p', {
        name: 'same',
        namespace: 'shop',
        podSelector: api,
        ingress: [],
      });
      const two = new Chart(app, 'two');
      expect(
        () => new NetworkPolicy(two, 'q', { name: 'same', namespace: 'shop', podSelector: web, egress: [] }),
      ).toThrow(
        "two/q: metadata.name = \"same\": one/p/Resource already defines NetworkPolicy 'same' in namespace 'shop'; " +
          'applied together, one would silently replace the other. Fix: give this policy a different name, or put it in a different namespace.',
      );
    });

    it('sees the namespace a chart gives', () => {
      const app = new App();
      new NetworkPolicy(new Chart(app, 'one', { namespace: 'shop' }), 'p', {
        name: 'same',
        podSelector: api,
        ingress: [],
      });
      expect(
        () =>
          new NetworkPolicy(new Chart(app, 'two'), 'q', {
            name: 'same',
            namespace: 'shop',
            podSelector: api,
            ingress: [],
          }),
      ).toThrow(
        "two/q: metadata.name = \"same\": one/p/Resource already defines NetworkPolicy 'same' in namespace 'shop'; " +
          'applied together, one would silently replace the other. Fix: give this policy a different name, or put it in a different namespace.',
      );
    });

    it('refuses the same name twice without any namespace', () => {
      const chart = newChart();
      new NetworkPolicy(chart, 'same', { podSelector: api, ingress: [] });
      const nested = new Chart(chart, 'nested');
      expect(() => new NetworkPolicy(nested, 'same', { podSelector: web, ingress: [] })).toThrow(
        'test/nested/same: metadata.name = "same": test/same/Resource already defines NetworkPolicy \'same\' with no namespace set; ' +
          'applied together, one would silently replace the other. Fix: give this policy a different name, or put it in a different namespace.',
      );
    });

    it('allows the same name for other kinds of its API group, and for NetworkPolicies of other groups (Calico)', () => {
      const chart = newChart('shop');
      new ApiObject(chart, 'ingress', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'same' },
      });
      new ApiObject(chart, 'calico', {
        apiVersion: 'projectcalico.org/v3',
        kind: 'NetworkPolicy',
        metadata: { name: 'same' },
      });
      new NetworkPolicy(chart, 'same', { podSelector: api, ingress: [] });
      expect(synth(chart).map((object) => `${object.apiVersion} ${object.kind}`)).toEqual([
        'networking.k8s.io/v1 Ingress',
        'projectcalico.org/v3 NetworkPolicy',
        'networking.k8s.io/v1 NetworkPolicy',
      ]);
    });

    it('sees a NetworkPolicy written as a raw ApiObject before it', () => {
      const chart = newChart('shop');
      new ApiObject(chart, 'raw', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'same' },
      });
      expect(() => new NetworkPolicy(chart, 'same', { podSelector: api, ingress: [] })).toThrow(
        "test/same: metadata.name = \"same\": test/raw already defines NetworkPolicy 'same' in namespace 'shop'",
      );
    });

    it('allows the same name in different namespaces', () => {
      const chart = newChart();
      new NetworkPolicy(chart, 'a', { name: 'same', namespace: 'one', podSelector: api, ingress: [] });
      new NetworkPolicy(chart, 'b', { name: 'same', namespace: 'two', podSelector: api, ingress: [] });
      expect(synth(chart).map((object) => `${object.metadata.namespace}/${object.metadata.name}`)).toEqual([
        'one/same',
        'two/same',
      ]);
    });
  });
});
