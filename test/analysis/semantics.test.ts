import type { ExternalEndpoint, Probe, Protocol } from '../../lib/analysis';
import { deployment, e2eCluster, match, model, namespace, pod, policy, type Json } from './builders';
import { expectConnectionsMatchProbes } from './connectivity-oracle';

/**
 * One row per rule of networking.k8s.io/v1, most of them scenarios of the upstream e2e suite
 * (test/e2e/network/netpol/network_policy.go) on its x/y/z x a/b/c model. Every row states
 * flows that must be allowed AND flows that must be denied.
 */
type Flow = [from: string, to: string, probe: string, allowed: boolean];

interface Scenario {
  name: string;
  policies?: Json[];
  /** Extra objects beside the e2e model (or instead of it with `objects`). */
  extra?: Json[];
  objects?: Json[];
  labels?: Record<string, Record<string, string>>;
  externals?: ExternalEndpoint[];
  flows: Flow[];
}

const probe = (text: string): Probe => {
  const [protocol, port] = text.split('/');
  return { protocol: protocol as Protocol, port: Number(port) };
};

/** 1 and 65535 of each of TCP, UDP and SCTP at least. */
const PROTOCOLS_CHECKED = 6;
const DENY_ALL_INGRESS = policy('x', 'deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
const NS_NOT_X = { matchExpressions: [{ key: 'ns', operator: 'NotIn', values: ['x'] }] };
const POD_B = { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b'] }] };
const onA = (name: string, spec: Json, ns = 'x') =>
  policy(ns, name, { podSelector: match({ pod: 'a' }), ...spec });

const scenarios: Scenario[] = [
  {
    name: 'default-deny-ingress isolates every pod of the namespace for ingress only',
    policies: [DENY_ALL_INGRESS],
    flows: [
      ['y/a', 'x/a', 'TCP/80', false],
      ['x/b', 'x/a', 'TCP/80', false],
      ['x/a', 'y/a', 'TCP/80', true],
      ['y/a', 'y/b', 'TCP/80', true],
    ],
  },
  {
    name: 'default-deny-all isolates both directions',
    policies: [policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })],
    flows: [
      ['x/a', 'x/b', 'TCP/80', false],
      ['x/a', 'y/a', 'TCP/80', false],
      ['y/a', 'x/a', 'UDP/81', false],
      ['y/a', 'z/a', 'TCP/80', true],
    ],
  },
  {
    name: 'a podSelector peer without namespaceSelector means the policy namespace',
    policies: [onA('allow-b', { ingress: [{ from: [{ podSelector: match({ pod: 'b' }) }] }] })],
    flows: [
      ['x/b', 'x/a', 'TCP/80', true],
      ['y/b', 'x/a', 'TCP/80', false],
      ['x/c', 'x/a', 'TCP/80', false],
      ['x/c', 'x/b', 'TCP/80', true],
    ],
  },
  {
    name: 'podSelector matchExpressions In',
    policies: [onA('allow-b', { ingress: [{ from: [{ podSelector: POD_B }] }] })],
    flows: [
      ['x/b', 'x/a', 'TCP/80', true],
      ['x/c', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'namespaceSelector matchExpressions In selects other namespaces',
    policies: [
      onA('allow-y', {
        ingress: [
          {
            from: [
              { namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'In', values: ['y'] }] } },
            ],
          },
        ],
      }),
    ],
    flows: [
      ['y/a', 'x/a', 'TCP/80', true],
      ['y/c', 'x/a', 'TCP/81', true],
      ['z/a', 'x/a', 'TCP/80', false],
      ['x/b', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'namespaceSelector NotIn',
    policies: [onA('allow-not-x', { ingress: [{ from: [{ namespaceSelector: NS_NOT_X }] }] })],
    flows: [
      ['y/c', 'x/a', 'TCP/80', true],
      ['z/b', 'x/a', 'TCP/80', true],
      ['x/b', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'two peers are ORed: namespaceSelector OR podSelector',
    policies: [onA('or', { ingress: [{ from: [{ namespaceSelector: NS_NOT_X }, { podSelector: POD_B }] }] })],
    flows: [
      ['x/b', 'x/a', 'TCP/80', true],
      ['y/c', 'x/a', 'TCP/80', true],
      ['x/c', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'namespaceSelector and podSelector in one peer are ANDed',
    policies: [onA('and', { ingress: [{ from: [{ namespaceSelector: NS_NOT_X, podSelector: POD_B }] }] })],
    flows: [
      ['y/b', 'x/a', 'TCP/80', true],
      ['z/b', 'x/a', 'TCP/80', true],
      ['y/c', 'x/a', 'TCP/80', false],
      ['x/b', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'multiple podSelectors and namespaceSelectors',
    policies: [
      onA('multi', {
        ingress: [
          {
            from: [
              {
                namespaceSelector: NS_NOT_X,
                podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b', 'c'] }] },
              },
            ],
          },
        ],
      }),
    ],
    flows: [
      ['y/b', 'x/a', 'TCP/80', true],
      ['z/c', 'x/a', 'TCP/80', true],
      ['y/a', 'x/a', 'TCP/80', false],
      ['x/c', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'numeric ports: only the listed port is admitted',
    policies: [
      onA('port-81', { ingress: [{ from: [{ namespaceSelector: NS_NOT_X }], ports: [{ port: 81 }] }] }),
    ],
    flows: [
      ['y/b', 'x/a', 'TCP/81', true],
      ['y/b', 'x/a', 'TCP/80', false],
      ['x/b', 'x/a', 'TCP/81', false],
    ],
  },
  {
    name: 'stacked policies on the same pod are a union',
    policies: [
      onA('from-y-80', {
        ingress: [{ from: [{ namespaceSelector: match({ ns: 'y' }) }], ports: [{ port: 80 }] }],
      }),
      onA('from-z-81', {
        ingress: [{ from: [{ namespaceSelector: match({ ns: 'z' }) }], ports: [{ port: 81 }] }],
      }),
    ],
    flows: [
      ['y/a', 'x/a', 'TCP/80', true],
      ['y/a', 'x/a', 'TCP/81', false],
      ['z/a', 'x/a', 'TCP/81', true],
      ['z/a', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'an allow-all rule ({}) beside a default deny wins for the pods it selects',
    policies: [DENY_ALL_INGRESS, onA('allow-all', { ingress: [{}] })],
    flows: [
      ['y/a', 'x/a', 'TCP/80', true],
      ['x/b', 'x/a', 'SCTP/81', true],
      ['y/a', 'x/b', 'TCP/80', false],
    ],
  },
  {
    name: 'ingress on one named port',
    policies: [onA('named', { ingress: [{ ports: [{ port: 'serve-81-tcp' }] }] })],
    flows: [
      ['y/a', 'x/a', 'TCP/81', true],
      ['y/a', 'x/a', 'TCP/80', false],
      ['y/a', 'x/a', 'UDP/81', false],
    ],
  },
  {
    name: 'ingress from a namespace on one named port',
    policies: [
      onA('named-from-y', {
        ingress: [{ from: [{ namespaceSelector: match({ ns: 'y' }) }], ports: [{ port: 'serve-80-tcp' }] }],
      }),
    ],
    flows: [
      ['y/a', 'x/a', 'TCP/80', true],
      ['y/a', 'x/a', 'TCP/81', false],
      ['z/a', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'egress on one named port',
    policies: [
      onA('egress-named', { policyTypes: ['Egress'], egress: [{ ports: [{ port: 'serve-80-tcp' }] }] }),
    ],
    flows: [
      ['x/a', 'y/b', 'TCP/80', true],
      ['x/a', 'y/b', 'TCP/81', false],
      ['x/b', 'y/b', 'TCP/81', true],
    ],
  },
  {
    name: 'egress to a CIDR block matches pods by their IP',
    policies: [
      onA('to-y', { policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '192.168.2.0/24' } }] }] }),
    ],
    flows: [
      ['x/a', 'y/b', 'TCP/80', true],
      ['x/a', 'z/b', 'TCP/80', false],
    ],
  },
  {
    name: 'ipBlock except removes addresses from the CIDR',
    policies: [
      onA('except', {
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.2.10/32'] } }] }],
      }),
    ],
    flows: [
      ['x/a', 'y/a', 'TCP/80', false],
      ['x/a', 'y/b', 'TCP/80', true],
      ['x/a', 'z/a', 'TCP/80', true],
    ],
  },
  {
    name: 'ipBlock as the API server reads it: host bits ignored, leading zeros decimal',
    policies: [
      onA('sloppy', {
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '192.168.2.77/24', except: ['192.168.002.010/32'] } }] }],
      }),
    ],
    flows: [
      ['x/a', 'y/a', 'TCP/80', false],
      ['x/a', 'y/b', 'TCP/80', true],
      ['x/a', 'z/b', 'TCP/80', false],
    ],
  },
  {
    name: 'an IP in one policy except and another policy cidr is allowed (stacked ipBlocks)',
    policies: [
      onA('except-y', {
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.2.0/24'] } }] }],
      }),
      onA('only-y-a', {
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '192.168.2.10/32' } }] }],
      }),
    ],
    flows: [
      ['x/a', 'y/a', 'TCP/80', true],
      ['x/a', 'y/b', 'TCP/80', false],
      ['x/a', 'z/b', 'TCP/80', true],
    ],
  },
  {
    name: 'ingress and egress are controlled independently',
    policies: [
      onA('both', {
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: match({ pod: 'b' }) }] }],
        egress: [{ to: [{ podSelector: match({ pod: 'c' }) }] }],
      }),
    ],
    flows: [
      ['x/b', 'x/a', 'TCP/80', true],
      ['x/c', 'x/a', 'TCP/80', false],
      ['x/a', 'x/c', 'TCP/80', true],
      ['x/a', 'x/b', 'TCP/80', false],
    ],
  },
  {
    name: 'a UDP-only policy isolates TCP',
    policies: [onA('udp-81', { ingress: [{ ports: [{ protocol: 'UDP', port: 81 }] }] })],
    flows: [
      ['y/a', 'x/a', 'UDP/81', true],
      ['y/a', 'x/a', 'TCP/81', false],
      ['y/a', 'x/a', 'UDP/80', false],
    ],
  },
  {
    name: 'an SCTP-only policy isolates TCP',
    policies: [onA('sctp-80', { ingress: [{ ports: [{ protocol: 'SCTP', port: 80 }] }] })],
    flows: [
      ['y/a', 'x/a', 'SCTP/80', true],
      ['y/a', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'a protocol without port admits every port of that protocol',
    policies: [onA('any-udp', { ingress: [{ ports: [{ protocol: 'UDP' }] }] })],
    flows: [
      ['y/a', 'x/a', 'UDP/80', true],
      ['y/a', 'x/a', 'UDP/81', true],
      ['y/a', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'client egress deny wins even if the server allows the traffic',
    policies: [
      onA('client-deny', { policyTypes: ['Egress'] }),
      policy('y', 'server-allow-all', { podSelector: match({ pod: 'b' }), ingress: [{}] }),
    ],
    flows: [
      ['x/a', 'y/b', 'TCP/80', false],
      ['x/b', 'y/b', 'TCP/80', true],
    ],
  },
  {
    name: 'endPort admits an inclusive range',
    policies: [onA('range', { ingress: [{ ports: [{ port: 80, endPort: 81 }] }] })],
    flows: [
      ['y/a', 'x/a', 'TCP/80', true],
      ['y/a', 'x/a', 'TCP/81', true],
      ['y/a', 'x/a', 'TCP/82', false],
      ['y/a', 'x/a', 'TCP/79', false],
    ],
  },
  {
    name: 'egress to a pod of another namespace by namespaceSelector AND podSelector',
    policies: [
      onA('to-y-b', {
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: match({ ns: 'y' }), podSelector: match({ pod: 'b' }) }] }],
      }),
    ],
    flows: [
      ['x/a', 'y/b', 'TCP/80', true],
      ['x/a', 'y/a', 'TCP/80', false],
      ['x/a', 'z/b', 'TCP/80', false],
    ],
  },
  {
    name: 'label update: a pod that gains the label is admitted (model rebuilt with new labels)',
    labels: { 'x/b': { pod: 'b', role: 'client' } },
    policies: [onA('from-clients', { ingress: [{ from: [{ podSelector: match({ role: 'client' }) }] }] })],
    flows: [
      ['x/b', 'x/a', 'TCP/80', true],
      ['x/c', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'label update: a pod that gains the selected label becomes isolated',
    labels: { 'x/c': { pod: 'c', target: 'yes' } },
    policies: [
      policy('x', 'deny-targets', { podSelector: match({ target: 'yes' }), policyTypes: ['Ingress'] }),
    ],
    flows: [
      ['y/a', 'x/c', 'TCP/80', false],
      ['y/a', 'x/b', 'TCP/80', true],
    ],
  },
  // Rules of the API beyond the e2e scenarios.
  {
    name: 'policyTypes default: egress rules make the policy isolate ingress AND egress',
    policies: [onA('egress-only-rules', { egress: [{ to: [{ namespaceSelector: match({ ns: 'y' }) }] }] })],
    flows: [
      ['y/a', 'x/a', 'TCP/80', false],
      ['x/a', 'y/a', 'TCP/80', true],
      ['x/a', 'z/a', 'TCP/80', false],
    ],
  },
  {
    name: 'policyTypes default: without egress rules only ingress is isolated',
    policies: [onA('ingress-only', { ingress: [{ from: [{ podSelector: match({ pod: 'b' }) }] }] })],
    flows: [
      ['x/a', 'z/c', 'TCP/80', true],
      ['y/a', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'explicit policyTypes [Egress] ignores ingress rules',
    policies: [
      onA('egress-type', { policyTypes: ['Egress'], ingress: [{ from: [{ podSelector: POD_B }] }] }),
    ],
    flows: [
      ['z/c', 'x/a', 'TCP/80', true],
      ['x/a', 'z/c', 'TCP/80', false],
    ],
  },
  {
    name: 'ingress rules of an [Egress] policy stay ignored when another policy isolates ingress',
    policies: [
      DENY_ALL_INGRESS,
      onA('egress-type', {
        policyTypes: ['Egress'],
        ingress: [{ from: [{ podSelector: POD_B }] }],
        egress: [{}],
      }),
    ],
    flows: [
      ['x/b', 'x/a', 'TCP/80', false],
      ['x/a', 'x/b', 'TCP/80', false],
      ['x/a', 'y/b', 'TCP/80', true],
    ],
  },
  {
    name: 'protocol defaults to TCP',
    policies: [onA('port-80', { ingress: [{ ports: [{ port: 80 }] }] })],
    flows: [
      ['y/a', 'x/a', 'TCP/80', true],
      ['y/a', 'x/a', 'UDP/80', false],
    ],
  },
  {
    name: 'a rule without ports admits every port and protocol of its peers',
    policies: [onA('all-ports', { ingress: [{ from: [{ podSelector: match({ pod: 'b' }) }] }] })],
    flows: [
      ['x/b', 'x/a', 'SCTP/81', true],
      ['x/b', 'x/a', 'UDP/4000', true],
      ['x/c', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'an empty from list admits every source on the listed ports',
    policies: [onA('empty-from', { ingress: [{ from: [], ports: [{ port: 80 }] }] })],
    externals: [{ name: 'internet', ip: '203.0.113.10' }],
    flows: [
      ['z/c', 'x/a', 'TCP/80', true],
      ['internet', 'x/a', 'TCP/80', true],
      ['z/c', 'x/a', 'TCP/81', false],
    ],
  },
  {
    name: 'ports: [] admits every port and protocol, as if ports were left out',
    policies: [
      onA('empty-ports', { ingress: [{ from: [{ podSelector: match({ pod: 'b' }) }], ports: [] }] }),
    ],
    flows: [
      ['x/b', 'x/a', 'TCP/80', true],
      ['x/b', 'x/a', 'SCTP/81', true],
      ['x/b', 'x/a', 'UDP/4000', true],
      ['x/c', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'an empty to list admits every destination on the listed ports',
    policies: [onA('empty-to', { policyTypes: ['Egress'], egress: [{ to: [], ports: [{ port: 80 }] }] })],
    externals: [{ name: 'internet', ip: '203.0.113.10' }],
    flows: [
      ['x/a', 'z/c', 'TCP/80', true],
      ['x/a', 'internet', 'TCP/80', true],
      ['x/a', 'z/c', 'TCP/81', false],
    ],
  },
  {
    name: 'an egress rule mixing a named port and a numeric port matches both',
    policies: [
      onA('mixed-ports', {
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: match({ ns: 'y' }) }],
            ports: [{ protocol: 'UDP', port: 'serve-81-udp' }, { port: 80 }],
          },
        ],
      }),
    ],
    flows: [
      ['x/a', 'y/b', 'TCP/80', true],
      ['x/a', 'y/b', 'UDP/81', true],
      ['x/a', 'y/b', 'TCP/81', false],
      ['x/a', 'y/b', 'UDP/80', false],
      ['x/a', 'z/b', 'TCP/80', false],
    ],
  },
  {
    name: 'two ipBlocks with the same cidr and different except lists are different peers',
    policies: [
      onA('except-y', {
        ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.2.0/24'] } }] }],
      }),
      policy('x', 'except-z', {
        podSelector: match({ pod: 'b' }),
        ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.3.0/24'] } }] }],
      }),
    ],
    flows: [
      ['y/a', 'x/a', 'TCP/80', false],
      ['z/a', 'x/a', 'TCP/80', true],
      ['y/a', 'x/b', 'TCP/80', true],
      ['z/a', 'x/b', 'TCP/80', false],
    ],
  },
  {
    name: "selectors whose values differ only in grouping (In ['ab'], In ['a', 'b']) are different selectors",
    labels: { 'y/a': { pod: 'a', team: 'ab' }, 'z/a': { pod: 'a', team: 'a' } },
    policies: [
      onA('team-ab', {
        ingress: [
          {
            from: [
              {
                namespaceSelector: {},
                podSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['ab'] }] },
              },
            ],
          },
        ],
      }),
      policy('x', 'team-a-or-b', {
        podSelector: match({ pod: 'b' }),
        ingress: [
          {
            from: [
              {
                namespaceSelector: {},
                podSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }] },
              },
            ],
          },
        ],
      }),
    ],
    flows: [
      ['y/a', 'x/a', 'TCP/80', true],
      ['z/a', 'x/a', 'TCP/80', false],
      ['y/a', 'x/b', 'TCP/80', false],
      ['z/a', 'x/b', 'TCP/80', true],
    ],
  },
  {
    name: 'namespaceSelector {} selects every pod of the cluster but no external',
    policies: [onA('cluster-only', { ingress: [{ from: [{ namespaceSelector: {} }] }] })],
    externals: [{ name: 'internet', ip: '203.0.113.10' }],
    flows: [
      ['z/a', 'x/a', 'TCP/80', true],
      ['internet', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'every namespace has kubernetes.io/metadata.name, declared or not',
    extra: [pod('w', 'undeclared', { pod: 'u' })],
    policies: [
      onA('by-name', {
        ingress: [
          {
            from: [
              { namespaceSelector: match({ 'kubernetes.io/metadata.name': 'y' }) },
              { namespaceSelector: match({ 'kubernetes.io/metadata.name': 'w' }) },
            ],
          },
        ],
      }),
    ],
    flows: [
      ['y/a', 'x/a', 'TCP/80', true],
      ['w/undeclared', 'x/a', 'TCP/80', true],
      ['z/a', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'the automatic kubernetes.io/metadata.name label overrides a declared one',
    extra: [namespace('v', { 'kubernetes.io/metadata.name': 'spoofed' }), pod('v', 'p', { pod: 'p' })],
    policies: [
      onA('by-name', {
        ingress: [{ from: [{ namespaceSelector: match({ 'kubernetes.io/metadata.name': 'v' }) }] }],
      }),
    ],
    flows: [
      ['v/p', 'x/a', 'TCP/80', true],
      ['y/a', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'ipBlock never matches a workload without an IP (a pod template, a Pod without status.podIP)',
    extra: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'y' },
        spec: { template: { metadata: { labels: { pod: 'web' } }, spec: { containers: [] } } },
      },
      pod('y', 'pending', { pod: 'a' }),
    ],
    policies: [onA('from-anywhere', { ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] })],
    flows: [
      ['y/a', 'x/a', 'TCP/80', true],
      ['y/web', 'x/a', 'TCP/80', false],
      ['y/pending', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'externals are unrestricted on their side and matched only by ipBlock',
    externals: [
      { name: 'internet', ip: '203.0.113.10' },
      { name: 'partner', ip: '198.51.100.7' },
    ],
    policies: [
      onA('from-internet', {
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }],
      }),
    ],
    flows: [
      ['internet', 'x/a', 'TCP/80', true],
      ['partner', 'x/a', 'TCP/80', false],
      ['x/a', 'internet', 'TCP/443', false],
      ['y/a', 'internet', 'TCP/443', true],
      ['partner', 'y/a', 'TCP/80', true],
    ],
  },
  {
    name: 'IPv6 ipBlock',
    objects: [
      pod('x', 'a', { pod: 'a' }, { ip: '2001:db8::a' }),
      pod('x', 'b', { pod: 'b' }, { ip: '2001:db8:1::b' }),
      pod('x', 'c', { pod: 'c' }, { ip: '192.168.1.12' }),
      {
        ...pod('x', 'dual', { pod: 'dual' }),
        status: { podIP: '192.168.1.13', podIPs: [{ ip: '192.168.1.13' }, { ip: '2001:db8::d' }] },
      },
    ],
    policies: [
      policy('x', 'v6', {
        podSelector: match({ pod: 'c' }),
        ingress: [{ from: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } }] }],
      }),
    ],
    flows: [
      ['x/a', 'x/c', 'TCP/80', true],
      ['x/b', 'x/c', 'TCP/80', false],
      ['x/dual', 'x/c', 'TCP/80', true],
    ],
  },
  {
    name: 'named ports resolve on the destination containers, whatever side the rule is on',
    objects: [
      pod('x', 'client', { app: 'client' }),
      pod('y', 'web1', { app: 'web' }, { ports: [{ name: 'web', containerPort: 8080 }] }),
      pod('y', 'web2', { app: 'web' }, { ports: [{ name: 'web', containerPort: 9090 }] }),
    ],
    policies: [
      policy('x', 'to-web', {
        podSelector: match({ app: 'client' }),
        policyTypes: ['Egress'],
        egress: [
          { to: [{ namespaceSelector: {}, podSelector: match({ app: 'web' }) }], ports: [{ port: 'web' }] },
        ],
      }),
    ],
    flows: [
      ['x/client', 'y/web1', 'TCP/8080', true],
      ['x/client', 'y/web2', 'TCP/8080', false],
      ['x/client', 'y/web2', 'TCP/9090', true],
      ['x/client', 'y/web1', 'TCP/9090', false],
    ],
  },
  {
    name: 'a flow needs the source egress AND the destination ingress',
    policies: [
      onA('egress-to-y', {
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: match({ ns: 'y' }) }] }],
      }),
      policy('y', 'only-from-z', {
        podSelector: match({ pod: 'b' }),
        ingress: [{ from: [{ namespaceSelector: match({ ns: 'z' }) }] }],
      }),
    ],
    flows: [
      ['x/a', 'y/a', 'TCP/80', true],
      ['x/a', 'y/b', 'TCP/80', false],
      ['z/a', 'y/b', 'TCP/80', true],
    ],
  },
  {
    name: 'a podSelector {} peer alone means every pod of the policy namespace, nothing else',
    policies: [onA('same-namespace', { ingress: [{ from: [{ podSelector: {} }] }] })],
    externals: [{ name: 'internet', ip: '203.0.113.10' }],
    flows: [
      ['x/b', 'x/a', 'TCP/80', true],
      ['x/c', 'x/a', 'UDP/81', true],
      ['y/b', 'x/a', 'TCP/80', false],
      ['internet', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'egress: [] with policyTypes defaulted isolates ingress only (SetDefaults_NetworkPolicySpec)',
    policies: [onA('empty-egress', { egress: [] })],
    flows: [
      ['x/a', 'z/c', 'TCP/80', true],
      ['y/a', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'an ingress named port resolves on each selected pod',
    objects: [
      pod('x', 'client', { app: 'client' }),
      pod('y', 'web1', { app: 'web' }, { ports: [{ name: 'web', containerPort: 8080 }] }),
      pod('y', 'web2', { app: 'web' }, { ports: [{ name: 'web', containerPort: 9090 }] }),
    ],
    policies: [
      policy('y', 'web', { podSelector: match({ app: 'web' }), ingress: [{ ports: [{ port: 'web' }] }] }),
    ],
    flows: [
      ['x/client', 'y/web1', 'TCP/8080', true],
      ['x/client', 'y/web1', 'TCP/9090', false],
      ['x/client', 'y/web2', 'TCP/9090', true],
      ['x/client', 'y/web2', 'TCP/8080', false],
    ],
  },
  {
    name: 'an egress named port matches a container port of the destination with that name AND protocol',
    objects: [
      pod('x', 'client', { app: 'client' }),
      pod('y', 'dns-tcp', { app: 'dns' }, { ports: [{ name: 'dns', containerPort: 53, protocol: 'TCP' }] }),
      pod('y', 'dns-udp', { app: 'dns' }, { ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] }),
      {
        ...pod('y', 'dns-init', { app: 'dns' }),
        spec: {
          initContainers: [
            { name: 'init', image: 'dns', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] },
          ],
          containers: [{ name: 'main', image: 'app' }],
        },
      },
    ],
    externals: [{ name: 'resolver', ip: '198.51.100.53' }],
    policies: [
      policy('x', 'dns-out', {
        podSelector: match({ app: 'client' }),
        policyTypes: ['Egress'],
        egress: [{ ports: [{ protocol: 'UDP', port: 'dns' }] }],
      }),
    ],
    flows: [
      ['x/client', 'y/dns-udp', 'UDP/53', true],
      ['x/client', 'y/dns-tcp', 'UDP/53', false],
      ['x/client', 'y/dns-tcp', 'TCP/53', false],
      // Only app containers count (as in the engines); an external has no container to resolve the name on.
      ['x/client', 'y/dns-init', 'UDP/53', false],
      ['x/client', 'resolver', 'UDP/53', false],
    ],
  },
  {
    name: 'a pod always reaches itself: a pod cannot block access to itself',
    policies: [policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })],
    flows: [
      ['x/a', 'x/a', 'TCP/80', true],
      ['x/b', 'x/b', 'SCTP/81', true],
      ['x/a', 'x/b', 'TCP/80', false],
      ['y/a', 'x/a', 'TCP/80', false],
    ],
  },
  {
    name: 'a workload with itself stands for traffic between its replicas, which policies govern',
    objects: [deployment('x', 'web', { app: 'web' }), deployment('x', 'api', { app: 'api' })],
    policies: [
      policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      policy('x', 'api-peers', {
        podSelector: match({ app: 'api' }),
        ingress: [{ from: [{ podSelector: match({ app: 'api' }) }] }],
        egress: [{ to: [{ podSelector: match({ app: 'api' }) }] }],
      }),
    ],
    flows: [
      ['x/web', 'x/web', 'TCP/80', false],
      ['x/api', 'x/api', 'TCP/80', true],
      ['x/api', 'x/web', 'TCP/80', false],
    ],
  },
  {
    name: 'hostNetwork pods: never isolated nor selected by selectors, matched by ipBlock only, no named ports',
    extra: [
      {
        ...pod(
          'x',
          'node-agent',
          { pod: 'a' },
          { ip: '10.0.0.5', ports: [{ name: 'serve-80-tcp', containerPort: 80 }] },
        ),
        spec: {
          hostNetwork: true,
          containers: [
            { name: 'agent', image: 'agent', ports: [{ name: 'serve-80-tcp', containerPort: 80 }] },
          ],
        },
      },
    ],
    policies: [
      DENY_ALL_INGRESS,
      policy('y', 'from-pods', {
        podSelector: match({ pod: 'a' }),
        ingress: [{ from: [{ namespaceSelector: {} }] }],
      }),
      policy('z', 'from-nodes', {
        podSelector: match({ pod: 'a' }),
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/24' } }] }],
      }),
      policy('x', 'c-named-egress', {
        podSelector: match({ pod: 'c' }),
        policyTypes: ['Egress'],
        egress: [{ ports: [{ port: 'serve-80-tcp' }] }],
      }),
    ],
    flows: [
      ['y/a', 'x/node-agent', 'TCP/80', true],
      ['y/a', 'x/a', 'TCP/80', false],
      ['x/node-agent', 'y/a', 'TCP/80', false],
      ['x/b', 'y/a', 'TCP/80', true],
      ['x/node-agent', 'z/a', 'TCP/80', true],
      ['x/b', 'z/a', 'TCP/80', false],
      ['x/c', 'x/node-agent', 'TCP/80', false],
      ['x/c', 'y/b', 'TCP/80', true],
    ],
  },
  {
    name: 'matchExpressions Exists and DoesNotExist',
    labels: { 'x/b': { pod: 'b', trusted: '' } },
    policies: [
      onA('exists', {
        ingress: [
          { from: [{ podSelector: { matchExpressions: [{ key: 'trusted', operator: 'Exists' }] } }] },
        ],
      }),
      policy('y', 'does-not-exist', {
        podSelector: match({ pod: 'a' }),
        ingress: [
          {
            from: [
              {
                namespaceSelector: {},
                podSelector: { matchExpressions: [{ key: 'trusted', operator: 'DoesNotExist' }] },
              },
            ],
          },
        ],
      }),
    ],
    flows: [
      ['x/b', 'x/a', 'TCP/80', true],
      ['x/c', 'x/a', 'TCP/80', false],
      ['z/c', 'y/a', 'TCP/80', true],
      ['x/b', 'y/a', 'TCP/80', false],
    ],
  },
];

