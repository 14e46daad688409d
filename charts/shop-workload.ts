import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { LabelSelector } from '../lib/policies';

/** A directory the app writes to: an emptyDir, bounded so a runaway write cannot fill the node's disk. */
export interface WritableDir {
  /** Where the directory is mounted in the container. */
  readonly path: string;
  /**
   * The most the directory may hold; beyond it the kubelet evicts the pod.
   * @default '64Mi'
   */
  readonly sizeLimit?: string;
}

/** Props of `ShopWorkload`. */
export interface ShopWorkloadProps {
  /** The namespace to run in. */
  readonly namespace: string;
  /** The app's name: the Deployment's and Service's name and its `app.kubernetes.io/name` label. */
  readonly name: string;
  /** The app's role, its `app.kubernetes.io/component` label (e.g. 'web'). */
  readonly component: string;
  /** The image, pinned to an exact version so a deploy never changes what runs. */
  readonly image: string;
  /** The container port the app serves (TCP), and its name, which policies reference. */
  readonly port: { readonly name: string; readonly number: number };
  /** The non-root user and group the image is built to run as. */
  readonly runAsUser: number;
  /**
   * The directories the app writes to, each an emptyDir (the root filesystem is read-only).
   * @default - none
   */
  readonly writableDirs?: WritableDir[];
  /**
   * Container arguments.
   * @default - the image's default command
   */
  readonly args?: string[];
  /**
   * Container environment.
   * @default - none
   */
  readonly env?: k8s.EnvVar[];
  /**
   * The number of pods.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * CPU and memory requests and limits.
   * @default - 50m CPU and 64Mi requested, 250m CPU and 128Mi at most
   */
  readonly resources?: {
    readonly cpu: string;
    readonly memory: string;
    readonly cpuLimit: string;
    readonly memoryLimit: string;
  };
}

/** The label every shop object carries, and the namespace-independent half of each app's identity. */
export const SHOP_PART_OF = 'shop';

/**
 * One app of the shop demo, hardened the way a team should copy it: a Deployment whose pods run as a fixed
 * non-root user with a read-only root filesystem, no capabilities, no service account token, no service
 * environment variables, bounded CPU, memory and scratch space, and probes on its one named TCP port, plus a
 * ClusterIP Service that targets the port by name.
 */
export class ShopWorkload extends Construct {
  /** The selector of this app's pods, for its policies. */
  public readonly podSelector: LabelSelector;
  /** The Deployment. */
  public readonly deployment: k8s.KubeDeployment;

  public constructor(scope: Construct, id: string, props: ShopWorkloadProps) {
    super(scope, id);
    // The selector labels never change over the app's life (a Deployment's selector is immutable);
    // `component` is informative only and stays out of it.
    const selectorLabels = {
      'app.kubernetes.io/name': props.name,
      'app.kubernetes.io/part-of': SHOP_PART_OF,
    };
    const labels = { ...selectorLabels, 'app.kubernetes.io/component': props.component };
    this.podSelector = LabelSelector.matchLabels(selectorLabels);
    const metadata = { name: props.name, namespace: props.namespace, labels };
    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata,
      spec: {
        replicas: props.replicas ?? 2,
        selector: { matchLabels: selectorLabels },
        template: { metadata: { labels }, spec: podSpec(props) },
      },
    });
    new k8s.KubeService(this, 'service', {
      metadata,
      spec: {
        type: 'ClusterIP',
        selector: selectorLabels,
        ports: [
          {
            name: props.port.name,
            protocol: 'TCP',
            port: props.port.number,
            targetPort: k8s.IntOrString.fromString(props.port.name),
          },
        ],
      },
    });
  }

  /** Makes cdk8s write this app after `objects` (e.g. its namespace's policies), so pods never start unprotected. */
  public applyAfter(...objects: ApiObject[]): void {
    for (const child of this.node.children) {
      if (ApiObject.isApiObject(child)) child.addDependency(...objects);
    }
  }
}

function podSpec(props: ShopWorkloadProps): k8s.PodSpec {
  const dirs = props.writableDirs ?? [];
  const volumeName = (i: number) => `writable-${i}`;
  const resources = props.resources ?? { cpu: '50m', memory: '64Mi', cpuLimit: '250m', memoryLimit: '128Mi' };
  const probe = { tcpSocket: { port: k8s.IntOrString.fromString(props.port.name) }, periodSeconds: 10 };
  return {
    automountServiceAccountToken: false,
    // The apps find each other through DNS; service variables would only tell every pod about every Service.
    enableServiceLinks: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: props.runAsUser,
      runAsGroup: props.runAsUser,
      fsGroup: props.runAsUser,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [
      {
        name: props.name,
        image: props.image,
        imagePullPolicy: 'IfNotPresent',
        args: props.args,
        env: props.env,
        ports: [{ name: props.port.name, containerPort: props.port.number, protocol: 'TCP' }],
        resources: {
          requests: {
            cpu: k8s.Quantity.fromString(resources.cpu),
            memory: k8s.Quantity.fromString(resources.memory),
          },
          limits: {
            cpu: k8s.Quantity.fromString(resources.cpuLimit),
            memory: k8s.Quantity.fromString(resources.memoryLimit),
          },
        },
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        },
        readinessProbe: probe,
        livenessProbe: { ...probe, initialDelaySeconds: 10 },
        volumeMounts:
          dirs.length > 0 ? dirs.map(({ path }, i) => ({ name: volumeName(i), mountPath: path })) : undefined,
      },
    ],
    volumes:
      dirs.length > 0
        ? dirs.map(({ sizeLimit = '64Mi' }, i) => ({
            name: volumeName(i),
            emptyDir: { sizeLimit: k8s.Quantity.fromString(sizeLimit) },
          }))
        : undefined,
  };
}
