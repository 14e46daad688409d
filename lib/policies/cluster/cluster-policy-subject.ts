import { IConstruct } from 'constructs';
import type { CnpSubjectFields } from '../../kubernetes';
import type { ClusterNetworkPolicySpecSubject } from '../imports/policy.networking.k8s.io';
import { LabelSelector } from '../label-selector';

/**
 * The pods a ClusterNetworkPolicy applies to (ClusterNetworkPolicySubject): every pod of the selected namespaces,
 * or the pods matching a pod selector in the selected namespaces. Host-network pods are never subjects (the API
 * says so): a ClusterNetworkPolicy cannot restrict aws-node, kube-proxy or calico-node.
 */
export class ClusterPolicySubject {
  /** Every pod of the namespaces the selector matches; `LabelSelector.all()` for every namespace on purpose. */
  public static namespaces(selector: LabelSelector): ClusterPolicySubject {
    return new ClusterPolicySubject(selector);
  }

  /** Every pod of the namespaces with these names. */
  public static namespaceNamed(...names: string[]): ClusterPolicySubject {
    return new ClusterPolicySubject(LabelSelector.namespaceNamed(...names));
  }

  /** Every pod of every namespace, present and future. */
  public static allNamespaces(): ClusterPolicySubject {
    return new ClusterPolicySubject(LabelSelector.all());
  }

  /** The pods matching `pods` in the namespaces matching `namespaces` (both must hold). */
  public static pods(namespaces: LabelSelector, pods: LabelSelector): ClusterPolicySubject {
    return new ClusterPolicySubject(namespaces, pods);
  }

  private constructor(
    private readonly namespaceSelector: LabelSelector,
    private readonly podSelector?: LabelSelector,
  ) {}

  /**
   * Validates the selectors and renders the subject.
   * @param scope the construct that owns the subject, named in errors
   * @param field the subject's path in the emitted object, named in errors
   */
  public render(scope: IConstruct, field: string): ClusterNetworkPolicySpecSubject & CnpSubjectFields {
    if (this.podSelector === undefined) {
      return { namespaces: this.namespaceSelector.render(scope, `${field}.namespaces`) };
    }
    return {
      pods: {
        namespaceSelector: this.namespaceSelector.render(scope, `${field}.pods.namespaceSelector`),
        podSelector: this.podSelector.render(scope, `${field}.pods.podSelector`),
      },
    };
  }
}
