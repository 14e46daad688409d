import type * as NetworkPolicyModel from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { POLICY_TYPES, dnsLabelProblem, dnsSubdomainProblem, isPolicyType } from '../kubernetes';
import { FieldError, InputError } from './errors';
import { LINT_ACKNOWLEDGE_PREFIX } from './lint-rules';
import { IpBlock } from './ip-block';
import { compilePortRules, type PortRules } from './ports';
import { Selector } from './selectors';
import { isRecord, type SourceRef } from './types';
import { objectNamespace } from './workloads';

export type Direction = 'ingress' | 'egress';
export const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

/**
 * A pod peer. `namespaceSelector: null` means "the policy's own namespace" (kept in `namespace`);
 * `podSelector: null` means every pod of the selected namespaces.
 */
export interface PodPeer {
  kind: 'pods';
  path: string;
  namespace: string;
  namespaceSelector: Selector | null;
  podSelector: Selector | null;
}

/** An ipBlock peer: matches addresses only, never a pod without an IP. */
export interface IpBlockPeer {
  kind: 'ipBlock';
  path: string;
  block: IpBlock;
}

export type Peer = PodPeer | IpBlockPeer;

export interface PolicyRule {
  direction: Direction;
  index: number;
  /** `null`: no `from`/`to` (or an empty list), i.e. every peer, inside or outside the cluster. */
  peers: readonly Peer[] | null;
  ports: PortRules;
}

/** A validated NetworkPolicy with the API server's defaults applied. */
export interface PolicySpec {
  /** `namespace/name`. */
  id: string;
  namespace: string;
  name: string;
  source?: SourceRef;
  podSelector: Selector;
  /** Directions listed in policyTypes (after defaulting): the selected pods are isolated for these. */
  isolates: ReadonlySet<Direction>;
  /** Rules of the isolated directions only; rules of other directions have no effect. */
  rules: Readonly<Record<Direction, readonly PolicyRule[]>>;
  /** Rules written for a direction that policyTypes leaves out (kept for the linter). */
  ignoredRules: Readonly<Record<Direction, number>>;
  /** The `lint-acknowledge.netpol.io/<rule>` annotations, as [rule, reason], validated by the linter. */
  acknowledgements: ReadonlyArray<readonly [string, string]>;
  /** The spec as written in the manifest, so a diff can name the policies a change touches. */
  writtenSpec: unknown;
}

type Json = Record<string, unknown>;

interface SchemaIssue {
  instancePath: string;
  message?: string;
}

/** Turns ajv's `/spec/ingress/0/ports` into `spec.ingress[0].ports`, the notation kubectl prints. */
function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}

/**
 * Reports every field the schema refuses, in the order found; a oneOf failure lists the alternatives of its field
 * ("must be string or integer").
 */
function schemaProblem(error: unknown): string {
  const issues = (error as { errors?: SchemaIssue[] }).errors ?? [];
  if (issues.length === 0) return error instanceof Error ? error.message : String(error);
  const messagesByPath = new Map<string, Set<string>>();
  for (const issue of issues) {
    const messages = messagesByPath.get(issue.instancePath) ?? new Set<string>();
    // The alternatives say what a oneOf wants; its own "must match exactly one schema" adds nothing.
    if (!issue.message?.includes('oneOf')) messages.add(issue.message ?? 'is invalid');
    messagesByPath.set(issue.instancePath, messages);
  }
  return [...messagesByPath]
    .map(
      ([path, messages]) => `${fieldPath(path) || 'object'}: ${[...messages].join(' or ') || 'is invalid'}`,
    )
    .join('; ');
}

/**
 * Compiles selectors and ipBlocks once per distinct value: policies repeat the same ones across
 * namespaces (DNS peers, role selectors), and a large input has thousands of them.
 */
export class Compiler {
  private readonly selectors = new Map<string, Selector>();
  private readonly blocks = new Map<string, IpBlock>();

  selector(raw: unknown, path: string): Selector {
    const key = JSON.stringify(raw);
    let selector = this.selectors.get(key);
    if (!selector) {
      selector = Selector.compile(raw, path);
      this.selectors.set(key, selector);
    }
    return selector;
  }

  ipBlock(raw: Json, path: string): IpBlock {
    const except = Array.isArray(raw.except) ? (raw.except as string[]) : [];
    const key = JSON.stringify([raw.cidr, except]);
    let block = this.blocks.get(key);
    if (!block) {
      block = new IpBlock(raw.cidr as string, except, path);
      this.blocks.set(key, block);
    }
    return block;
  }

  peer(raw: unknown, path: string, namespace: string): Peer {
    if (!isRecord(raw)) throw new FieldError(path, 'must be an object');
    const { podSelector, namespaceSelector, ipBlock } = raw;
    const present = [podSelector, namespaceSelector, ipBlock].filter(
      (field) => field !== undefined && field !== null,
    );
    if (present.length === 0) {
      throw new FieldError(path, 'must specify a peer (podSelector, namespaceSelector or ipBlock)');
    }
    if (ipBlock !== undefined && ipBlock !== null) {
      if (present.length > 1) throw new FieldError(path, 'may not specify both ipBlock and another peer');
      if (!isRecord(ipBlock)) throw new FieldError(`${path}.ipBlock`, 'must be an object');
      return { kind: 'ipBlock', path, block: this.ipBlock(ipBlock, `${path}.ipBlock`) };
    }
    return {
      kind: 'pods',
      path,
      namespace,
      namespaceSelector: isRecord(namespaceSelector)
        ? this.selector(namespaceSelector, `${path}.namespaceSelector`)
        : null,
      podSelector: isRecord(podSelector) ? this.selector(podSelector, `${path}.podSelector`) : null,
    };
  }

