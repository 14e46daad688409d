import { App, Yaml } from 'cdk8s';
import { createProjectCharts } from '../../charts';
import { ClusterModel } from '../../lib/analysis';
import { KubeObject } from '../policies/synth';

/** The project's charts, synthesized in a fresh App: objects per chart id, and the YAML each writes to dist/. */
export function synthProject(): { objects: Record<string, KubeObject[]>; yaml: Record<string, string> } {
  const charts = createProjectCharts(new App());
  const objects = Object.fromEntries(charts.map((chart) => [chart.node.id, chart.toJson() as KubeObject[]]));
  const yaml = Object.fromEntries(Object.entries(objects).map(([id, docs]) => [id, Yaml.stringify(...docs)]));
  return { objects, yaml };
}

/** The external endpoint the intent tests use for "the internet" (TEST-NET-3, never a real host). */
export const INTERNET = { name: 'internet', ip: '203.0.113.10' };

/** A test-only Pod, as a probe source or destination; it exists in no chart. */
export function testPod(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  ports: KubeObject[] = [],
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name, image: 'registry.example/probe:1', ports }] },
  };
}

/** The cluster DNS as EKS runs it (CoreDNS keeps the kube-dns label), so DNS flows have a destination. */
export const KUBE_DNS = testPod('kube-system', 'kube-dns', { 'k8s-app': 'kube-dns' }, [
  { name: 'dns', containerPort: 53, protocol: 'UDP' },
  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
]);

/** A pod in a namespace no chart governs: "another namespace" of the intent tests. */
export const PROBE = testPod('probe', 'probe', { app: 'probe' }, [
  { name: 'http', containerPort: 8080, protocol: 'TCP' },
]);

/** The analyzer's model of the charts' objects plus test-only objects, with the internet as an external. */
export function modelOf(objects: KubeObject[], testObjects: KubeObject[]): ClusterModel {
  return ClusterModel.fromObjects([...objects, ...testObjects], { externals: [INTERNET] });
}

export const tcp = (port: number) => ({ protocol: 'TCP', port }) as const;
export const udp = (port: number) => ({ protocol: 'UDP', port }) as const;
export const sctp = (port: number) => ({ protocol: 'SCTP', port }) as const;
