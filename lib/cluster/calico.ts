import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Properties of {@link CalicoPolicyEngine}. */
export interface CalicoPolicyEngineProps {
  readonly cluster: eks.ICluster;
  /**
   * The pinned Calico release (3.32 or later), e.g. `v3.33.1`: the version of both charts, the CRD chart
   * `crd.projectcalico.org.v1` and the operator chart `tigera-operator`.
   */
  readonly version: string;
  /**
   * How long Helm waits in each phase: for the operator to become ready on install, and on uninstall first for
   * the chart's pre-delete hook, then for the chart's objects to be gone. Both uninstall phases together must
   * end within the kubectl handler's 15-minute Lambda limit, hence at most {@link MAX_HELM_TIMEOUT}.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
  /**
   * How long to wait, after the operator runs, for Calico itself to be available (calico-node on every node and
   * calico-kube-controllers): at most the kubectl handler's 15 minutes.
   * @default Duration.minutes(10)
   */
  readonly readyTimeout?: Duration;
}

/** The longest Helm timeout whose two uninstall phases still fit in the kubectl handler's 15-minute run. */
export const MAX_HELM_TIMEOUT = Duration.minutes(7);

/** The longest readiness wait that still ends within the kubectl handler's 15-minute run. */
const MAX_READY_TIMEOUT = Duration.minutes(14);

/** The Helm repository of Calico's charts (docs.tigera.io). */
export const CALICO_CHART_REPOSITORY = 'https://docs.tigera.io/calico/charts';

/** The first Calico minor whose charts split the CRDs out of `tigera-operator` and that enforces ClusterNetworkPolicy. */
const CALICO_VERSION = /^v3\.(3[2-9]|[4-9]\d)\.\d+$/;

/**
 * Calico in policy-only mode beside the Amazon VPC CNI: the VPC CNI keeps pod networking and IPAM, Calico
 * only enforces NetworkPolicies and ClusterNetworkPolicies. Installed by the Tigera operator Helm chart (not the
 * guide's `calico.yaml`, which would install Calico's own CNI and IPAM next to aws-node), in three steps:
 *
 * 1. `crds`: the chart `crd.projectcalico.org.v1`, which from Calico 3.32 holds every CRD the operator and Calico
 *    need (crd.projectcalico.org, operator.tigera.io) and the ClusterNetworkPolicy CRD (policy.networking.k8s.io,
 *    network-policy-api v0.2.0, standard channel), so no CRD of our own is needed for ClusterNetworkPolicy;
 * 2. `operator`: the chart `tigera-operator`, which from 3.32 ships no CRDs, with the policy-only values and
 *    Goldmane and Whisker (flow logs with policy verdicts) set explicitly;
 * 3. `ready`: a read of the Installation's `status.calicoVersion`, which the operator writes only once every Calico
 *    component is available (tigera/operator, core_controller.go: after `r.status.IsAvailable()`), so whatever
 *    depends on this construct is applied once calico-node enforces policies, not merely once the operator runs.
 *
 * CloudFormation deletes in the reverse order: dependents, then the operator chart (whose pre-delete hook removes
 * the Installation and waits for the operator to tear down calico-system), then the CRD chart.
 *
 * Why stack deletion does not hang on Calico: the chart's `Installation` CR (`default`) carries a finalizer
 * that only the running operator removes, so `helm uninstall` first runs the chart's pre-delete hook (Job
 * `tigera-operator-uninstall`, host network), which deletes the Installation and waits until the operator
 * has torn down `calico-system`; only then does Helm delete the operator. The hook's pod needs a node, hence
 * the dependency on the nodes (the caller adds it). Every Helm phase is bounded by `timeout`, and the aws-eks-v2
 * handler logs and ignores a failed uninstall, so at worst objects are left behind in a cluster that is deleted
 * next. Left on purpose: the `tigera-operator` namespace (created by `--create-namespace`, not owned by a release).
 *
 * Helm: the kubectl layers of every catalogue version (v34 to v36) ship Helm 4. The aws-eks-v2 handler's
 * `helm upgrade --install --create-namespace --repo --version --wait --timeout` and `helm uninstall --wait --timeout`
 * run unchanged with it (aws-cdk-lib 2.276 already adapted its OCI path to Helm 4; no OCI chart is used here); a
 * bare `--wait` means Helm 4's kstatus "watcher" strategy (HIP-0022). kstatus waits for the CRD chart's CRDs to be
 * Established and for the operator's Deployment to be available, but not for Calico itself: the operator's custom
 * resources (Installation, APIServer, Goldmane, Whisker) report Ready/Progressing/Degraded conditions, not the
 * kstatus Reconciling/Stalled ones, so kstatus counts them as current at once. Calico's readiness is what `ready`
 * waits for, bounded by `readyTimeout`. A new release is applied server-side by Helm 4, which suits the large CRDs.
 */
