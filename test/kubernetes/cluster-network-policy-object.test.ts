import { clusterNetworkPolicyProblem, labelSelectorProblem } from '../../lib/kubernetes';
import type { KubeObject as Spec } from '../policies/synth';

/** A valid policy with one field changed by `edit`. */
function policy(edit: (spec: Spec) => void = () => {}): Record<string, unknown> {
  const spec: Spec = {
    tier: 'Admin',
    priority: 10,
    subject: { namespaces: {} },
    ingress: [
      { name: 'pass-same', action: 'Pass', from: [{ namespaces: { matchLabels: { tenant: 'a' } } }] },
    ],
    egress: [
      { action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] },
      {
        action: 'Accept',
        to: [{ pods: { podSelector: {} } }],
        protocols: [{ destinationNamedPort: 'http' }],
      },
    ],
  };
  edit(spec);
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name: 'p' },
    spec,
  };
}

describe('clusterNetworkPolicyProblem: the first problem, with its field', () => {
  it('accepts a valid policy', () => {
    expect(clusterNetworkPolicyProblem(policy())).toBeUndefined();
  });

  it.each([
    [
      'priority',
      (s: Spec) => (s.priority = 1001),
      'spec.priority',
      'a priority must be an integer from 0 to 1000',
    ],
    [
      'tier',
      (s: Spec) => (s.tier = 'NetworkPolicy'),
      'spec.tier',
      'unknown tier, not one of Admin, Baseline',
    ],
    ['no subject', (s: Spec) => delete s.subject, 'spec.subject', expect.stringContaining('exactly one')],
    [
      'subject selector',
      (s: Spec) => (s.subject = { namespaces: { matchExpressions: [{ key: 'a', operator: 'In' }] } }),
      'spec.subject',
      'namespaces: matchExpressions[0]: In needs at least one value',
    ],
    ['too many rules', (s: Spec) => (s.ingress = Array(26).fill(s.ingress[0])), 'spec.ingress', ANY_TEXT()],
    ['rule action', (s: Spec) => (s.ingress[0].action = 'Allow'), 'spec.ingress[0].action', ANY_TEXT()],
    [
      'no peers',
      (s: Spec) => (s.ingress[0].from = []),
      'spec.ingress[0].from',
      'needs at least one entry in peers',
    ],
    [
      'networks in ingress',
      (s: Spec) => (s.ingress[0].from = [{ networks: ['10.0.0.0/8'] }]),
      'spec.ingress[0].from[0]',
      expect.stringContaining("'networks' is not an ingress (from) peer"),
    ],
    [
      'invalid network',
      (s: Spec) => (s.egress[0].to = [{ networks: ['10.0.0.0/33'] }]),
      'spec.egress[0].to[0]',
      "networks[0] '10.0.0.0/33': not a CIDR block",
    ],
    [
      'domainNames with Deny',
      (s: Spec) => (s.egress[0].to = [{ domainNames: ['example.com'] }]),
      'spec.egress[0].to[0]',
      expect.stringContaining('only the Accept action'),
    ],
    [
      'named port with networks',
      (s: Spec) => s.egress[1].to.push({ networks: ['10.0.0.0/8'] }),
      'spec.egress[1].protocols[0].destinationNamedPort',
      expect.stringContaining('cannot be used with networks'),
    ],
    [
      'port range',
      (s: Spec) => (s.egress[1].protocols = [{ tcp: { destinationPort: { range: { start: 2, end: 1 } } } }]),
      'spec.egress[1].protocols[0]',
      expect.stringContaining('must be less than end'),
    ],
    ['empty protocols', (s: Spec) => (s.egress[1].protocols = []), 'spec.egress[1].protocols', ANY_TEXT()],
  ])('%s', (_, edit, field, problem) => {
    expect(clusterNetworkPolicyProblem(policy(edit))).toEqual({ field, problem });
  });

  it('refuses another kind, a namespace and a bad name', () => {
    expect(clusterNetworkPolicyProblem({ ...policy(), kind: 'NetworkPolicy' })?.field).toBe(
      'apiVersion/kind',
    );
    expect(clusterNetworkPolicyProblem({ ...policy(), metadata: { name: 'p', namespace: 'x' } })?.field).toBe(
      'metadata.namespace',
    );
    expect(clusterNetworkPolicyProblem({ ...policy(), metadata: { name: 'P!' } })?.field).toBe(
      'metadata.name',
    );
  });
});

function ANY_TEXT(): unknown {
  return expect.any(String);
}

describe('labelSelectorProblem (ValidateLabelSelector)', () => {
  it.each([
    [{}, undefined],
    [{ matchLabels: { app: 'web' } }, undefined],
    [{ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, undefined],
    [{ matchLabels: { 'bad key!': 'x' } }, expect.stringContaining("matchLabels 'bad key!'")],
    [{ matchLabels: { app: 'a b' } }, expect.stringContaining("matchLabels 'app': must use")],
    [{ matchExpressions: [{ key: 'env', operator: 'Equals' }] }, expect.stringContaining('unknown operator')],
    [
      { matchExpressions: [{ key: 'env', operator: 'Exists', values: ['x'] }] },
      'matchExpressions[0]: Exists takes no values',
    ],
    [[], 'must be a label selector object'],
  ])('%j', (selector, problem) => {
    expect(labelSelectorProblem(selector)).toEqual(problem);
  });
});
