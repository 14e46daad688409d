import { ClusterModel, type Pair, type Probe, type Protocol } from '../../lib/analysis';
import { KubeObject } from '../policies/synth';
import { INTERNET, KUBE_DNS, sctp, synthProject, tcp, testPod, udp } from './project';

/**
 * The platform chart's guardrails (ClusterNetworkPolicies) together with every other chart, judged by the analyzer:
 * a namespace created tomorrow is default deny but for DNS, no pod reaches the instance metadata service, the
 * system namespaces keep working, and the shop's own policies decide for the shop exactly as before.
 */
const { objects } = synthProject();
const charts = Object.values(objects).flat();
const withoutPlatform = Object.entries(objects)
  .filter(([id]) => id !== 'platform')
  .flatMap(([, docs]) => docs);

const HTTP = [{ name: 'http', containerPort: 8080, protocol: 'TCP' }];
const withIp = (pod: KubeObject, ip: string): KubeObject => ({ ...pod, status: { podIP: ip } });
const namespaceObject = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});

/** Pods of namespaces no chart knows, with no policy of their own: what a team creates tomorrow. */
const NEWCOMER = withIp(testPod('newcomer', 'app', { app: 'app' }, HTTP), '10.0.64.10');
const NEIGHBOUR = withIp(testPod('neighbour', 'app', { app: 'app' }, HTTP), '10.0.64.11');
/** A system pod beside kube-dns, and a Calico one: the guardrails exempt their namespaces. */
const METRICS = withIp(testPod('kube-system', 'metrics', { app: 'metrics' }, HTTP), '10.0.64.12');
const CALICO = withIp(testPod('calico-system', 'typha', { 'k8s-app': 'calico-typha' }, HTTP), '10.0.64.13');
const TEST_OBJECTS = [
  namespaceObject('newcomer'),
  namespaceObject('neighbour'),
  NEWCOMER,
  NEIGHBOUR,
  METRICS,
  CALICO,
  withIp(KUBE_DNS, '10.0.64.2'),
];
const EXTERNALS = [
  INTERNET,
  { name: 'imds', ip: '169.254.169.254' },
  { name: 'imds-v6', ip: 'fd00:ec2::254' },
];

const model = ClusterModel.fromObjects([...charts, ...TEST_OBJECTS], { externals: EXTERNALS });
const before = ClusterModel.fromObjects([...withoutPlatform, ...TEST_OBJECTS], { externals: EXTERNALS });

const DNS = 'kube-system/kube-dns';
const PROTOCOLS: Protocol[] = ['TCP', 'UDP', 'SCTP'];
const PORTS = [1, 53, 80, 443, 5432, 8080, 65535];
const PROBES = PROTOCOLS.flatMap((protocol) => PORTS.map((port): Probe => ({ protocol, port })));
const isDns = ({ protocol, port }: Probe): boolean => port === 53 && protocol !== 'SCTP';

