import { Probe, Protocol } from '../../lib/analysis';
import { KUBE_DNS, PROBE, modelOf, sctp, synthProject, tcp, testPod, udp } from './project';

const { objects } = synthProject();

const SHOP = ['shop/frontend', 'shop/api', 'shop/db'];
const DNS = 'kube-system/kube-dns';
const DNS_PORTS = [
  { name: 'dns', containerPort: 53, protocol: 'UDP' },
  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
];
/** The cluster DNS's label in another namespace: not the cluster DNS, so never a destination. */
const FAKE_DNS = testPod('probe', 'fake-dns', { 'k8s-app': 'kube-dns' }, DNS_PORTS);
/** Another kube-system pod serving port 53: the DNS egress names the kube-dns pods, not their namespace. */
const OTHER_SYSTEM_POD = testPod('kube-system', 'other', { 'k8s-app': 'other' }, DNS_PORTS);

const model = modelOf(objects.shop, [KUBE_DNS, PROBE, FAKE_DNS, OTHER_SYSTEM_POD]);
/** Every endpoint outside the shop: pods of other namespaces, kube-system included, and the internet. */
const OUTSIDE = model.endpointIds().filter((id) => !id.startsWith('shop/'));

type Flow = [string, string, Probe];

/** The shop's intended flows, and nothing else may touch the shop. */
const INTENDED: Flow[] = [
  ...OUTSIDE.map((source): Flow => [source, 'shop/frontend', tcp(8080)]),
  ['shop/frontend', 'shop/api', tcp(8080)],
  ['shop/api', 'shop/db', tcp(5432)],
  ...SHOP.flatMap((workload): Flow[] => [
    [workload, DNS, udp(53)],
    [workload, DNS, tcp(53)],
  ]),
];

describe('shop: who can reach whom', () => {
  it('knows every endpoint outside the shop, the internet among them', () => {
    expect(OUTSIDE).toEqual(['internet', DNS, 'kube-system/other', 'probe/fake-dns', 'probe/probe']);
  });

  it.each(INTENDED)('allows %s -> %s %j', (from, to, probe) => {
    expect(model.allows(from, to, probe)).toBe(true);
  });

  const denied: Flow[] = [
    // wrong port on an allowed pair (named ports resolve to one number only)
    ['internet', 'shop/frontend', tcp(80)],
    ['internet', 'shop/frontend', tcp(8081)],
    ['shop/frontend', 'shop/api', tcp(5432)],
    ['shop/api', 'shop/db', tcp(8080)],
    ['shop/frontend', DNS, tcp(8080)],
    ['shop/frontend', DNS, udp(5353)],
    // wrong protocol on an allowed port
    ['internet', 'shop/frontend', udp(8080)],
    ['internet', 'shop/frontend', sctp(8080)],
    ['shop/frontend', 'shop/api', udp(8080)],
    ['shop/frontend', 'shop/api', sctp(8080)],
    ['shop/api', 'shop/db', udp(5432)],
    ['shop/api', 'shop/db', sctp(5432)],
    ['shop/db', DNS, sctp(53)],
    // wrong direction
    ['shop/api', 'shop/frontend', tcp(8080)],
    ['shop/db', 'shop/api', tcp(8080)],
    ['shop/db', 'shop/api', tcp(5432)],
    [DNS, 'shop/api', udp(53)],
    // skipping a tier
    ['shop/frontend', 'shop/db', tcp(5432)],
    // the internet to api and db, on every protocol
    ['internet', 'shop/api', tcp(8080)],
    ['internet', 'shop/api', udp(8080)],
    ['internet', 'shop/api', sctp(8080)],
    ['internet', 'shop/db', tcp(5432)],
    ['internet', 'shop/db', udp(5432)],
    ['internet', 'shop/db', sctp(5432)],
    // other namespaces to anything but the public port
    ['probe/probe', 'shop/api', tcp(8080)],
    ['probe/probe', 'shop/db', tcp(5432)],
    ['probe/probe', 'shop/frontend', tcp(5432)],
    ['probe/probe', 'shop/frontend', udp(8080)],
    [DNS, 'shop/api', tcp(8080)],
    [DNS, 'shop/db', tcp(5432)],
    // DNS only to the cluster DNS: not to its label in another namespace, nor to another kube-system pod
    ...SHOP.flatMap((workload): Flow[] => [
      [workload, 'probe/fake-dns', udp(53)],
      [workload, 'probe/fake-dns', tcp(53)],
      [workload, 'kube-system/other', udp(53)],
      [workload, 'kube-system/other', tcp(53)],
    ]),
    // shop workloads to the internet on every protocol, DNS resolvers outside the cluster and QUIC included,
    // and to other namespaces
    ...SHOP.flatMap((workload): Flow[] => [
      [workload, 'internet', tcp(443)],
      [workload, 'internet', tcp(80)],
      [workload, 'internet', udp(53)],
      [workload, 'internet', tcp(53)],
      [workload, 'internet', udp(443)],
      [workload, 'internet', sctp(443)],
      [workload, 'probe/probe', tcp(8080)],
    ]),
  ];
  it.each(denied)('denies %s -> %s %j', (from, to, probe) => {
    expect(model.allows(from, to, probe)).toBe(false);
  });

  // The lists above name flows; this proves there are no others: for each protocol and every port the shop
  // or its policies use (and their neighbours), the allowed pairs that touch the shop are exactly the
  // intended ones.
  const PROTOCOLS: Protocol[] = ['TCP', 'UDP', 'SCTP'];
  const PORTS = [1, 53, 80, 443, 5432, 5433, 8079, 8080, 8081, 65535];
  const probes = PROTOCOLS.flatMap((protocol) => PORTS.map((port): Probe => ({ protocol, port })));
  it.each(probes)('allows nothing else touching the shop for %j', (probe) => {
    const touchingShop = model
      .reach(probe)
      .filter(([from, to]) => from !== to && (from.startsWith('shop/') || to.startsWith('shop/')));
    const intended = INTENDED.filter(
      ([, , { protocol, port }]) => protocol === probe.protocol && port === probe.port,
    ).map(([from, to]) => [from, to]);
    expect(touchingShop.sort()).toEqual(intended.sort());
  });
});