export class CalicoPolicyEngine extends Construct {
  /** The CRD chart, installed first and removed last. */
  readonly crds: eks.HelmChart;
  /** The operator chart with the Installation, APIServer, Goldmane and Whisker resources. */
  readonly chart: eks.HelmChart;
  /** Completes once Calico is available; depend on this construct (not on `chart`) to be applied after it. */
  readonly ready: eks.KubernetesObjectValue;

  constructor(scope: Construct, id: string, props: CalicoPolicyEngineProps) {
    super(scope, id);
    if (!CALICO_VERSION.test(props.version)) {
      throw new Error(
        `${this.node.path}: version = ${JSON.stringify(props.version)} is not a Calico release this construct installs: ` +
          'it needs 3.32 or later (CRDs in their own chart, ClusterNetworkPolicy enforced). Fix: use a version such as "v3.33.1".',
      );
    }
    const timeout = props.timeout ?? Duration.minutes(5);
    if (timeout.toSeconds() > MAX_HELM_TIMEOUT.toSeconds()) {
      throw new Error(
        `${this.node.path}: timeout = ${timeout.toHumanString()} is too long: an uninstall waits up to twice the timeout ` +
          `(pre-delete hook, then deletion), which must end within the kubectl handler's 15-minute limit. ` +
          `Fix: use at most ${MAX_HELM_TIMEOUT.toHumanString()}.`,
      );
    }
    const readyTimeout = props.readyTimeout ?? Duration.minutes(10);
    if (readyTimeout.toSeconds() > MAX_READY_TIMEOUT.toSeconds()) {
      throw new Error(
        `${this.node.path}: readyTimeout = ${readyTimeout.toHumanString()} is too long for the kubectl handler's 15-minute run. ` +
          `Fix: use at most ${MAX_READY_TIMEOUT.toHumanString()}.`,
      );
    }
    this.crds = new eks.HelmChart(this, 'Crds', {
      cluster: props.cluster,
      repository: CALICO_CHART_REPOSITORY,
      chart: 'crd.projectcalico.org.v1',
      namespace: 'tigera-operator',
      release: 'calico-crds',
      version: props.version,
      createNamespace: true,
      wait: true,
      timeout,
    });
    this.chart = new eks.HelmChart(this, 'TigeraOperator', {
      cluster: props.cluster,
      repository: CALICO_CHART_REPOSITORY,
      chart: 'tigera-operator',
      namespace: 'tigera-operator',
      release: 'calico',
      version: props.version,
      createNamespace: true,
      // Wait for the operator, and bound each phase (see the class comment).
      wait: true,
      timeout,
      values: {
        installation: {
          kubernetesProvider: 'EKS',
          cni: { type: 'AmazonVPC' },
          calicoNetwork: { bgp: 'Disabled' },
        },
        // Chart defaults, set explicitly because the project relies on them: the Calico API server (for
        // projectcalico.org/v3 resources), and Goldmane (flow aggregation) with Whisker (its UI), which show every
        // allowed and denied flow with the policy that decided it.
        apiServer: { enabled: true },
        goldmane: { enabled: true },
        whisker: { enabled: true },
      },
    });
    this.chart.node.addDependency(this.crds);
    // The id carries the version, so an upgrade replaces this read. It returns as soon as the Installation reports
    // a version, which during an upgrade may still be the old one: see the README, "What Calico readiness covers".
    this.ready = new eks.KubernetesObjectValue(this, `Ready-${props.version.replace(/\./g, '-')}`, {
      cluster: props.cluster,
      objectType: 'installation.operator.tigera.io',
      objectName: 'default',
      jsonPath: '.status.calicoVersion',
      timeout: readyTimeout,
    });
    this.ready.node.addDependency(this.chart);
  }
}
