import { Chart } from 'cdk8s';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import {
  AllowAllToPod,
  BlockAllIncoming,
  BlockAllOutgoing,
  DenyAllToPod,
  LabelSelector,
  podSecurityLabels,
} from '../lib/policies';

/** The name the guide gives all four of its policies. */
export const GUIDE_POLICY_NAME = 'pod-network-policy';

/** The label the guide's pod-level policies select. */
export const GUIDE_DEMO_LABELS = { app: 'application-demo' };

/** The namespace of each guide example: one each, because all four policies share one name. */
export const GUIDE_NAMESPACES = {
  allowAllToPod: 'guide-allow-all-to-pod',
  denyAllToPod: 'guide-deny-all-to-pod',
  blockAllIncoming: 'guide-block-all-incoming',
  blockAllOutgoing: 'guide-block-all-outgoing',
} as const;

/** The guide ships no workloads: its pod-level policies wait for the demo pods a reader deploys. */
const WAITS_FOR_DEMO_PODS =
  'The guide ships no workload: this policy waits for the app=application-demo pods a reader deploys here.';

/** The guide's "allow all traffic to a pod" is broad by design: it is the example of an open pod. */
const OPEN_BY_DESIGN =
  'The guide\'s "allow all traffic to a specific pod" example, open in both directions on purpose.';

/**
 * The guide's four example NetworkPolicies, each with the guide's name and exact spec. Applied into one
 * namespace, each would replace the previous one (same name); here each gets its own namespace instead.
 * The lint findings the examples raise by design are acknowledged with a reason (metadata annotations only).
 * The namespaces get no baseline (it would change what each example shows), but they enforce the
 * "restricted" Pod Security Standard like every namespace the project creates: a demo pod a reader deploys
 * there runs without privileges.
 */
export class GuideChart extends Chart {
  public constructor(scope: Construct, id = 'guide') {
    super(scope, id);
    for (const namespace of Object.values(GUIDE_NAMESPACES)) {
      new k8s.KubeNamespace(this, `namespace-${namespace}`, {
        metadata: { name: namespace, labels: podSecurityLabels('restricted') },
      });
    }
    const demoPods = LabelSelector.matchLabels(GUIDE_DEMO_LABELS);
    new AllowAllToPod(this, 'allow-all-to-pod', {
      name: GUIDE_POLICY_NAME,
      namespace: GUIDE_NAMESPACES.allowAllToPod,
      podSelector: demoPods,
      lintAcknowledgements: {
        'allow-all-ingress': OPEN_BY_DESIGN,
        'allow-all-egress': OPEN_BY_DESIGN,
        'namespace-without-workloads': WAITS_FOR_DEMO_PODS,
      },
    });
    new DenyAllToPod(this, 'deny-all-to-pod', {
      name: GUIDE_POLICY_NAME,
      namespace: GUIDE_NAMESPACES.denyAllToPod,
      podSelector: demoPods,
      lintAcknowledgements: { 'namespace-without-workloads': WAITS_FOR_DEMO_PODS },
    });
    new BlockAllIncoming(this, 'block-all-incoming', {
      name: GUIDE_POLICY_NAME,
      namespace: GUIDE_NAMESPACES.blockAllIncoming,
    });
    new BlockAllOutgoing(this, 'block-all-outgoing', {
      name: GUIDE_POLICY_NAME,
      namespace: GUIDE_NAMESPACES.blockAllOutgoing,
    });
  }
}
