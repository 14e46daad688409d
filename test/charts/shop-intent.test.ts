import { Probe } from '../../lib/analysis';
import { KUBE_DNS, PROBE, modelOf, sctp, synthProject, tcp, udp } from './project';

const { objects } = synthProject();
const model = modelOf(objects.shop, [KUBE_DNS, PROBE]);

const SHOP = ['shop/frontend', 'shop/api', 'shop/db'];
const DNS = 'kube-system/kube-dns';
type Flow = [string, string, Probe];

describe('shop: who can reach whom', () => {
  const allowed: Flow[] = [
    ['internet', 'shop/frontend', tcp(8080)],
    ['probe/probe', 'shop/frontend', tcp(8080)],
    ['shop/frontend', 'shop/api', tcp(8080)],
    ['shop/api', 'shop/db', tcp(5432)],
    ...SHOP.flatMap((workload): Flow[] => [
      [workload, DNS, udp(53)],
      [workload, DNS, tcp(53)],
    ]),
  ];
  it.each(allowed)('allows %s -> %s %j', (from, to, probe) => {
    expect(model.allows(from, to, probe)).toBe(true);
  });

  const denied: Flow[] = [
    // wrong port or protocol on an allowed pair
    ['internet', 'shop/frontend', tcp(80)],
    ['internet', 'shop/frontend', udp(8080)],
    ['shop/frontend', 'shop/api', tcp(5432)],
    ['shop/frontend', 'shop/api', udp(8080)],
    ['shop/frontend', 'shop/api', sctp(8080)],
    ['shop/api', 'shop/db', tcp(8080)],
    ['shop/frontend', DNS, tcp(8080)],
    // wrong direction
    ['shop/api', 'shop/frontend', tcp(8080)],
    ['shop/db', 'shop/api', tcp(8080)],
    ['shop/db', 'shop/api', tcp(5432)],
    // skipping a tier
    ['shop/frontend', 'shop/db', tcp(5432)],
    // the internet to api and db
    ['internet', 'shop/api', tcp(8080)],
    ['internet', 'shop/db', tcp(5432)],
    // other namespaces to anything but the public port
    ['probe/probe', 'shop/api', tcp(8080)],
    ['probe/probe', 'shop/db', tcp(5432)],
    ['probe/probe', 'shop/frontend', tcp(5432)],
    [DNS, 'shop/api', tcp(8080)],
    // shop workloads to the internet, DNS resolvers outside the cluster included, and to other namespaces
    ...SHOP.flatMap((workload): Flow[] => [
      [workload, 'internet', tcp(443)],
      [workload, 'internet', tcp(80)],
      [workload, 'internet', udp(53)],
      [workload, 'probe/probe', tcp(8080)],
    ]),
  ];
  it.each(denied)('denies %s -> %s %j', (from, to, probe) => {
    expect(model.allows(from, to, probe)).toBe(false);
  });

  // The lists above name flows; this proves there are no others: every allowed pair that touches the
  // shop, per probe, is exactly the intended set.
  it.each([
    [
      tcp(8080),
      [
        ['internet', 'shop/frontend'],
        [DNS, 'shop/frontend'],
        ['probe/probe', 'shop/frontend'],
        ['shop/frontend', 'shop/api'],
      ],
    ],
    [tcp(5432), [['shop/api', 'shop/db']]],
    [udp(53), SHOP.map((workload) => [workload, DNS])],
    [tcp(53), SHOP.map((workload) => [workload, DNS])],
    [tcp(443), []],
    [tcp(80), []],
    [sctp(8080), []],
  ])('allows nothing else touching the shop for %j', (probe, expected) => {
    const touchingShop = model
      .reach(probe as Probe)
      .filter(([from, to]) => from.startsWith('shop/') || to.startsWith('shop/'));
    expect(touchingShop.sort()).toEqual([...expected].sort());
  });
});
