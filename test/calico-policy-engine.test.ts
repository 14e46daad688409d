import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CalicoPolicyEngine, MAX_HELM_TIMEOUT } from '../lib/calico-policy-engine';
import { createClusterStack } from './support/cdk-app';

describe('CalicoPolicyEngine', () => {
  const engineWith = (timeout?: Duration) => {
    const { stack, cluster } = createClusterStack('Calico', { kubectl: true });
    new CalicoPolicyEngine(stack, 'Calico', { cluster, chartVersion: 'v3.31.4', timeout });
    return Template.fromStack(stack);
  };

  test('an uninstall (pre-delete hook, then deletion) fits twice in the kubectl handler run', () => {
    expect(MAX_HELM_TIMEOUT.toSeconds() * 2).toBeLessThan(Duration.minutes(15).toSeconds());
  });

  test('Helm waits 5 minutes per phase by default, or the given timeout up to the maximum', () => {
    engineWith().hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', { Timeout: '300s', Wait: true });
    engineWith(MAX_HELM_TIMEOUT).hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', { Timeout: '420s' });
  });

  test('a timeout whose uninstall could outlive the kubectl handler is refused, naming value and fix', () => {
    expect(() => engineWith(Duration.minutes(10))).toThrow(
      /^Calico\/Calico: timeout = 10 minutes is too long: .* Fix: use at most 7 minutes\.$/,
    );
  });
});
