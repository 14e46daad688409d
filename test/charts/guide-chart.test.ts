import { Yaml } from 'cdk8s';
import { GUIDE_NAMESPACES, GUIDE_POLICY_NAME } from '../../charts';
import { PROBE, modelOf, sctp, synthProject, tcp, testPod, udp } from './project';

const { objects } = synthProject();
const guide = objects.guide;

/**
 * The guide's four files, verbatim (only the leading comment left out): the header all four share, then each
 * spec. Copied here because the tests must not depend on the reference folder, which a user's clone lacks.
 */
const GUIDE_HEADER = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: pod-network-policy
spec:
`;
const DEMO_SELECTOR = `  podSelector:
    matchLabels:
      app: application-demo
`;
const GUIDE_YAML = {
  [GUIDE_NAMESPACES.allowAllToPod]: `${GUIDE_HEADER}${DEMO_SELECTOR}  policyTypes:
    - Ingress
    - Egress
  ingress:
    - {}
  egress:
    - {}
`,
  [GUIDE_NAMESPACES.denyAllToPod]: `${GUIDE_HEADER}${DEMO_SELECTOR}  policyTypes:
    - Ingress
    - Egress
`,
  [GUIDE_NAMESPACES.blockAllIncoming]: `${GUIDE_HEADER}  podSelector: {}
  policyTypes:
    - Ingress
`,
  [GUIDE_NAMESPACES.blockAllOutgoing]: `${GUIDE_HEADER}  podSelector: {}
  policyTypes:
    - Egress
`,
};

describe('guide chart', () => {
  const policies = guide.filter((object) => object.kind === 'NetworkPolicy');

  it('declares one namespace per guide policy, before the policies, enforcing Pod Security "restricted"', () => {
    const namespaces = guide.filter((object) => object.kind === 'Namespace');
    expect(namespaces.map((namespace) => namespace.metadata.name).sort()).toEqual(
      Object.values(GUIDE_NAMESPACES).sort(),
    );
    expect(guide.slice(0, 4)).toEqual(namespaces);
    for (const { metadata } of namespaces) {
      expect(metadata.labels).toEqual({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      });
    }
  });

  it.each(Object.entries(GUIDE_YAML))(
    "writes the guide's policy, its name and spec byte for byte, into %s",
    (namespace, guideYaml) => {
      const policy = policies.find((object) => object.metadata.namespace === namespace);
      const { apiVersion, kind, metadata, spec } = policy ?? {};
      expect(Yaml.stringify({ apiVersion, kind, metadata: { name: metadata.name }, spec })).toBe(guideYaml);
      expect(Object.keys(policy ?? {})).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    },
  );

  it("adds to the guide's metadata only the namespace and lint acknowledgements, each with a reason", () => {
    for (const { metadata } of policies) {
      const { name, namespace, annotations = {}, ...rest } = metadata;
      expect([name, rest]).toEqual([GUIDE_POLICY_NAME, {}]);
      expect(Object.values(GUIDE_NAMESPACES)).toContain(namespace);
      for (const [key, reason] of Object.entries(annotations)) {
        expect(key).toMatch(/^lint-acknowledge\.netpol\.io\//);
        expect(reason).toMatch(/\w{3,}/);
      }
    }
  });

  it('keeps the shared name pod-network-policy, each in its own namespace', () => {
    expect(policies.map((policy) => policy.metadata.name)).toEqual(Array(4).fill('pod-network-policy'));
    expect(new Set(policies.map((policy) => policy.metadata.namespace)).size).toBe(4);
  });
});

describe('guide chart: who can reach whom', () => {
  // The guide ships no workloads: a test-only `demo` pod (the label the guide selects) and a `bystander` pod
  // in each namespace show what each policy does, seen from a probe in another namespace and the internet.
  const http = [{ name: 'http', containerPort: 80, protocol: 'TCP' }];
  const pods = Object.values(GUIDE_NAMESPACES).flatMap((namespace) => [
    testPod(namespace, 'demo', { app: 'application-demo' }, http),
    testPod(namespace, 'bystander', { app: 'other' }, http),
  ]);
  const model = modelOf(guide, [...pods, PROBE]);
  const at = (namespace: string, pod: string) => `${namespace}/${pod}`;
  const { allowAllToPod, denyAllToPod, blockAllIncoming, blockAllOutgoing } = GUIDE_NAMESPACES;

  it.each([
    // allow all to pod: everything, both ways, on any port and protocol
    ['probe/probe', at(allowAllToPod, 'demo'), tcp(80), true],
    ['internet', at(allowAllToPod, 'demo'), udp(9999), true],
    ['internet', at(allowAllToPod, 'demo'), sctp(9999), true],
    [at(allowAllToPod, 'demo'), 'internet', tcp(443), true],
    [at(allowAllToPod, 'demo'), 'internet', udp(53), true],
    // deny all to pod: the demo pod is cut off both ways, on every protocol; its neighbour is not selected
    ['probe/probe', at(denyAllToPod, 'demo'), tcp(80), false],
    ['probe/probe', at(denyAllToPod, 'demo'), udp(80), false],
    ['probe/probe', at(denyAllToPod, 'demo'), sctp(80), false],
    [at(denyAllToPod, 'bystander'), at(denyAllToPod, 'demo'), tcp(80), false],
    [at(denyAllToPod, 'demo'), 'internet', tcp(443), false],
    [at(denyAllToPod, 'demo'), 'internet', udp(53), false],
    [at(denyAllToPod, 'demo'), at(denyAllToPod, 'bystander'), tcp(80), false],
    ['probe/probe', at(denyAllToPod, 'bystander'), tcp(80), true],
    [at(denyAllToPod, 'bystander'), 'internet', tcp(443), true],
    // block all incoming: no pod of the namespace accepts anything, even from its neighbour; outgoing is open
    ['probe/probe', at(blockAllIncoming, 'demo'), tcp(80), false],
    ['internet', at(blockAllIncoming, 'bystander'), tcp(80), false],
    ['internet', at(blockAllIncoming, 'bystander'), udp(80), false],
    ['internet', at(blockAllIncoming, 'demo'), sctp(80), false],
    [at(blockAllIncoming, 'demo'), at(blockAllIncoming, 'bystander'), tcp(80), false],
    [at(blockAllIncoming, 'demo'), 'internet', tcp(443), true],
    [at(blockAllIncoming, 'demo'), 'internet', sctp(443), true],
    [at(blockAllIncoming, 'demo'), 'probe/probe', tcp(8080), true],
    // block all outgoing: no pod of the namespace sends anything, DNS included; incoming is open
    [at(blockAllOutgoing, 'demo'), 'internet', tcp(443), false],
    [at(blockAllOutgoing, 'bystander'), 'probe/probe', tcp(8080), false],
    [at(blockAllOutgoing, 'demo'), 'internet', udp(53), false],
    [at(blockAllOutgoing, 'demo'), 'internet', sctp(443), false],
    [at(blockAllOutgoing, 'demo'), at(blockAllOutgoing, 'bystander'), tcp(80), false],
    ['probe/probe', at(blockAllOutgoing, 'demo'), tcp(80), true],
    ['internet', at(blockAllOutgoing, 'bystander'), tcp(80), true],
    ['internet', at(blockAllOutgoing, 'bystander'), udp(80), true],
  ] as const)('%s -> %s %j allowed: %s', (from, to, probe, expected) => {
    expect(model.allows(from, to, probe)).toBe(expected);
  });
});
