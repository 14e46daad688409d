import type AjvType from 'ajv';
import { load, YAMLException } from 'js-yaml';
import { InputError } from './errors';
import { sortFindings } from './lint-acknowledgements';
import {
  ACKNOWLEDGEABLE_RULES,
  LINT_RULES,
  acknowledgementProblem,
  type AcknowledgedFinding,
  type Finding,
  type LintReport,
} from './lint-rules';

/**
 * Lint settings kept outside the manifests, for files a team cannot annotate (upstream charts, vendored
 * manifests): rules to ignore, and acknowledgements of findings on given objects, each with its reason.
 */
export interface LintConfig {
  /** Where the settings come from, named in messages (`.netpol.yaml`, `--ignore`). */
  origin: string;
  ignore: string[];
  acknowledge: Array<{ object: string; rule: string; reason: string }>;
  /**
   * Flows a change may open without failing `review --fail-on-open`: `from` and `to` are an id, `namespace/*`
   * or `*`.
   */
  acknowledgeFlows: Array<{ from: string; to: string; reason: string }>;
}

/** The rules a config may ignore: every rule but those about acknowledgements, which guard the config itself. */
const IGNORABLE = ACKNOWLEDGEABLE_RULES;

/** An endpoint id (`namespace/name`, or an external's name), `namespace/*`, or `*`. */
const FLOW_END = '^(\\*|[^/\\s*]+(/([^/\\s*]+|\\*))?)$';

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ignore: { type: 'array', items: { type: 'string', enum: IGNORABLE }, uniqueItems: true },
    acknowledge: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['object', 'rule', 'reason'],
        properties: {
          object: { type: 'string', pattern: '^[^/\\s]+/[^/\\s]+$' },
          rule: { type: 'string', enum: ACKNOWLEDGEABLE_RULES },
          reason: { type: 'string', pattern: '\\S' },
        },
      },
    },
    acknowledgeFlows: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['from', 'to', 'reason'],
        properties: {
          from: { type: 'string', pattern: FLOW_END },
          to: { type: 'string', pattern: FLOW_END },
          reason: { type: 'string', pattern: '\\S' },
        },
      },
    },
  },
} as const;

