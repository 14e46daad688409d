import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { SHOP, cleanup, netpol } from './run-cli';

/**
 * The report in a real browser: Debian's chromium, driven by playwright-core (which downloads no browser).
 * `.ci/run` installs chromium; without it this test fails and says how to install it, it is never skipped.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('netpol report', () => {
  let dir: string;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `the report's browser test needs Chromium at ${CHROMIUM}: apt-get install -y chromium (Debian), or set CHROMIUM_PATH`,
      );
    }
    dir = mkdtempSync(join(tmpdir(), 'netpol-report-'));
    // Root (CI, containers) cannot use Chromium's user-namespace sandbox; the page is our own, opened offline.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) cleanup(dir);
  });

  it('writes one offline page whose graph and tables render and whose filter narrows the connections', async () => {
    const file = join(dir, 'report.html');
    const probes = ['--probe', 'TCP/8080', '--probe', 'UDP/53', '--external', 'internet=203.0.113.10'];
    const result = await netpol('report', SHOP, ...probes, '--ignore', 'allow-all-egress', '-o', file);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    // Self-contained: nothing is fetched (no src/href to another resource).
    expect(readFileSync(file, 'utf8')).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);

    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href);
    expect(requests).toEqual([pathToFileURL(file).href]);

    const graph = page.locator('#graph svg');
    await expect(graph.isVisible()).resolves.toBe(true);
    expect((await graph.boundingBox())?.width).toBeGreaterThan(200);
    expect(await page.locator('#graph svg g.cluster').count()).toBe(4);
    expect(await page.locator('#graph svg g.node').count()).toBe(6);

    const rows = page.locator('#connections tbody tr');
    expect(await rows.count()).toBe(13);
    expect(await page.locator('#shown').textContent()).toBe('13 of 13 shown');
    expect(await page.locator('#coverage ul[data-direction="ingress"] li').allTextContents()).toEqual([
      'kube-system/coredns',
      'monitoring/scraper',
    ]);
    expect(await page.locator('#no-findings').textContent()).toBe('No open findings.');
    expect(await page.locator('#ignored').textContent()).toBe(
      'Ignored rules, their findings left out: allow-all-egress (0)',
    );

    await page.locator('#filter').fill('shop tcp');
    const visible = page.locator('#connections tbody tr:visible');
    expect(await visible.count()).toBe(2);
    expect(await visible.allTextContents()).toEqual([
      'monitoring/scrapershop/apiTCP 8080',
      'shop/frontendshop/apiTCP 8080',
    ]);
    expect(await page.locator('#shown').textContent()).toBe('2 of 13 shown');

    await page.locator('#filter').fill('');
    expect(await visible.count()).toBe(13);
    await page.screenshot({ path: join(tmpdir(), 'netpol-report.png'), fullPage: true });
    await page.close();
  });
});
