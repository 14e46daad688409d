/**
 * The Tigera operator chart's values the project relies on, written out once for the tests that read them back from
 * a template: policy-only mode on EKS beside the VPC CNI (no BGP), and the chart defaults set explicitly (the API
 * server, and Goldmane with Whisker for flow logs with policy verdicts).
 */
export const EXPECTED_CALICO_VALUES = {
  installation: {
    kubernetesProvider: 'EKS',
    cni: { type: 'AmazonVPC' },
    calicoNetwork: { bgp: 'Disabled' },
  },
  apiServer: { enabled: true },
  goldmane: { enabled: true },
  whisker: { enabled: true },
};
