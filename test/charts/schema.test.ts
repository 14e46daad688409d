import { Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Namespace, Pod, Service } from 'kubernetes-models/v1';
import { clusterNetworkPolicyProblem } from '../../lib/kubernetes';
import { KubeObject } from '../policies/synth';
import { synthProject } from './project';

/**
 * The Kubernetes JSON-schema models, by apiVersion and kind; a kind missing here fails the test. kubernetes-models
 * 4.5.1 (published 2025-10-04, `npm view kubernetes-models time`; 5.x is ESM-only and needs Node 22) is the newest
 * release this project can load; the stack deploys Kubernetes 1.34 to 1.36 (lib/cluster/versions.ts). These GA v1
 * kinds only gain optional fields from one release to the next, so an object the charts emit that fails here fails
 * on the cluster too. The other direction is held by the types: the charts are built from cdk8s-plus-28's typed API
 * objects (Kubernetes 1.28), whose fields all exist in every version the stack deploys.
 */
/**
 * ClusterNetworkPolicy is a CRD, which kubernetes-models lacks: its objects are checked by the API's rules as
 * lib/kubernetes implements them from the v0.2.0 types and CRD (schema markers and CEL), the rules netpol applies
 * when it reads the YAML. That the objects also fit the CRD's structure is held by the types: the constructs build
 * them from the TypeScript `cdk8s import` generated from that CRD.
 */
class ClusterNetworkPolicyModel {
  public constructor(private readonly data: unknown) {}
  public validate(): void {
    const found = clusterNetworkPolicyProblem(this.data);
    if (found) throw new Error(`${found.field}: ${found.problem}`);
  }
}

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/Pod': Pod,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy.networking.k8s.io/v1alpha2/ClusterNetworkPolicy': ClusterNetworkPolicyModel,
};

function validate(object: KubeObject): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) throw new Error(`no schema model for ${object.apiVersion} ${object.kind}: add it to MODELS`);
  new Model(object as never).validate();
}

const { objects } = synthProject();
const everyObject = Object.entries(objects).flatMap(([chart, docs]) =>
  docs.map((object): [string, KubeObject] => [
    `${chart}: ${object.kind} ${object.metadata.namespace ?? '-'}/${object.metadata.name}`,
    object,
  ]),
);

describe('every chart object validates against the Kubernetes API schemas', () => {
  it.each(everyObject)('%s', (_, object) => {
    expect(() => validate(object)).not.toThrow();
  });

  // The check above is only worth something if the validator rejects what the API server would.
  it('rejects an invalid ClusterNetworkPolicy', () => {
    const policy = {
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'x' },
      spec: { tier: 'Admin', priority: 1001, subject: { namespaces: {} } },
    };
    expect(() => validate(policy)).toThrow('spec.priority: a priority must be an integer from 0 to 1000');
  });

  it('rejects an invalid NetworkPolicy and an unknown kind', () => {
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'x' },
      spec: { policyTypes: 'Ingress' },
    };
    expect(() => validate(policy)).toThrow();
    expect(() => validate({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } })).toThrow(
      'no schema model for v1 Secret',
    );
  });
});