function build(scenario: Scenario) {
  const base = scenario.objects ?? e2eCluster(scenario.labels);
  return model([...base, ...(scenario.extra ?? []), ...(scenario.policies ?? [])], scenario.externals);
}

describe.each(scenarios)('$name', (scenario) => {
  const cluster = build(scenario);

  it('states allowed and denied flows, and its policies are what denies them', () => {
    const verdicts = scenario.flows.map(([, , , allowed]) => allowed);
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
    // Without the scenario's policies nothing is isolated: every flow it says is denied must then be allowed.
    const unrestricted = build({ ...scenario, policies: [] });
    for (const [from, to, text] of scenario.flows.filter(([, , , allowed]) => !allowed)) {
      expect({
        flow: `${from} -> ${to} ${text}`,
        allowed: unrestricted.allows(from, to, probe(text)),
      }).toEqual({
        flow: `${from} -> ${to} ${text}`,
        allowed: true,
      });
    }
  });

  it.each(scenario.flows)('%s -> %s on %s allowed: %s', (from, to, text, allowed) => {
    expect(cluster.allows(from, to, probe(text))).toBe(allowed);
  });

  it('reach lists exactly the pairs that allows() admits (indexed evaluation = pairwise evaluation)', () => {
    const ids = cluster.endpointIds();
    const isExternal = (id: string) => !id.includes('/');
    for (const text of new Set(['TCP/80', 'UDP/81', ...scenario.flows.map(([, , p]) => p)])) {
      const expected = ids.flatMap((from) =>
        ids
          .filter((to) => !(isExternal(from) && isExternal(to)) && cluster.allows(from, to, probe(text)))
          .map((to) => [from, to]),
      );
      expect(cluster.reach(probe(text))).toEqual(expected);
    }
  });

  it('the connectivity list holds exactly the pairs reach allows, on every port (checked at each breakpoint)', () => {
    expect(expectConnectionsMatchProbes(cluster).length).toBeGreaterThanOrEqual(PROTOCOLS_CHECKED);
  });
});

