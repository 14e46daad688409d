import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import type { Location, Log, ReportingDescriptor, Result } from 'sarif';
import {
  LINT_RULES,
  type AcknowledgedFinding,
  type ClusterModel,
  type Finding,
  type LintReport,
  type SourceRef,
} from '../../lib/analysis';
import { positionsIn, type SourcePosition } from '../../lib/analysis/source-position';

/** The schema GitHub code scanning and other SARIF consumers validate 2.1.0 logs against. */
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const RULES: ReportingDescriptor[] = Object.entries(LINT_RULES).map(([id, text]) => ({
  id,
  shortDescription: { text },
  defaultConfiguration: { level: 'warning' },
}));
const RULE_INDEX = new Map(RULES.map((rule, index) => [rule.id, index]));

/** Paths relative to the working directory with '/' separators: what code scanning maps to the repository. */
function artifactUri(file: string, cwd: string): string {
  const path = isAbsolute(file) ? relative(cwd, file) : file;
  return path.split(sep).join('/');
}

/** Reads each file once and locates objects in it; a file that is gone or unreadable gives no region. */
class Locator {
  private readonly files = new Map<string, ((source: SourceRef) => SourcePosition | undefined) | undefined>();

  constructor(private readonly cwd: string) {}

  location(source: SourceRef | undefined, object: string): Location {
    const logicalLocations = [{ fullyQualifiedName: object, kind: 'object' }];
    if (!source?.file || !existsSync(source.file)) return { logicalLocations };
    const position = this.position(source.file, source);
    return {
      physicalLocation: {
        artifactLocation: { uri: artifactUri(source.file, this.cwd) },
        ...(position ? { region: { startLine: position.line, startColumn: position.column } } : {}),
      },
      logicalLocations,
    };
  }

  private position(file: string, source: SourceRef): SourcePosition | undefined {
    if (!this.files.has(file)) {
      let locate: ((source: SourceRef) => SourcePosition | undefined) | undefined;
      try {
        locate = positionsIn(readFileSync(file, 'utf8'));
      } catch {
        locate = undefined; // A file that went away since it was read: the result keeps its object name.
      }
      this.files.set(file, locate);
    }
    return this.files.get(file)?.(source);
  }
}

/**
 * Every policy's source by the object findings name (`namespace/name`, `ClusterNetworkPolicy/<name>`); of
 * duplicates, the last one, which `kubectl apply` keeps.
 */
function policySources(model: ClusterModel): Map<string, SourceRef | undefined> {
  const { policies, cluster } = model.resolution;
  return new Map([...policies, ...cluster.policies].map(({ spec }) => [spec.id, spec.source]));
}

/**
 * The lint report as a SARIF 2.1.0 log: one result per finding, located at the start of the offending object in
 * its file (not line 1), so code scanning shows it inline. Acknowledged findings are results with a suppression
 * that carries the reason, so they show as dismissed rather than vanish.
 */
export function renderSarif(
  report: LintReport,
  model: ClusterModel,
  options: { version: string; cwd?: string },
): Log {
  const locator = new Locator(options.cwd ?? process.cwd());
  const sources = policySources(model);
  const result = (finding: Finding): Result => ({
    ruleId: finding.rule,
    ...(RULE_INDEX.has(finding.rule) ? { ruleIndex: RULE_INDEX.get(finding.rule) } : {}),
    level: 'warning',
    message: { text: `${finding.object}: ${finding.message}` },
    locations: [locator.location(sources.get(finding.object), finding.object)],
  });
  const acknowledged = (finding: AcknowledgedFinding): Result => ({
    ...result(finding),
    suppressions: [
      {
        // An annotation sits in the policy's own file; a lint config (.netpol.yaml) is outside it.
        kind: finding.acknowledgedIn ? 'external' : 'inSource',
        status: 'accepted',
        justification: finding.reason,
      },
    ],
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'netpol',
            semanticVersion: options.version,
            rules: RULES,
          },
        },
        results: [...report.findings.map(result), ...report.acknowledged.map(acknowledged)],
      },
    ],
  };
}
