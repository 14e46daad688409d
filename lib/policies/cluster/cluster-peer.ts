import { IConstruct } from 'constructs';
import {
  CNP_MAX_DOMAIN_NAMES,
  CNP_MAX_NETWORKS,
  CnpDirection,
  CnpPeerKind,
  cnpDomainNameProblem,
  cnpNetworkProblem,
  cnpPeerKindProblem,
} from '../../kubernetes';
import type { ClusterNetworkPolicySpecEgressTo } from '../imports/policy.networking.k8s.io';
import { parseStrictCidr } from '../cidr';
import { invalidInput } from '../errors';
import { LabelSelector } from '../label-selector';

/**
 * Where a ClusterNetworkPolicy rule's traffic comes from (ingress `from`) or goes to (egress `to`). Ingress rules
 * take `namespaces` and `pods` only; egress rules also take `networks` (CIDR blocks, which match pod IPs too), and,
 * with the experimental CRD installed, `nodes` and `domainNames`.
 */
export class ClusterPeer {
  /** Every pod of the namespaces the selector matches (host-network pods excluded). */
  public static namespaces(selector: LabelSelector): ClusterPeer {
    return new ClusterPeer('namespaces', { selector });
  }

  /** Every pod of the namespaces with these names. */
  public static namespaceNamed(...names: string[]): ClusterPeer {
    return ClusterPeer.namespaces(LabelSelector.namespaceNamed(...names));
  }

  /** Every pod of every namespace (host-network pods excluded). */
  public static allNamespaces(): ClusterPeer {
    return ClusterPeer.namespaces(LabelSelector.all());
  }

  /** The pods matching `pods` in the namespaces matching `namespaces`. */
  public static pods(namespaces: LabelSelector, pods: LabelSelector): ClusterPeer {
    return new ClusterPeer('pods', { selector: namespaces, podSelector: pods });
  }

  /**
   * Egress only: destinations in these CIDR blocks (1 to 25), pod IPs included: Deny to '0.0.0.0/0' also denies
   * traffic to pods. Blocks must be network addresses (no host bits), as in the rest of the library.
   */
  public static networks(...cidrs: string[]): ClusterPeer {
    return new ClusterPeer('networks', { values: cidrs });
  }

  /** Egress only, experimental CRD: the IPs of the nodes the selector matches. */
  public static nodes(selector: LabelSelector): ClusterPeer {
    return new ClusterPeer('nodes', { selector });
  }

  /** Egress only, experimental CRD, Accept rules only: these domain names ('*.example.com' for subdomains). */
  public static domainNames(...names: string[]): ClusterPeer {
    return new ClusterPeer('domainNames', { values: names });
  }

  private constructor(
    /** The peer's one field in the API object. */
    public readonly kind: CnpPeerKind,
    private readonly spec: { selector?: LabelSelector; podSelector?: LabelSelector; values?: string[] },
  ) {}

  /**
   * Validates the peer for its direction and renders it.
   * @param scope the construct that owns the peer, named in errors
   * @param field the peer's path in the emitted object, named in errors
   */
  public render(scope: IConstruct, field: string, direction: CnpDirection): ClusterNetworkPolicySpecEgressTo {
    const kindProblem = cnpPeerKindProblem(direction, this.kind);
    if (kindProblem) {
      throw invalidInput(
        scope,
        `${field}.${this.kind}`,
        this.spec.values ?? this.kind,
        kindProblem,
        'match the traffic from the other side with an egress rule on its pods, or use a namespaces or pods peer',
      );
    }
    const { selector, podSelector, values = [] } = this.spec;
    switch (this.kind) {
      case 'namespaces':
      case 'nodes':
        return { [this.kind]: selector!.render(scope, `${field}.${this.kind}`) };
      case 'pods':
        return {
          pods: {
            namespaceSelector: selector!.render(scope, `${field}.pods.namespaceSelector`),
            podSelector: podSelector!.render(scope, `${field}.pods.podSelector`),
          },
        };
      case 'networks':
        checkSet(scope, `${field}.networks`, values, CNP_MAX_NETWORKS, "e.g. '169.254.169.254/32'");
        // The API's rule (CEL isCIDR), then the library's: no host bits, so the block reads as what it matches.
        values.forEach((cidr, i) =>
          parseStrictCidr(scope, `${field}.networks[${i}]`, cidr, cnpNetworkProblem),
        );
        return { networks: values };
      case 'domainNames':
        checkSet(scope, `${field}.domainNames`, values, CNP_MAX_DOMAIN_NAMES, "e.g. 'api.example.com'");
        values.forEach((name, i) => checkDomainName(scope, `${field}.domainNames[${i}]`, name));
        return { domainNames: values };
    }
  }
}

/** A `networks` or `domainNames` list: 1 to `max` entries, none repeated (listType=set). */
function checkSet(scope: IConstruct, field: string, values: string[], max: number, example: string): void {
  if (values.length === 0 || values.length > max) {
    throw invalidInput(
      scope,
      field,
      values,
      `needs 1 to ${max} entries (has ${values.length})`,
      values.length === 0
        ? `list at least one, ${example}`
        : `split them over several peers of at most ${max}`,
    );
  }
  const repeated = values.find((value, i) => values.indexOf(value) < i);
  if (repeated !== undefined) {
    throw invalidInput(scope, field, values, `'${repeated}' is repeated (the list is a set)`, 'list it once');
  }
}

function checkDomainName(scope: IConstruct, field: string, name: string): void {
  const problem = cnpDomainNameProblem(name);
  if (problem) {
    throw invalidInput(scope, field, name, problem, "write 'example.com' or '*.example.com'");
  }
}
