import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowAppTraffic, AllowFromAnywhere, Port, SecureNamespace } from '../lib/policies';
import { ShopWorkload } from './shop-workload';

/** The shop's namespace. */
export const SHOP_NAMESPACE = 'shop';

/** The shop's container ports: policies name them, so a port number changes in one place. */
export const SHOP_PORTS = {
  frontend: { name: 'http', number: 8080 },
  api: { name: 'http', number: 8080 },
  db: { name: 'postgres', number: 5432 },
} as const;

/** The Secret (created outside the charts, never in git) holding the database password under key `password`. */
export const SHOP_DB_SECRET = 'shop-db-credentials';

/**
 * The demo app a team would copy: `frontend` -> `api` -> `db` in a namespace that denies everything by default.
 * The flows it opens, and nothing else: anyone (the internet included) to frontend:8080; frontend to api:8080;
 * api to db:5432; every pod to kube-dns on UDP and TCP 53 (from the namespace baseline).
 */
export class ShopChart extends Chart {
  public constructor(scope: Construct, id = 'shop') {
    super(scope, id, { namespace: SHOP_NAMESPACE });
    const namespace = new SecureNamespace(this, 'namespace', { name: SHOP_NAMESPACE });

    const frontend = new ShopWorkload(this, 'frontend', {
      namespace: SHOP_NAMESPACE,
      name: 'frontend',
      component: 'web',
      image: 'docker.io/nginxinc/nginx-unprivileged:1.27.3-alpine',
      port: SHOP_PORTS.frontend,
      runAsUser: 101,
      writableDirs: [{ path: '/tmp' }],
    });
    const api = new ShopWorkload(this, 'api', {
      namespace: SHOP_NAMESPACE,
      name: 'api',
      component: 'api',
      image: 'docker.io/hashicorp/http-echo:1.0.0',
      args: [`-listen=:${SHOP_PORTS.api.number}`, '-text=shop api'],
      port: SHOP_PORTS.api,
      runAsUser: 65532,
    });
    const db = new ShopWorkload(this, 'db', {
      namespace: SHOP_NAMESPACE,
      name: 'db',
      component: 'database',
      image: 'docker.io/library/postgres:16.6-alpine',
      port: SHOP_PORTS.db,
      // The alpine image's postgres user; a demo database on emptyDir (a real one uses a StatefulSet and a volume).
      runAsUser: 70,
      replicas: 1,
      writableDirs: [
        { path: '/var/lib/postgresql/data', sizeLimit: '1Gi' },
        { path: '/var/run/postgresql' },
        { path: '/tmp' },
      ],
      env: [
        { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
        { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: SHOP_DB_SECRET, key: 'password' } } },
      ],
      resources: { cpu: '100m', memory: '256Mi', cpuLimit: '500m', memoryLimit: '512Mi' },
    });

    new AllowFromAnywhere(this, 'allow-public-to-frontend', {
      podSelector: frontend.podSelector,
      ports: [Port.tcp(SHOP_PORTS.frontend.name)],
    });
    new AllowAppTraffic(this, 'allow-frontend-to-api', {
      from: { podSelector: frontend.podSelector },
      to: { podSelector: api.podSelector },
      ports: [Port.tcp(SHOP_PORTS.api.name)],
    });
    new AllowAppTraffic(this, 'allow-api-to-db', {
      from: { podSelector: api.podSelector },
      to: { podSelector: db.podSelector },
      ports: [Port.tcp(SHOP_PORTS.db.name)],
    });

    const baseline = namespace.baseline;
    for (const workload of [frontend, api, db]) {
      workload.applyAfter(baseline.defaultDeny.apiObject, baseline.dnsEgress.apiObject);
    }
  }
}