describe('platform guardrails with every chart', () => {
  it('reads the guardrails in the order they are evaluated', () => {
    expect(model.clusterPolicies()).toEqual([
      'ClusterNetworkPolicy/deny-instance-metadata',
      'ClusterNetworkPolicy/protect-system-namespaces-dns',
      'ClusterNetworkPolicy/protect-system-namespaces',
      'ClusterNetworkPolicy/baseline-default-deny',
    ]);
  });

  describe('a pod in a new namespace with no policy of its own', () => {
    it.each(PROBES)('reaches the cluster DNS and nothing else, %j', (probe) => {
      const reached = model
        .reach(probe)
        .filter(([from, to]) => from === 'newcomer/app' && to !== from)
        .map(([, to]) => to);
      expect(reached).toEqual(isDns(probe) ? [DNS] : []);
    });

    it.each(PROBES)('is reached by no other pod of the cluster, %j', (probe) => {
      const reaching = model
        .reach(probe)
        .filter(([from, to]) => to === 'newcomer/app' && from !== to && from.includes('/'))
        .map(([from]) => from);
      expect(reaching).toEqual([]);
    });

    it('was open to everything before the guardrails (so they are what closes it)', () => {
      expect(before.allows('newcomer/app', 'neighbour/app', tcp(8080))).toBe(true);
      expect(before.allows('neighbour/app', 'newcomer/app', tcp(8080))).toBe(true);
      expect(before.allows('newcomer/app', 'internet', tcp(443))).toBe(true);
    });

    it('says why, tier by tier', () => {
      const out = model.explain('newcomer/app', 'neighbour/app', tcp(8080));
      expect(out.egress.chain).toEqual([
        'Admin: no match',
        'NetworkPolicy: none isolates',
        'Baseline priority 1000 "baseline-default-deny" rule 2 "deny-all-egress": Deny',
        'denied',
      ]);
      expect(out.ingress.chain).toEqual([
        'Admin: no match',
        'NetworkPolicy: none isolates',
        'Baseline priority 1000 "baseline-default-deny" rule 1 "deny-all-ingress": Deny',
        'denied',
      ]);
    });

    // ClusterNetworkPolicy v1alpha2 ingress peers are only namespaces and pods (ClusterNetworkPolicyIngressPeer):
    // no ClusterNetworkPolicy can deny a source outside the cluster. Only the namespace's NetworkPolicies
    // (ipBlock) can; this test keeps that limit of the guardrails in view.
    it('is still reached from outside the cluster: the API has no ingress networks peer', () => {
      expect(model.allows('internet', 'newcomer/app', tcp(8080))).toBe(true);
      expect(model.explain('internet', 'newcomer/app', tcp(8080)).ingress.decidedBy).toBe('default');
    });
  });

  describe('the instance metadata service', () => {
    const pods = model.endpointIds().filter((id) => id.includes('/'));

    it('exists among the pods checked: the shop, the system namespaces, the newcomers', () => {
      expect(pods).toEqual(
        expect.arrayContaining([
          'shop/api',
          DNS,
          'kube-system/metrics',
          'calico-system/typha',
          'newcomer/app',
        ]),
      );
    });

    it.each(['imds', 'imds-v6'])('%s is reached by no pod, on any probe', (imds) => {
      for (const probe of PROBES) {
        const reaching = model
          .reach(probe)
          .filter(([, to]) => to === imds)
          .map(([from]) => from);
        expect([probe, reaching]).toEqual([probe, []]);
      }
    });

    it('is denied by the Admin tier, which no NetworkPolicy can override', () => {
      const out = model.explain('kube-system/metrics', 'imds', tcp(80));
      expect(out.egress).toMatchObject({ decidedBy: 'Admin', admin: { policy: 'deny-instance-metadata' } });
    });
  });

  describe('the system namespaces', () => {
    it.each([
      ['newcomer/app', DNS, udp(53), true],
      ['shop/api', DNS, udp(53), true],
      ['shop/frontend', DNS, tcp(53), true],
      ['kube-system/metrics', DNS, udp(53), true],
      ['calico-system/typha', 'kube-system/metrics', tcp(8080), true],
      ['kube-system/metrics', 'calico-system/typha', tcp(8080), true],
      ['kube-system/metrics', 'internet', tcp(443), true],
      ['newcomer/app', 'kube-system/metrics', tcp(8080), false],
      ['shop/api', 'kube-system/metrics', tcp(8080), false],
      ['newcomer/app', DNS, tcp(8080), false],
      ['newcomer/app', DNS, sctp(53), false],
    ] as const)('%s -> %s %j allowed: %s', (from, to, probe, allowed) => {
      expect(model.allows(from, to, probe)).toBe(allowed);
    });
  });

  describe("the shop's own policies decide for the shop as before", () => {
    const touchingShop = (pairs: Pair[]) =>
      pairs.filter(([from, to]) => from !== to && (from.startsWith('shop/') || to.startsWith('shop/')));
    const unmanaged = (id: string) => id.startsWith('newcomer/') || id.startsWith('neighbour/');

    it.each([
      ['internet', 'shop/frontend', tcp(8080)],
      ['shop/frontend', 'shop/api', tcp(8080)],
      ['shop/api', 'shop/db', tcp(5432)],
      ['kube-system/metrics', 'shop/frontend', tcp(8080)],
    ] as const)('%s -> %s %j is still allowed', (from, to, probe) => {
      expect(model.allows(from, to, probe)).toBe(true);
    });

    // The same pairs, but for the namespaces the baseline now confines: their pods no longer reach the frontend.
    it.each(PROBES)(
      'the flows touching the shop are those of the shop alone, minus the new namespaces, %j',
      (probe) => {
        const expected = touchingShop(before.reach(probe)).filter(
          ([from, to]) => !unmanaged(from) && !unmanaged(to),
        );
        expect(touchingShop(model.reach(probe))).toEqual(expected);
      },
    );

    it('confines the new namespaces: the frontend they reached before, they no longer reach', () => {
      expect(before.allows('newcomer/app', 'shop/frontend', tcp(8080))).toBe(true);
      expect(model.allows('newcomer/app', 'shop/frontend', tcp(8080))).toBe(false);
    });
  });
});
