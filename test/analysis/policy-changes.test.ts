import { policyChanges } from '../../lib/analysis';
import { clusterPolicy, match, model, namespace, policy, type Json } from './builders';

const NAMESPACES = [namespace('shop'), namespace('tenant-a')];
const denyImds = (priority = 10): Json =>
  clusterPolicy(
    'deny-imds',
    'Admin',
    priority,
    { namespaces: {} },
    {
      egress: [{ action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }],
    },
  );
const baselineDeny = clusterPolicy(
  'baseline-deny',
  'Baseline',
  1000,
  { namespaces: {} },
  {
    ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }],
  },
);
const shopDeny = policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] });

const changes = (before: Json[], after: Json[]) =>
  policyChanges(model([...NAMESPACES, ...before]), model([...NAMESPACES, ...after]));

describe('policyChanges: the policies a change adds, removes or edits, of either kind', () => {
  it('names ClusterNetworkPolicies added, removed and modified beside NetworkPolicies', () => {
    expect(changes([shopDeny, denyImds(), baselineDeny], [denyImds(20), shopDeny])).toEqual({
      added: [],
      removed: ['ClusterNetworkPolicy/baseline-deny'],
      modified: ['ClusterNetworkPolicy/deny-imds'],
    });
    expect(changes([shopDeny], [shopDeny, denyImds()])).toEqual({
      added: ['ClusterNetworkPolicy/deny-imds'],
      removed: [],
      modified: [],
    });
  });

  it('an edited subject or a new acknowledgement is a change; key order is not', () => {
    const narrowed = denyImds();
    (narrowed.spec as Json).subject = { namespaces: match({ tenant: 'a' }) };
    expect(changes([denyImds()], [narrowed]).modified).toEqual(['ClusterNetworkPolicy/deny-imds']);
    const acknowledged = denyImds();
    (acknowledged.metadata as Json).annotations = {
      'lint-acknowledge.netpol.io/cluster-rule-shadowed': 'kept for audits',
    };
    expect(changes([denyImds()], [acknowledged]).modified).toEqual(['ClusterNetworkPolicy/deny-imds']);
    const reordered = denyImds();
    const { tier, priority, subject, egress } = reordered.spec as Json;
    reordered.spec = { egress, subject, priority, tier };
    expect(changes([denyImds()], [reordered])).toEqual({ added: [], removed: [], modified: [] });
  });
});
