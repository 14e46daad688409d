import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterModel } from '../../lib/analysis';
import { SHOP, cleanup, netpol, scratchShop } from './run-cli';

/**
 * Every bad input exits 2 with exactly one line on stderr that names what is wrong (and, for
 * manifests, the file and the document index) and writes nothing on stdout.
 */
async function expectBadInput(argv: string[], message: string): Promise<void> {
  const result = await netpol(...argv);
  expect(result).toEqual({ code: 2, stdout: '', stderr: `netpol: error: ${message}\n` });
}

/** Breaks one file of a fresh copy of the shop fixture and expects `message` about it. */
async function expectBrokenFile(
  command: string,
  file: string,
  change: (text: string) => string,
  message: (path: string) => string,
): Promise<void> {
  const shop = scratchShop();
  try {
    shop.edit(file, change);
    await expectBadInput(
      [command, shop.dir, ...(command === 'reach' ? ['--probe', 'TCP/80'] : [])],
      message(join(shop.dir, file)),
    );
  } finally {
    cleanup(shop.dir);
  }
}

describe('bad input exits 2 with one line', () => {
  it('unparseable YAML', async () => {
    await expectBrokenFile(
      'reach',
      'workloads.yaml',
      (text) => text.replace('name: db\n', 'name: [db\n'),
      (path) => `${path}, document index 2: invalid YAML: deficient indentation (line 41, column 3)`,
    );
  });

  it('an object without kind', async () => {
    await expectBrokenFile(
      'coverage',
      'workloads.yaml',
      (text) => text.replace('kind: DaemonSet\n', ''),
      (path) => `${path}, document index 3: not a Kubernetes object: it has no kind`,
    );
  });

  it('an invalid policy', async () => {
    await expectBrokenFile(
      'lint',
      'policies.yaml',
      (text) => text.replace('- { port: 5432 }', '- { port: 5432, endPort: 5000 }'),
      (path) =>
        `${path}, document index 3: invalid NetworkPolicy shop/api: spec.egress[0].ports[0].endPort = 5000: endPort is below port 5432`,
    );
  });

  it.each([
    [
      'a document that is a scalar',
      'notes.yaml',
      'just a note\n',
      'document index 0: not a Kubernetes object: the document is a string, not a mapping with a kind',
    ],
    [
      'a kind: List item without kind, after an empty document',
      'list.yaml',
      '---\n---\napiVersion: v1\nkind: List\nitems:\n  - metadata: {name: x}\n',
      'document index 1, item 0: not a Kubernetes object: it has no kind',
    ],
    [
      'a label value YAML reads as a number',
      'pod.yaml',
      'kind: Pod\nmetadata: {name: p, namespace: shop, labels: {version: 1.10}}\n',
      'document index 0: Pod shop/p: metadata.labels.version = 1.1: label value must be a string (quote it in YAML)',
    ],
  ])('%s', async (_name, file, text, message) => {
    const shop = scratchShop();
    try {
      writeFileSync(join(shop.dir, file), text);
      await expectBadInput(['coverage', shop.dir], `${join(shop.dir, file)}, ${message}`);
    } finally {
      cleanup(shop.dir);
    }
  });

  it('a YAML file it cannot read (a link to nothing)', async () => {
    const shop = scratchShop();
    try {
      symlinkSync(join(shop.dir, 'gone.yaml'), join(shop.dir, 'moved.yaml'));
      await expectBadInput(
        ['lint', shop.dir],
        `${join(shop.dir, 'moved.yaml')}: cannot read the file (a symbolic link to nothing)`,
      );
    } finally {
      cleanup(shop.dir);
    }
  });

  it('a folder without YAML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-empty-'));
    try {
      writeFileSync(join(dir, 'README.md'), '# no manifests here\n');
      await expectBadInput(['reach', dir, '--probe', 'TCP/80'], `${dir}: no .yaml, .yml or .json file found`);
    } finally {
      cleanup(dir);
    }
  });

  it.each([
    [
      ['reach', SHOP, '--probe', 'TCP/99999'],
      `option '--probe <PROTO/PORT>' argument 'TCP/99999' is invalid. Expected PROTOCOL/PORT such as TCP/80 (TCP, UDP, SCTP; port 1-65535).`,
    ],
    [
      ['reach', SHOP, '--probe', 'ICMP/1'],
      `option '--probe <PROTO/PORT>' argument 'ICMP/1' is invalid. Expected PROTOCOL/PORT such as TCP/80 (TCP, UDP, SCTP; port 1-65535).`,
    ],
    [
      ['reach', SHOP, '--exposure', '--format', 'dot'],
      '--exposure prints text or JSON, not --format dot: drop --format',
    ],
    [
      ['reach', SHOP, '--exposure', '--pod-cidr', '10.0.0.0'],
      'pod CIDR "10.0.0.0" is not a CIDR block such as 10.0.0.0/16',
    ],
    [
      ['reach', SHOP, '--probe', 'TCP/80', '--external', 'internet'],
      `option '--external <NAME=IP>' argument 'internet' is invalid. Expected NAME=IP such as internet=203.0.113.10.`,
    ],
    [
      ['reach', SHOP, '--probe', 'TCP/80', '--external', 'internet=999.1.1.1'],
      'external endpoint internet: "999.1.1.1" is not an IP address',
    ],
    [
      ['reach', SHOP, '--probe', 'TCP/80', '--json', '--format', 'dot'],
      `option '--format <format>' cannot be used with option '--json'`,
    ],
    [
      ['reach', SHOP, '--probe', 'TCP/80', '--format', 'png'],
      `option '--format <format>' argument 'png' is invalid. Allowed choices are text, dot, md, svg.`,
    ],
    [
      ['reach', join(SHOP, 'missing'), '--probe', 'TCP/80'],
      `${join(SHOP, 'missing')}: no such file or directory`,
    ],
    [
      ['explain', SHOP, '--from', 'shop/web', '--to', 'shop/api', '--probe', 'TCP/80'],
      'unknown endpoint "shop/web": use namespace/name of a workload or an --external name',
    ],
    [['diff', '--after', SHOP, '--probe', 'TCP/80'], `required option '--before <input>' not specified`],
    [['scan', SHOP], `unknown command 'scan'`],
    [['lint', SHOP, '--strict'], `unknown option '--strict'`],
    [['lint'], `missing required argument 'input'`],
  ])('%j', async (argv, message) => {
    await expectBadInput(argv, message);
  });

  it('an internal error exits 3 with one line and nothing on stdout', async () => {
    const reach = jest.spyOn(ClusterModel.prototype, 'reach').mockImplementation(() => {
      throw new Error('index out of range\n    at computeReach');
    });
    try {
      expect(await netpol('reach', SHOP, '--probe', 'TCP/80', '--probe', 'TCP/443')).toEqual({
        code: 3,
        stdout: '',
        stderr: 'netpol: internal error: index out of range at computeReach\n',
      });
    } finally {
      reach.mockRestore();
    }
  });

  it('no command prints the usage on stderr', async () => {
    const result = await netpol();
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: netpol [options] [command]');
  });
});
