/**
 * The version catalogue: which Kubernetes versions the stack deploys, and what each one brings (its kubectl
 * layer, its EKS add-on pins, the Calico release tested with it), plus the EKS lifecycle dates that decide
 * whether a version may still be deployed at all. Moving to a newer version is a change to this file (see the
 * README, "Moving to a newer Kubernetes version").
 */
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/** A calendar day, `YYYY-MM-DD`, in UTC (EKS publishes its dates in UTC+0). */
export type IsoDate = string;

/** One Kubernetes minor version's dates on EKS. */
export interface EksVersionLifecycle {
  /** The day EKS made the version available. */
  readonly release: IsoDate;
  /** The last day of standard support; extended support (billed higher) starts the day after. */
  readonly endOfStandardSupport: IsoDate;
  /** The last day of extended support; after it EKS creates no cluster at this version and upgrades existing ones. */
  readonly endOfExtendedSupport: IsoDate;
}

/**
 * EKS release calendar. Source: EKS user guide, "Understand the Kubernetes version lifecycle on EKS", release
 * calendar (awsdocs/amazon-eks-user-guide latest/ug/versioning/kubernetes-versions.adoc) for 1.31–1.34.
 * 1.35 and 1.36 are not in the stored copy of that page: their dates come from endoflife.date's amazon-eks data
 * (1.35: released 2026-01-28, standard to 2027-03-27, extended to 2028-03-27; 1.36: released 2026-06-02,
 * standard to 2027-08-02, extended to 2028-08-02), which follows the EKS page; check them with
 * `aws eks describe-cluster-versions` when you touch this table. Standard support lasts 14 months, extended 12.
 */
