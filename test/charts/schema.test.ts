import { Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Namespace, Pod, Service } from 'kubernetes-models/v1';
import { KubeObject } from '../policies/synth';
import { synthProject } from './project';

/**
 * The Kubernetes JSON-schema models, by apiVersion and kind; a kind missing here fails the test. kubernetes-models
 * 4.5.1 is generated from a release after 1.31 (no release of it matches 1.31 exactly; 4.4.x predates 1.30), and
 * these v1 kinds only gained optional fields since 1.31, so an object the charts emit that fails here fails on 1.31
 * too. The other direction is held by the types: the charts are built from cdk8s-plus-28's typed API objects, whose
 * fields all exist in 1.31.
 */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/Pod': Pod,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
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
