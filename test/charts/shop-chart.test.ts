import { synthProject } from './project';

const { objects } = synthProject();
const deployments = objects.shop.filter((object) => object.kind === 'Deployment');
const byName = Object.fromEntries(deployments.map((deployment) => [deployment.metadata.name, deployment]));

describe('shop chart workloads', () => {
  it('runs frontend, api and db in the shop namespace, under their plain names', () => {
    expect(
      deployments.map((deployment) => `${deployment.metadata.namespace}/${deployment.metadata.name}`),
    ).toEqual(['shop/frontend', 'shop/api', 'shop/db']);
  });

  it.each([
    ['frontend', 'http', 8080],
    ['api', 'http', 8080],
    ['db', 'postgres', 5432],
  ])('%s serves the named port %s on TCP %d, and its Service targets it by name', (name, portName, port) => {
    const [container] = byName[name].spec.template.spec.containers;
    expect(container.ports).toEqual([{ name: portName, containerPort: port, protocol: 'TCP' }]);
    const service = objects.shop.find((object) => object.kind === 'Service' && object.metadata.name === name);
    expect(service?.spec.ports).toEqual([{ name: portName, port, protocol: 'TCP', targetPort: portName }]);
  });

  it.each(['frontend', 'api', 'db'])(
    '%s is hardened: non-root, read-only, no capabilities, no token, no host access, bounded, pinned',
    (name) => {
      const deployment = byName[name];
      const pod = deployment.spec.template.spec;
      expect(pod.containers).toHaveLength(1);
      const [container] = pod.containers;
      expect(pod).not.toHaveProperty('initContainers');
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.enableServiceLinks).toBe(false);
      for (const hostAccess of ['hostNetwork', 'hostPID', 'hostIPC', 'hostAliases']) {
        expect(pod).not.toHaveProperty(hostAccess);
      }
      expect(pod.securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: expect.any(Number),
        runAsGroup: pod.securityContext.runAsUser,
        fsGroup: pod.securityContext.runAsUser,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(Object.keys(container.resources.requests).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(container.resources.limits).sort()).toEqual(['cpu', 'memory']);
      // every writable directory is a bounded emptyDir: no hostPath, no unbounded scratch space
      for (const volume of pod.volumes ?? []) {
        expect(Object.keys(volume).sort()).toEqual(['emptyDir', 'name']);
        expect(volume.emptyDir.sizeLimit).toMatch(/^\d+(Mi|Gi)$/);
      }
      expect(container.image).toMatch(/^docker\.io\/[a-z0-9/-]+:\d+(\.\d+)+(-[a-z0-9]+)?$/);
      expect(container.imagePullPolicy).toBe('IfNotPresent');
    },
  );

  it.each([
    ['frontend', 'http'],
    ['api', 'http'],
    ['db', 'postgres'],
  ])('%s is probed for readiness and liveness on its named port %s', (name, portName) => {
    const [container] = byName[name].spec.template.spec.containers;
    expect(container.readinessProbe).toEqual({ tcpSocket: { port: portName }, periodSeconds: 10 });
    expect(container.livenessProbe).toEqual({
      tcpSocket: { port: portName },
      periodSeconds: 10,
      initialDelaySeconds: 10,
    });
  });

  it.each(['frontend', 'api', 'db'])(
    '%s pods carry specific app.kubernetes.io labels, the selector a subset',
    (name) => {
      const deployment = byName[name];
      const labels = deployment.spec.template.metadata.labels;
      expect(labels).toMatchObject({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'shop' });
      expect(labels).toMatchObject(deployment.spec.selector.matchLabels);
    },
  );

  it('keeps the database password out of the chart, in a Secret reference', () => {
    const env = byName.db.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({
      name: 'POSTGRES_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'shop-db-credentials', key: 'password' } },
    });
    expect(objects.shop.some((object) => object.kind === 'Secret')).toBe(false);
  });

  it('writes the namespace and its default deny before any workload', () => {
    const order = objects.shop.map((object) => `${object.kind}/${object.metadata.name}`);
    const firstWorkload = order.findIndex((entry) => entry.startsWith('Deployment/'));
    expect(order.slice(0, firstWorkload)).toEqual([
      'Namespace/shop',
      'NetworkPolicy/default-deny',
      'NetworkPolicy/allow-dns-egress',
    ]);
  });
});
