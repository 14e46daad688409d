import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sarifProblems } from '../support/sarif-schema';
import { cleanup, netpol, withChangedPolicies } from './run-cli';

/**
 * Lints the shop with the db policy's selector broken (selector-matches-nothing on shop/db) and a lint config
 * written outside the manifests' folder (inside, it would be read as a manifest).
 */
async function lintWithConfig(config: string | undefined, ...argv: string[]) {
  const configDir = mkdtempSync(join(tmpdir(), 'netpol-config-'));
  const file = join(configDir, '.netpol.yaml');
  if (config !== undefined) writeFileSync(file, config);
  try {
    return await withChangedPolicies(
      (text) => text.replace('matchLabels: { app: db }', 'matchLabels: { app: database }'),
      (dir) => netpol('lint', dir, ...(config !== undefined ? ['--config', file] : []), ...argv),
    );
  } finally {
    cleanup(configDir);
  }
}

const FINDING = {
  rule: 'selector-matches-nothing',
  object: 'shop/db',
  message: 'spec.podSelector selects no workload in namespace shop',
};

describe('lint configuration outside the manifests', () => {
  it('--ignore RULE leaves the rule out, and says how many findings it left out', async () => {
    const result = await lintWithConfig(undefined, '--ignore', 'selector-matches-nothing');
    expect(result).toEqual({
      code: 0,
      stdout: 'no findings\nignored rules, their findings left out: selector-matches-nothing (1)\n',
      stderr: '',
    });
    const json = await lintWithConfig(undefined, '--ignore', 'selector-matches-nothing', '--json');
    expect(JSON.parse(json.stdout)).toEqual({
      findings: [],
      acknowledged: [],
      ignored: [{ rule: 'selector-matches-nothing', findings: 1 }],
    });
  });

  it('--ignore refuses an unknown rule and the rules guarding acknowledgements', async () => {
    expect(await lintWithConfig(undefined, '--ignore', 'no-such-rule')).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining(
        'netpol: error: --ignore no-such-rule: no such lint rule; one of: selector-matches-nothing,',
      ),
    });
    expect((await lintWithConfig(undefined, '--ignore', 'unused-acknowledgement')).stderr).toContain(
      'the rules about acknowledgements cannot be ignored',
    );
  });

  it('a config acknowledgement moves the finding to acknowledged with its reason and where it is written', async () => {
    const config =
      'acknowledge:\n  - object: shop/db\n    rule: selector-matches-nothing\n    reason: "db moves in #7"\n';
    const result = await lintWithConfig(config, '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.findings).toEqual([]);
    expect(report.acknowledged).toEqual([
      { ...FINDING, reason: 'db moves in #7', acknowledgedIn: expect.stringMatching(/\.netpol\.yaml$/) },
    ]);
    // In SARIF: a result suppressed outside the source, with the reason.
    const sarif = JSON.parse((await lintWithConfig(config, '--format', 'sarif')).stdout);
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0].results.map((r: { suppressions: unknown }) => r.suppressions)).toEqual([
      [{ kind: 'external', status: 'accepted', justification: 'db moves in #7' }],
    ]);
  });

  it('a config acknowledgement that acknowledges nothing is itself a finding, as a stale annotation is', async () => {
    const config = 'acknowledge:\n  - { object: shop/api, rule: allow-all-ingress, reason: "public" }\n';
    const result = await lintWithConfig(config, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings).toEqual([
      {
        rule: 'unused-acknowledgement',
        object: 'shop/api',
        message: expect.stringMatching(
          /\.netpol\.yaml: acknowledgement of allow-all-ingress: no allow-all-ingress finding on this object to acknowledge$/,
        ),
      },
      FINDING,
    ]);
  });

  it('refuses a config that does not follow the schema, naming each field and what is wrong', async () => {
    const config =
      'ignore: [allow-all-egres]\nacknowledge:\n  - { object: db, rule: allow-all-ingress, reason: " " }\nextra: 1\n';
    const result = await lintWithConfig(config);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^netpol: error: .*\.netpol\.yaml: invalid lint config: /);
    for (const problem of [
      'the file: unknown key "extra"',
      'ignore[0]: not a rule that can be ignored or acknowledged; one of: selector-matches-nothing',
      'acknowledge[0].object: must be namespace/name',
      'acknowledge[0].reason: must not be empty',
    ]) {
      expect(result.stderr).toContain(problem);
    }
  });

  it('refuses a config that is not YAML, and one that is missing', async () => {
    expect((await lintWithConfig('ignore: [\n')).stderr).toMatch(/\.netpol\.yaml: invalid YAML: /);
    const missing = await netpol(
      'lint',
      join(__dirname, 'fixtures', 'shop'),
      '--config',
      '/nonexistent/.netpol.yaml',
    );
    expect(missing.stderr).toBe(
      'netpol: error: /nonexistent/.netpol.yaml: cannot read the lint config (ENOENT: no such file or directory)\n',
    );
  });
});