export const EKS_LIFECYCLE: Readonly<Record<string, EksVersionLifecycle>> = {
  '1.31': { release: '2024-09-26', endOfStandardSupport: '2025-11-26', endOfExtendedSupport: '2026-11-26' },
  '1.32': { release: '2025-01-23', endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23' },
  '1.33': { release: '2025-05-29', endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29' },
  '1.34': { release: '2025-10-02', endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02' },
  '1.35': { release: '2026-01-28', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27' },
  '1.36': { release: '2026-06-02', endOfStandardSupport: '2027-08-02', endOfExtendedSupport: '2028-08-02' },
};

/**
 * How much more a cluster-hour costs in extended support: USD 0.60 instead of 0.10 (EKS pricing page; EKS user
 * guide, "Amazon EKS extended support FAQs").
 */
export const EXTENDED_SUPPORT_PRICE_FACTOR = 6;

/** A Calico release and the Kubernetes versions Tigera tests it with. */
export interface CalicoRelease {
  /** Version of both Helm charts, `crd.projectcalico.org.v1` and `tigera-operator` (one release, one version). */
  readonly version: string;
  /** Kubernetes minor versions listed as tested in Calico's system requirements for this release. */
  readonly testedKubernetesVersions: readonly string[];
}

/**
 * Calico 3.33, patch 3.33.1 (2026-11; the stored tigera/docs copy for 3.33 still titles the release v3.33.0, so
 * check `helm search repo projectcalico/tigera-operator --versions` for a newer patch before deploying). Tested on
 * Kubernetes 1.35, 1.36 and 1.37: Calico's own system requirements for 3.33 (tigera/docs,
 * calico_versioned_docs/version-3.33/_includes/partials/_system-requirements.mdx, "Supported versions"). Like 3.32, it enforces ClusterNetworkPolicy
 * (policy.networking.k8s.io/v1alpha2) and ships its CRDs outside `tigera-operator`. Its release notes make the
 * native `projectcalico.org.v3` CRDs (chart `projectcalico.org.v3`) the default for new installs; installing the
 * v1 CRD chart `crd.projectcalico.org.v1` first, as the stack does for every release, keeps the Calico API server
 * mode (apiServer.enabled) that 3.32 runs too, so an upgrade from 1.34 (3.32) to 1.35 (3.33) changes no CRD API.
 * The v3 chart would also need `--api-versions admissionregistration.k8s.io/v1/MutatingAdmissionPolicy` on
 * Kubernetes 1.36 (its 3.33 install guide, helm.mdx), a flag the aws-eks-v2 Helm handler cannot pass.
 */
export const CALICO_3_33: CalicoRelease = {
  version: 'v3.33.1',
  testedKubernetesVersions: ['1.35', '1.36', '1.37'],
};

/**
 * Calico 3.32.1: tested on Kubernetes 1.34, 1.35 and 1.36 (tigera/docs, calico_versioned_docs/version-3.32/
 * _includes/partials/_system-requirements.mdx). Its charts, read at tag v3.32.1
 * (projectcalico/calico charts/): `crd.projectcalico.org.v1` holds the crd.projectcalico.org and operator.tigera.io
 * CRDs and the ClusterNetworkPolicy CRD (network-policy-api v0.2.0, standard channel: manifests/
 * v1_crd_projectcalico_org.yaml is rendered from that chart); `tigera-operator` no longer ships CRDs.
 */
export const CALICO_3_32: CalicoRelease = {
  version: 'v3.32.1',
  testedKubernetesVersions: ['1.34', '1.35', '1.36'],
};

/** The oldest Calico minor that enforces ClusterNetworkPolicy (3.32.0 release notes); older ones are refused. */
export const MINIMUM_CALICO_MINOR = 32;

/** Pinned versions of the EKS managed add-ons. */
export interface AddonVersions {
  readonly vpcCni: string;
  readonly coreDns: string;
  /** Its minor version must equal the cluster's. */
  readonly kubeProxy: string;
}

/** Everything one deployable Kubernetes version brings. */
export interface KubernetesVersionSupport {
  readonly version: eks.KubernetesVersion;
  /** The npm package of its kubectl layer (kubectl of the same minor, plus Helm). */
  readonly kubectlLayerPackage: string;
  /** The Helm major version in that layer: 4 from layer v33 on (each layer's README). */
  readonly helmMajorVersion: 3 | 4;
  /** Creates the kubectl layer; the package is loaded only for the version deployed. */
  readonly kubectlLayer: (scope: Construct, id: string) => lambda.ILayerVersion;
  /** Add-on pins made for this version; an environment may override each. */
  readonly addons: AddonVersions;
  /** The newest Calico release tested with this version that enforces ClusterNetworkPolicy. */
  readonly calico: CalicoRelease;
}

/*
 * Add-on pins. The EKS add-on version tables stored for this project (awsdocs/amazon-eks-user-guide,
 * managing-vpc-cni/managing-coredns/managing-kube-proxy) stop at 1.33, so these exact eksbuild versions could NOT be
 * confirmed from EKS's own tables. They are the versions `aws eks describe-addon-versions` listed on 2026-09-04
 * (ap-northeast-2), as recorded in a public Terraform configuration (vpc-cni v1.22.4-eksbuild.3 for 1.31–1.36;
 * coredns and kube-proxy per version below). Run
 * `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>` before deploying and update here.
 */
const VPC_CNI_PIN = 'v1.22.4-eksbuild.3';

/** The kubectl layer of Kubernetes 1.`minor`: its npm package, and how to create it (loading only that package). */
function kubectlLayerOf(
  minor: number,
): Pick<KubernetesVersionSupport, 'kubectlLayerPackage' | 'kubectlLayer'> {
  const kubectlLayerPackage = `@aws-cdk/lambda-layer-kubectl-v${minor}`;
  return {
    kubectlLayerPackage,
    kubectlLayer: (scope, id) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- each layer is a ~37 MB asset package: load only the one deployed
      const layerModule = require(kubectlLayerPackage) as Record<
        string,
        new (scope: Construct, id: string) => lambda.ILayerVersion
      >;
      return new layerModule[`KubectlV${minor}Layer`](scope, id);
    },
  };
}

/**
 * The versions this stack deploys: every version EKS still creates that has a kubectl layer on npm
 * (`npm view @aws-cdk/lambda-layer-kubectl-v3X`: v34 2.2.2, v35 2.2.2, v36 2.0.1 are the newest; v37 does not
 * exist) and a Calico release that is tested with it and enforces ClusterNetworkPolicy. Versions EKS creates but
 * this stack does not are in {@link NOT_DEPLOYABLE}, with the reason.
 */
export const VERSION_CATALOGUE: Readonly<Record<string, KubernetesVersionSupport>> = {
  '1.34': {
    version: eks.KubernetesVersion.V1_34,
    ...kubectlLayerOf(34),
    helmMajorVersion: 4, // layer v34 2.2.2 README: Helm 4.1.3, kubectl 1.34.0
    addons: { vpcCni: VPC_CNI_PIN, coreDns: 'v1.12.4-eksbuild.29', kubeProxy: 'v1.34.6-eksbuild.21' },
    // Calico 3.33 is not tested on 1.34.
    calico: CALICO_3_32,
  },
  '1.35': {
    version: eks.KubernetesVersion.V1_35,
    ...kubectlLayerOf(35),
    helmMajorVersion: 4, // layer v35 2.2.2 README: Helm 4.1.3, kubectl 1.35.2
    addons: { vpcCni: VPC_CNI_PIN, coreDns: 'v1.13.2-eksbuild.21', kubeProxy: 'v1.35.3-eksbuild.21' },
    calico: CALICO_3_33,
  },
  '1.36': {
    version: eks.KubernetesVersion.V1_36,
    ...kubectlLayerOf(36),
    helmMajorVersion: 4, // layer v36 2.0.1 README: Helm 4.2.3, kubectl 1.36.3
    addons: { vpcCni: VPC_CNI_PIN, coreDns: 'v1.14.3-eksbuild.14', kubeProxy: 'v1.36.0-eksbuild.17' },
    calico: CALICO_3_33,
  },
};

/** Versions EKS still creates (or created) that this stack refuses, and why. */
export const NOT_DEPLOYABLE: Readonly<Record<string, string>> = {
  '1.31':
    "the version of the guide's `eksctl create cluster --version 1.31`; no Calico release that enforces " +
    'ClusterNetworkPolicy is tested with it either',
  '1.32':
    'no Calico release that enforces ClusterNetworkPolicy (3.32 and later) is tested with 1.32 (3.32: 1.34–1.36)',
  '1.33':
    'no Calico release that enforces ClusterNetworkPolicy (3.32 and later) is tested with 1.33 (3.32: 1.34–1.36)',
};

/**
 * The default version: the newest one that EKS has in standard support (1.36 until 2027-08-02), that has a kubectl
 * layer (v36) and that the pinned Calico (3.33.1) lists as tested. A test checks it is still the newest such one.
 */
export const DEFAULT_KUBERNETES_VERSION = '1.36';

/** Where a version stands on a given day. */
export type SupportPhase =
  | { readonly phase: 'standard'; readonly until: IsoDate }
  | { readonly phase: 'extended'; readonly until: IsoDate }
  | { readonly phase: 'ended'; readonly since: IsoDate }
  | { readonly phase: 'unknown' };

/** The UTC calendar day of `date`, e.g. `2026-11-30`. */
export function isoDay(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

/** The support phase of `kubernetesVersion` on `today` (a day is in a phase through its last day). */
export function supportPhase(kubernetesVersion: string, today: Date): SupportPhase {
  const lifecycle = Object.hasOwn(EKS_LIFECYCLE, kubernetesVersion)
    ? EKS_LIFECYCLE[kubernetesVersion]
    : undefined;
  if (!lifecycle) return { phase: 'unknown' };
  const day = isoDay(today);
  if (day <= lifecycle.endOfStandardSupport)
    return { phase: 'standard', until: lifecycle.endOfStandardSupport };
  if (day <= lifecycle.endOfExtendedSupport)
    return { phase: 'extended', until: lifecycle.endOfExtendedSupport };
  return { phase: 'ended', since: lifecycle.endOfExtendedSupport };
}

/** The catalogue versions EKS still creates on `today`, newest first. */
export function deployableVersions(today: Date): string[] {
  return Object.keys(VERSION_CATALOGUE)
    .filter((version) => ['standard', 'extended'].includes(supportPhase(version, today).phase))
    .sort(compareMinorVersions)
    .reverse();
}

/** The newest catalogue version in standard support on `today` whose Calico lists it as tested. */
export function newestStandardVersion(today: Date): string | undefined {
  return deployableVersions(today).find(
    (version) =>
      supportPhase(version, today).phase === 'standard' &&
      VERSION_CATALOGUE[version].calico.testedKubernetesVersions.includes(version),
  );
}

/**
 * What to move to on `today`, said as a fix: the newest catalogue version in standard support, else the newest one EKS
 * still creates (in paid extended support), else that the catalogue needs a newer version. Computed from the day, not
 * from {@link DEFAULT_KUBERNETES_VERSION}, so the advice stays true after the default's own support has moved on.
 */
export function newestSupportedVersionFix(today: Date): string {
  const moving = 'README, "Moving to a newer Kubernetes version"';
  const standard = newestStandardVersion(today);
  if (standard) return `use "${standard}", the newest supported version (README, "Kubernetes versions")`;
  const extended = deployableVersions(today)[0];
  if (extended) {
    return (
      `use "${extended}", the newest version EKS still creates, though only in extended support until ` +
      `${EKS_LIFECYCLE[extended].endOfExtendedSupport}; better, add a newer version to the catalogue (${moving})`
    );
  }
  return `add a version EKS still creates to the catalogue in lib/cluster/versions.ts (${moving})`;
}

function compareMinorVersions(a: string, b: string): number {
  return Number(a.split('.')[1]) - Number(b.split('.')[1]);
}
