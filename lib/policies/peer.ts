import { IConstruct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { validateIpBlock } from './cidr';
import { LabelSelector } from './label-selector';

/**
 * The other end of a NetworkPolicy rule: a source for ingress, a destination for egress.
 * Each peer is one entry of `from` / `to`: peers in one rule are OR-ed; inside one peer the namespace and pod
 * selectors are AND-ed (`podsInNamespaces`).
 */
export class Peer {
  /**
   * Every source or destination, inside and outside the cluster: renders as a rule without `from` / `to`.
   * It must be the rule's only peer.
   */
  public static any(): Peer {
    return new Peer({ kind: 'any' });
  }

  /** The pods matching `podSelector` in the policy's own namespace. */
  public static pods(podSelector: LabelSelector): Peer {
    return new Peer({ kind: 'selectors', podSelector });
  }

  /** The pods matching `podSelector` in the namespaces matching `namespaceSelector` (both must hold). */
  public static podsInNamespaces(podSelector: LabelSelector, namespaceSelector: LabelSelector): Peer {
    return new Peer({ kind: 'selectors', podSelector, namespaceSelector });
  }

  /** Every pod in the namespaces matching `namespaceSelector`. */
  public static namespaces(namespaceSelector: LabelSelector): Peer {
    return new Peer({ kind: 'selectors', namespaceSelector });
  }

  /** The addresses in `cidr` except those in `except` (each strictly inside `cidr`). */
  public static ipBlock(cidr: string, except: string[] = []): Peer {
    return new Peer({ kind: 'ipBlock', cidr, except });
  }

  private constructor(private readonly spec: PeerSpec) {}

  /** True for `Peer.any()`, which a rule expresses by leaving out `from` / `to`. */
  public get isAny(): boolean {
    return this.spec.kind === 'any';
  }

  /**
   * Validates the peer and renders it as the Kubernetes API object.
   * @param scope the construct that owns the peer, named in errors
   * @param field the peer's path in the emitted object, named in errors
   */
  public render(scope: IConstruct, field: string): k8s.NetworkPolicyPeer {
    const spec = this.spec;
    switch (spec.kind) {
      case 'any':
        throw new Error(`${scope.node.path}: ${field}: Peer.any() has no peer object; the rule renders it`);
      case 'ipBlock':
        validateIpBlock(scope, `${field}.ipBlock`, spec.cidr, spec.except);
        return { ipBlock: { cidr: spec.cidr, except: spec.except.length > 0 ? spec.except : undefined } };
      case 'selectors':
        return {
          namespaceSelector: spec.namespaceSelector?.render(scope, `${field}.namespaceSelector`),
          podSelector: spec.podSelector?.render(scope, `${field}.podSelector`),
        };
    }
  }
}

type PeerSpec =
  | { readonly kind: 'any' }
  | { readonly kind: 'ipBlock'; readonly cidr: string; readonly except: string[] }
  | {
      readonly kind: 'selectors';
      readonly podSelector?: LabelSelector;
      readonly namespaceSelector?: LabelSelector;
    };
