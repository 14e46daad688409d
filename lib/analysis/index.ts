/**
 * The analyzer core: the one implementation of networking.k8s.io/v1 NetworkPolicy and
 * policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy semantics. It validates what it reads by the API's field
 * rules, which live in lib/kubernetes (shared with the construct library).
 */
export { ClusterModel, type Focus, type InputReport, type ModelOptions } from './model';
export {
  STDIN_NAME,
  decodeText,
  loadManifestDir,
  parseManifests,
  readInputs,
  type InputItem,
  type Manifest,
  type ReadOptions,
} from './manifests';
export { EVALUATED_KINDS, type InventoryOptions } from './inventory';
export { renderFirstHint, summarizeSkipped, type SkipCategory, type SkippedObject } from './skipped';
export { InputError, describeSource } from './errors';
export type { Coverage } from './coverage';
export type { Explanation, RuleRef, SideVerdict } from './explain';
export type { ClusterAction, ClusterPolicySpec, Tier } from './cluster-policy';
export type { ClusterRuleRef, DecidingTier, TierVerdict } from './tiers';
export { pairKey, type Pair } from './reach';
export { diffPairs, type ProbeDiff } from './diff';
export { policyChanges, type PolicyChanges } from './policy-changes';
export { MAX_PORT, MIN_PORT, PortSet, type PortRange, type PortSetJson } from './port-set';
export {
  compareConnections,
  connectionsFromJson,
  connectionsFromProbes,
  connectionsToJson,
  normalizeConnections,
  type Connection,
  type ConnectionsJson,
} from './connection';
export {
  connectionDiffToJson,
  diffConnections,
  isEmptyDiff,
  opensAnything,
  type ChangedConnection,
  type ConnectionDiff,
} from './connection-diff';
export {
  DEFAULT_POD_CIDRS,
  exposureToJson,
  type ExposureOptions,
  type ExposureReason,
  type PotentialPeer,
} from './exposure';
export {
  ACKNOWLEDGEABLE_RULES,
  LINT_ACKNOWLEDGE_PREFIX,
  LINT_RULES,
  acknowledgementAnnotation,
  type AcknowledgeableLintRule,
  type AcknowledgedFinding,
  type Finding,
  type LintReport,
  type LintRule,
} from './lint-rules';
export type { Direction, PolicySpec } from './policy';
export {
  NAMESPACE_NAME_LABEL,
  PROTOCOLS,
  compareStrings,
  formatProbe,
  isExternalId,
  isProtocol,
  type Endpoint,
  type ExternalEndpoint,
  type Labels,
  type Probe,
  type Protocol,
  type SourceRef,
} from './types';
