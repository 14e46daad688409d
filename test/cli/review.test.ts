import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { load } from 'js-yaml';
import { join } from 'node:path';
import { reviewMain } from '../../cli/review';
import { parseMarkdown, tablesUnder } from '../support/markdown';
import { sarifProblems } from '../support/sarif-schema';
import { SHOP, cleanup } from './run-cli';

const git = (repo: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=netpol', '-c', 'user.email=netpol@example.com', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });

/**
 * A repository shaped like a user's: `npm run synth:charts` writes dist/ from manifests/. The script needs a
 * module from node_modules, which is not committed, so the base worktree only synthesizes through the link
 * the review makes to this checkout's node_modules.
 */
function userRepository(): string {
  const repo = mkdtempSync(join(tmpdir(), 'netpol-review-repo-'));
  const synth = `const fs = require('node:fs');
require('./node_modules/marker.js');
fs.rmSync('dist', { recursive: true, force: true });
fs.cpSync('manifests', 'dist', { recursive: true });
`;
  writeFileSync(join(repo, 'package.json'), JSON.stringify({ scripts: { 'synth:charts': 'node synth.js' } }));
  writeFileSync(join(repo, 'synth.js'), synth);
  writeFileSync(join(repo, '.gitignore'), 'node_modules/\ndist/\n');
  mkdirSync(join(repo, 'node_modules'));
  writeFileSync(join(repo, 'node_modules', 'marker.js'), '');
  cpSync(SHOP, join(repo, 'manifests'), { recursive: true });
  // Something netpol does not evaluate, which the comment must name.
  writeFileSync(
    join(repo, 'manifests', 'config.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\n',
  );
  git(repo, 'init', '--quiet', '--initial-branch=main');
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'shop');
  return repo;
}

async function review(repo: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text) };
  const code = await reviewMain(argv, io, repo);
  return { code, stdout, stderr };
}