  rules(raw: unknown, direction: Direction, namespace: string): PolicyRule[] {
    if (raw === undefined || raw === null) return [];
    const peerField = direction === 'ingress' ? 'from' : 'to';
    return (raw as unknown[]).map((rule, index) => {
      const path = `spec.${direction}[${index}]`;
      const { ports, [peerField]: peers } = (rule ?? {}) as Json;
      const peerList = Array.isArray(peers) && peers.length > 0 ? peers : null;
      return {
        direction,
        index,
        peers:
          peerList && peerList.map((peer, i) => this.peer(peer, `${path}.${peerField}[${i}]`, namespace)),
        ports: compilePortRules(ports, `${path}.ports`),
      };
    });
  }
}

/** SetDefaults_NetworkPolicySpec: no policyTypes means Ingress, plus Egress when egress rules exist. */
function policyTypes(spec: Json): Set<Direction> {
  const listed = Array.isArray(spec.policyTypes) ? (spec.policyTypes as string[]) : [];
  if (listed.length > 2)
    throw new FieldError('spec.policyTypes', 'may not specify more than two policyTypes');
  if (listed.length === 0) {
    const hasEgress = Array.isArray(spec.egress) && spec.egress.length > 0;
    return new Set<Direction>(hasEgress ? ['ingress', 'egress'] : ['ingress']);
  }
  return new Set(
    listed.map((type, i) => {
      if (!isPolicyType(type)) {
        throw FieldError.invalid(`spec.policyTypes[${i}]`, type, `not one of ${POLICY_TYPES.join(', ')}`);
      }
      return type === 'Ingress' ? 'ingress' : 'egress';
    }),
  );
}

/** ValidateObjectMeta: the name is a DNS subdomain, the namespace a DNS label. */
function checkMetadata(namespace: string, name: string): void {
  const nameProblem = dnsSubdomainProblem(name);
  if (nameProblem) throw FieldError.invalid('metadata.name', name, nameProblem);
  const namespaceProblem = dnsLabelProblem(namespace);
  if (namespaceProblem) throw FieldError.invalid('metadata.namespace', namespace, namespaceProblem);
}

function acknowledgementsOf(metadata: Json): Array<[string, string]> {
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  return Object.entries(annotations)
    .filter(([key]) => key.startsWith(LINT_ACKNOWLEDGE_PREFIX))
    .map(([key, reason]) => [key.slice(LINT_ACKNOWLEDGE_PREFIX.length), String(reason)]);
}

function compilePolicy(
  compiler: Compiler,
  object: Json,
  namespace: string,
  name: string,
  source?: SourceRef,
): PolicySpec {
  checkMetadata(namespace, name);
  const spec = object.spec;
  if (!isRecord(spec)) throw new FieldError('spec', 'is required');
  if (!isRecord(spec.podSelector))
    throw new FieldError('spec.podSelector', 'is required (use {} to select every pod)');
  const isolates = policyTypes(spec);
  const ingress = compiler.rules(spec.ingress, 'ingress', namespace);
  const egress = compiler.rules(spec.egress, 'egress', namespace);
  return {
    id: `${namespace}/${name}`,
    namespace,
    name,
    source,
    podSelector: compiler.selector(spec.podSelector, 'spec.podSelector'),
    isolates,
    rules: { ingress: isolates.has('ingress') ? ingress : [], egress: isolates.has('egress') ? egress : [] },
    ignoredRules: {
      ingress: isolates.has('ingress') ? 0 : ingress.length,
      egress: isolates.has('egress') ? 0 : egress.length,
    },
    acknowledgements: acknowledgementsOf(isRecord(object.metadata) ? object.metadata : {}),
    writtenSpec: spec,
  };
}

// The schema validator (kubernetes-models and ajv) loads on the first policy parsed, not with the module: commands
// that read no manifests, such as `netpol --help`, start in about the time of a bare `node`.
let networkPolicySchema: typeof NetworkPolicyModel.NetworkPolicy | undefined;
function loadNetworkPolicySchema(): typeof NetworkPolicyModel.NetworkPolicy {
  if (networkPolicySchema) return networkPolicySchema;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use
  const model = require('kubernetes-models/networking.k8s.io/v1/NetworkPolicy') as typeof NetworkPolicyModel;
  networkPolicySchema = model.NetworkPolicy;
  return networkPolicySchema;
}

/**
 * Validates a networking.k8s.io/v1 NetworkPolicy (JSON schema of kubernetes-models, then the checks of
 * pkg/apis/networking/validation) and applies the defaults. Throws a InputError naming the object.
 * One parser per model: it shares compiled selectors between policies.
 */
export class PolicyParser {
  private readonly compiler = new Compiler();

  parse(object: Json, source?: SourceRef): PolicySpec {
    const metadata = isRecord(object.metadata) ? object.metadata : {};
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    const namespace = objectNamespace(metadata);
    const label = `NetworkPolicy ${namespace}/${name || '<unnamed>'}`;
    if (!name) throw new InputError(source, `${label}: metadata.name is required`);
    try {
      // The model's validate() checks `this`; calling it on the parsed object skips the constructor's deep
      // copy, a third of the validation cost on large inputs. apiVersion may be omitted in our input.
      const schema = loadNetworkPolicySchema();
      schema.prototype.validate.call({ ...object, apiVersion: schema.apiVersion });
    } catch (error) {
      throw new InputError(source, `invalid ${label}: ${schemaProblem(error)}`);
    }
    try {
      return compilePolicy(this.compiler, object, namespace, name, source);
    } catch (error) {
      if (error instanceof FieldError) throw new InputError(source, `invalid ${label}: ${error.message}`);
      throw error;
    }
  }
}