/** What each schema failure means to someone editing the file. */
function explain(error: { keyword: string; message?: string; params: Record<string, unknown> }): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key "${String(error.params.additionalProperty)}" (known: ${Object.keys(SCHEMA.properties).join(', ')} at the top; object, rule, reason in acknowledge; from, to, reason in acknowledgeFlows)`;
    case 'enum':
      return `not a rule that can be ignored or acknowledged; one of: ${IGNORABLE.join(', ')}`;
    case 'pattern':
      if (error.params.pattern === FLOW_END)
        return 'must be namespace/name, namespace/*, an external name or *';
      return String(error.params.pattern).includes('/') ? 'must be namespace/name' : 'must not be empty';
    case 'required':
      return `${String(error.params.missingProperty)} is required`;
    default:
      return error.message ?? error.keyword;
  }
}

/** ajv's `/acknowledge/0/rule` as `acknowledge[0].rule`. */
const fieldPath = (pointer: string): string =>
  pointer
    .split('/')
    .filter(Boolean)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');

// ajv loads, and the schema compiles, when a config is first read: not with every command (nor `netpol --help`).
let validator: ReturnType<AjvType['compile']> | undefined;
function validate(config: unknown): ReturnType<AjvType['compile']> {
  if (!validator) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use
    const Ajv = (require('ajv') as { default: typeof AjvType }).default;
    validator = new Ajv({ allErrors: true }).compile(SCHEMA);
  }
  validator(config);
  return validator;
}

/** Parses and validates a `.netpol.yaml` text; every problem is an InputError naming the file and the field. */
export function parseLintConfig(text: string, file: string): LintConfig {
  let document: unknown;
  try {
    document = load(text, { filename: file });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    throw new InputError({ file }, `invalid YAML: ${error.reason}`);
  }
  const config = document ?? {};
  const { errors } = validate(config);
  if (errors) {
    const problems = errors.map(
      (error) => `${fieldPath(error.instancePath) || 'the file'}: ${explain(error)}`,
    );
    throw new InputError({ file }, `invalid lint config: ${[...new Set(problems)].join('; ')}`);
  }
  const {
    ignore = [],
    acknowledge = [],
    acknowledgeFlows = [],
  } = config as Partial<Omit<LintConfig, 'origin'>>;
  return { origin: file, ignore, acknowledge, acknowledgeFlows };
}

/** `--ignore RULE`: an unknown rule is refused rather than ignored silently. */
export function ignoreConfig(rules: readonly string[]): LintConfig {
  for (const rule of rules) {
    if (!(IGNORABLE as readonly string[]).includes(rule)) {
      const known = Object.prototype.hasOwnProperty.call(LINT_RULES, rule);
      throw new InputError(
        undefined,
        `--ignore ${rule}: ${known ? 'the rules about acknowledgements cannot be ignored' : 'no such lint rule'}; one of: ${IGNORABLE.join(', ')}`,
      );
    }
  }
  return { origin: '--ignore', ignore: [...rules], acknowledge: [], acknowledgeFlows: [] };
}

/** An ignored rule and how many findings it hid, so the output can say what it leaves out. */
export interface IgnoredRule {
  rule: string;
  findings: number;
}

/**
 * Applies configs to a report, by the rules of the annotations: an acknowledgement moves the finding of its rule
 * on its object to `acknowledged` with its reason; one that acknowledges nothing is stale and is itself an open
 * `unused-acknowledgement` finding. Ignored rules drop their findings, counted in `ignored`.
 */
export function applyLintConfigs(
  report: LintReport,
  configs: readonly LintConfig[],
): LintReport & { ignored: IgnoredRule[] } {
  const ignore = new Set(configs.flatMap((config) => config.ignore));
  const counts = new Map<string, number>([...ignore].sort().map((rule) => [rule, 0]));
  const keep = <T extends Finding>(finding: T): boolean => {
    if (!ignore.has(finding.rule)) return true;
    counts.set(finding.rule, (counts.get(finding.rule) ?? 0) + 1);
    return false;
  };
  const open = report.findings.filter(keep);
  const acknowledged: AcknowledgedFinding[] = report.acknowledged.filter(keep);
  const stale: Finding[] = [];
  for (const config of configs) {
    for (const { object, rule, reason } of config.acknowledge) {
      const problem = acknowledgementProblem(rule, reason);
      if (problem)
        throw new InputError({ file: config.origin }, `acknowledgement of ${rule} on ${object}: ${problem}`);
      if (ignore.has(rule)) continue;
      const matches = (finding: Finding): boolean => finding.object === object && finding.rule === rule;
      const found = open.filter(matches);
      if (found.length === 0 && !acknowledged.some(matches)) {
        const message = `${config.origin}: acknowledgement of ${rule}: no ${rule} finding on this object to acknowledge`;
        stale.push({ rule: 'unused-acknowledgement', object, message });
        continue;
      }
      for (const finding of found) {
        open.splice(open.indexOf(finding), 1);
        acknowledged.push({ ...finding, reason, acknowledgedIn: config.origin });
      }
    }
  }
  return {
    findings: sortFindings([...open, ...stale]),
    acknowledged: sortFindings(acknowledged),
    ignored: [...counts].map(([rule, findings]) => ({ rule, findings })),
  };
}

const endMatches = (pattern: string, id: string): boolean =>
  pattern === '*' || pattern === id || (pattern.endsWith('/*') && id.startsWith(pattern.slice(0, -1)));

/** The reason a config gives for opening flows from `from` to `to`, if any acknowledges them. */
export function flowAcknowledgement(
  configs: readonly LintConfig[],
  from: string,
  to: string,
): { reason: string; origin: string } | undefined {
  for (const config of configs) {
    const found = config.acknowledgeFlows.find(
      (flow) => endMatches(flow.from, from) && endMatches(flow.to, to),
    );
    if (found) return { reason: found.reason, origin: config.origin };
  }
  return undefined;
}