describe('policyTypes defaults (SetDefaults_NetworkPolicySpec)', () => {
  const egressRule = { to: [{ podSelector: {} }] };
  it.each([
    ['no rules', {}, ['ingress']],
    ['ingress rules only', { ingress: [{}] }, ['ingress']],
    ['egress: []', { egress: [] }, ['ingress']],
    ['egress rules', { egress: [egressRule] }, ['ingress', 'egress']],
    ['ingress and egress rules', { ingress: [{}], egress: [egressRule] }, ['ingress', 'egress']],
  ])('without policyTypes, a policy with %s isolates %j', (_name, rules, isolated) => {
    const uncovered = model([
      pod('x', 'a', { pod: 'a' }),
      policy('x', 'p', { podSelector: {}, ...rules }),
    ]).coverage().uncovered;
    const covered = (['ingress', 'egress'] as const).filter((d) => uncovered[d].length === 0);
    expect(covered).toEqual(isolated);
  });
});

describe('policy removal', () => {
  it('stops enforcing a policy once it is deleted (model rebuilt without it)', () => {
    expect(model([...e2eCluster(), DENY_ALL_INGRESS]).allows('y/a', 'x/a', probe('TCP/80'))).toBe(false);
    expect(model(e2eCluster()).allows('y/a', 'x/a', probe('TCP/80'))).toBe(true);
  });
});
