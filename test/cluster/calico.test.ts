import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CALICO_CHART_REPOSITORY, CalicoPolicyEngine, MAX_HELM_TIMEOUT } from '../../lib/cluster';
import { createClusterStack, logicalIdOfConstruct } from '../support/cdk-app';
import { EXPECTED_CALICO_VALUES } from '../support/calico-values';

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };

describe('CalicoPolicyEngine', () => {
  const engineWith = (props: { version?: string; timeout?: Duration; readyTimeout?: Duration } = {}) => {
    const { stack, cluster } = createClusterStack('Calico', { kubectl: true });
    const engine = new CalicoPolicyEngine(stack, 'Calico', { cluster, version: 'v3.33.1', ...props });
    return { engine, template: Template.fromStack(stack) };
  };

  test('installs the CRD chart, then the operator chart, both at the pinned release from the Calico repository', () => {
    const { engine, template } = engineWith();
    const crds = template.toJSON().Resources[logicalIdOfConstruct(engine.crds)] as Resource;
    const operator = template.toJSON().Resources[logicalIdOfConstruct(engine.chart)] as Resource;
    expect(crds.Properties).toMatchObject({
      Chart: 'crd.projectcalico.org.v1',
      Release: 'calico-crds',
      Repository: CALICO_CHART_REPOSITORY,
      Version: 'v3.33.1',
      Namespace: 'tigera-operator',
    });
    expect(operator.Properties).toMatchObject({
      Chart: 'tigera-operator',
      Release: 'calico',
      Repository: 'https://docs.tigera.io/calico/charts',
      Version: 'v3.33.1',
    });
    // CloudFormation creates the operator after the CRDs, and deletes it before them.
    expect(operator.DependsOn).toContain(logicalIdOfConstruct(engine.crds));
    expect(crds.DependsOn ?? []).not.toContain(logicalIdOfConstruct(engine.chart));
  });

  test('keeps the policy-only values on EKS and sets the flow-log components explicitly', () => {
    const { engine, template } = engineWith();
    const operator = template.toJSON().Resources[logicalIdOfConstruct(engine.chart)] as Resource;
    expect(JSON.parse(operator.Properties.Values as string)).toEqual(EXPECTED_CALICO_VALUES);
  });

  test("is ready only once the operator reports Calico's version, which it writes when every component is available", () => {
    const { engine, template } = engineWith();
    template.hasResourceProperties('Custom::AWSCDK-EKS-KubernetesObjectValue', {
      ObjectType: 'installation.operator.tigera.io',
      ObjectName: 'default',
      JsonPath: '.status.calicoVersion',
      TimeoutSeconds: 600,
    });
    const ready = template.toJSON().Resources[logicalIdOfConstruct(engine.ready)] as Resource;
    expect(ready.DependsOn).toContain(logicalIdOfConstruct(engine.chart));
    // A new release replaces the read (the id carries the version).
    expect(engine.ready.node.id).toBe('Ready-v3-33-1');
  });

  test('an uninstall (pre-delete hook, then deletion) fits twice in the kubectl handler run', () => {
    expect(MAX_HELM_TIMEOUT.toSeconds() * 2).toBeLessThan(Duration.minutes(15).toSeconds());
  });

  test('Helm waits 5 minutes per phase by default, or the given timeout up to the maximum', () => {
    engineWith().template.allResourcesProperties('Custom::AWSCDK-EKS-HelmChart', {
      Timeout: '300s',
      Wait: true,
    });
    engineWith({ timeout: MAX_HELM_TIMEOUT }).template.allResourcesProperties(
      'Custom::AWSCDK-EKS-HelmChart',
      {
        Timeout: '420s',
      },
    );
  });

  test('a timeout whose uninstall could outlive the kubectl handler is refused, naming value and fix', () => {
    expect(() => engineWith({ timeout: Duration.minutes(10) })).toThrow(
      /^Calico\/Calico: timeout = 10 minutes is too long: .* Fix: use at most 7 minutes\.$/,
    );
    expect(() => engineWith({ readyTimeout: Duration.minutes(15) })).toThrow(
      'Calico/Calico: readyTimeout = 15 minutes is too long',
    );
  });

  test.each(['v3.31.4', '3.33.1', 'v2.0.0'])(
    'a release before 3.32 or a malformed one (%s) is refused',
    (version) => {
      expect(() => engineWith({ version })).toThrow(
        `Calico/Calico: version = "${version}" is not a Calico release this construct installs: it needs 3.32 or later`,
      );
    },
  );

  test('a newer minor is accepted', () => {
    expect(() => engineWith({ version: 'v3.40.0' })).not.toThrow();
  });
});