describe('npm run review', () => {
  let repo: string;
  beforeAll(() => {
    repo = userRepository();
    // The change under review: the api admits TCP 9090 too; only monitoring's egress lets it use it.
    const policies = join(repo, 'manifests', 'policies.yaml');
    writeFileSync(
      policies,
      readFileSync(policies, 'utf8').replace(
        '        - { port: 8080 }\n',
        '        - { port: 8080 }\n        - { port: 9090 }\n',
      ),
    );
  });
  afterAll(() => cleanup(repo));

  it('compares the charts at the base ref with the working tree, as a Markdown comment, and cleans up', async () => {
    const sarif = join(repo, 'netpol.sarif');
    const result = await review(repo, '--base', 'main', '--fail-on-open', '--sarif', sarif);
    expect(result.code).toBe(1);
    const blocks = parseMarkdown(result.stdout);
    expect(blocks[0]).toEqual({ type: 'heading', level: 2, text: 'netpol review: `main` → working tree' });
    expect(result.stdout).toContain('\n> **Not in this review:** skipped 1 object(s) in `main`: ');
    expect(result.stdout).toContain('\n> **Not in this review:** skipped 1 object(s) in the working tree: ');
    expect(blocks).toContainEqual({ type: 'paragraph', text: '**0 flows opened, 0 closed, 1 changed**' });
    const sections = tablesUnder(blocks, 4);
    expect([...sections.keys()]).toEqual(['From namespace `monitoring`', 'Policies changed', 'Openings']);
    expect(sections.get('From namespace `monitoring`')?.[0].rows).toEqual([
      ['changed', 'monitoring/scraper', 'shop/api', 'TCP 8080', 'TCP 8080,9090'],
    ]);
    expect(sections.get('Policies changed')?.[0].rows).toEqual([['shop/api', 'modified']]);
    expect(sections.get('Openings')?.[0].rows).toEqual([
      ['monitoring/scraper', 'shop/api', 'TCP 9090', '**not acknowledged**'],
    ]);
    expect(blocks).toContainEqual({ type: 'paragraph', text: '**0 open findings, 0 acknowledged**' });
    expect(result.stderr.split('\n')).toEqual([
      expect.stringMatching(/^netpol review: skipped 1 object\(s\) in .*\/base\/dist: .*1 v1 ConfigMap$/),
      expect.stringMatching(/^netpol review: skipped 1 object\(s\) in .*\/dist: .*1 v1 ConfigMap$/),
      'netpol review: 0 flows opened, 0 closed, 1 changed; 1 opening(s) not acknowledged',
      '  opens monitoring/scraper -> shop/api: TCP 9090',
      '',
    ]);
    expect(sarifProblems(JSON.parse(readFileSync(sarif, 'utf8')))).toEqual([]);
    // The temporary worktree is gone.
    expect(git(repo, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('passes --fail-on-open when .netpol.yaml acknowledges every opening', async () => {
    writeFileSync(
      join(repo, '.netpol.yaml'),
      'acknowledgeFlows:\n  - { from: "*", to: shop/api, reason: "metrics port, #12" }\n',
    );
    try {
      const result = await review(repo, '--base', 'main', '--fail-on-open');
      expect(result.code).toBe(0);
      expect(tablesUnder(parseMarkdown(result.stdout), 4).get('Openings')?.[0].rows).toEqual([
        ['monitoring/scraper', 'shop/api', 'TCP 9090', 'acknowledged: metrics port, #12'],
      ]);
    } finally {
      cleanup(join(repo, '.netpol.yaml'));
    }
  });

  it('refuses a ref that does not exist, leaving no worktree behind', async () => {
    const result = await review(repo, '--base', 'no-such-branch');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^netpol review: error: git rev-parse --verify --quiet no-such-branch\^\{commit\} failed/,
    );
    expect(git(repo, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });
});

describe('.github/workflows/netpol-review.yml', () => {
  type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string };
  const workflow = load(
    readFileSync(join(__dirname, '..', '..', '.github', 'workflows', 'netpol-review.yml'), 'utf8'),
  ) as {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: { review: { steps: Step[] } };
  };
  const steps = workflow.jobs.review.steps;

  it('runs the review on pull requests, comments the Markdown and uploads the SARIF it wrote', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions).toMatchObject({ 'pull-requests': 'write', 'security-events': 'write' });
    const review = steps.find((step) => step.run?.includes('npm run --silent review --'));
    expect(review?.run).toMatch(
      /--base "origin\/\$BASE_REF" --sarif netpol\.sarif --fail-on-open > netpol-review\.md/,
    );
    const comment = steps.find((step) => step.uses?.startsWith('actions/github-script@'));
    expect(comment?.with?.script).toContain("fs.readFileSync('netpol-review.md', 'utf8')");
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.sarif_file).toBe('netpol.sarif');
  });

  it('uses the current action majors and the permissions the SARIF upload needs, skipping it on forks', () => {
    expect(steps.flatMap((step) => (step.uses ? [step.uses] : []))).toEqual([
      'actions/checkout@v6',
      'actions/setup-node@v6',
      'actions/github-script@v8',
      'github/codeql-action/upload-sarif@v4',
    ]);
    expect(workflow.permissions).toEqual({
      contents: 'read',
      actions: 'read',
      'pull-requests': 'write',
      'security-events': 'write',
    });
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
  });

  it('says which script a repository lacks before running the review, and passes this repository', () => {
    const check = steps.find((step) => step.run?.includes('"synth:charts"'))?.run ?? '';
    const runCheck = (scripts: Record<string, string>) => {
      const repo = mkdtempSync(join(tmpdir(), 'netpol-workflow-'));
      try {
        writeFileSync(join(repo, 'package.json'), JSON.stringify({ scripts }));
        execFileSync('bash', ['-e', '-c', check], { cwd: repo, encoding: 'utf8', stdio: 'pipe' });
        return { status: 0, stderr: '' };
      } catch (error) {
        const { status, stderr } = error as { status: number; stderr: string };
        return { status, stderr };
      } finally {
        cleanup(repo);
      }
    };
    expect(runCheck({ 'synth:charts': 'node synth.js' })).toEqual({
      status: 2,
      stderr:
        'netpol review: package.json has no script review: see the top of .github/workflows/netpol-review.yml\n',
    });
    expect(runCheck({}).stderr).toContain('has no script review, synth:charts:');
    const own = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(runCheck(own.scripts)).toEqual({ status: 0, stderr: '' });
    // The step the check guards runs the script it checked.
    expect(steps.findIndex((step) => step.run === check)).toBeLessThan(
      steps.findIndex((step) => step.run?.includes('npm run --silent review --')),
    );
  });
});
