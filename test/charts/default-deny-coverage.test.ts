import { KUBE_DNS, PROBE, modelOf, sctp, synthProject, tcp, testPod, udp } from './project';
import { KubeObject } from '../policies/synth';

const { objects } = synthProject();
const all = Object.values(objects).flat();

const WORKLOAD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'];
const workloadNamespaces = [
  ...new Set(
    all.filter((object) => WORKLOAD_KINDS.includes(object.kind)).map((object) => object.metadata.namespace),
  ),
];
const policiesIn = (namespace: string) =>
  all.filter((object) => object.kind === 'NetworkPolicy' && object.metadata.namespace === namespace);

describe('every namespace that runs a workload', () => {
  it('is known: the shop, plus the default namespace the baseline covers', () => {
    expect(workloadNamespaces).toEqual(['shop']);
    expect(policiesIn('default').map((policy) => policy.metadata.name)).toEqual([
      'default-deny',
      'allow-dns-egress',
    ]);
  });

  it.each([...workloadNamespaces, 'default'])(
    '%s denies all traffic in both directions by default',
    (namespace) => {
      const defaultDeny = policiesIn(namespace).filter(
        ({ spec }) =>
          JSON.stringify(spec.podSelector) === '{}' &&
          spec.policyTypes.includes('Ingress') &&
          spec.policyTypes.includes('Egress') &&
          spec.ingress === undefined &&
          spec.egress === undefined,
      );
      expect(defaultDeny).toHaveLength(1);
    },
  );

  // The structural check above, confirmed by the analyzer: a new pod with labels no policy names gets
  // only DNS, neither from nor to any other endpoint (a pod's traffic to itself is never policed).
  it.each([...workloadNamespaces, 'default'])(
    '%s: an unknown new pod reaches only kube-dns, and nothing reaches it',
    (namespace) => {
      const intruder = testPod(namespace, 'intruder', { app: 'intruder' }, [
        { name: 'http', containerPort: 80, protocol: 'TCP' },
      ]);
      const model = modelOf(all, [intruder, KUBE_DNS, PROBE]);
      const id = `${namespace}/intruder`;
      for (const probe of [tcp(80), tcp(443), tcp(8080), tcp(53), udp(53), sctp(80)]) {
        const flows = model.reach(probe).filter(([from, to]) => from !== to && (from === id || to === id));
        const dnsOnly = probe.port === 53 ? [[id, 'kube-system/kube-dns']] : [];
        expect(flows).toEqual(dnsOnly);
      }
    },
  );
});

describe('every namespace a chart creates', () => {
  const namespaces = all.filter((object) => object.kind === 'Namespace');

  it.each(namespaces.map((namespace): [string, KubeObject] => [namespace.metadata.name, namespace]))(
    '%s enforces, warns and audits the "restricted" Pod Security Standard',
    (_, namespace) => {
      expect(namespace.metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      });
    },
  );
});
