/**
 * The HTML drill report in a real headless Chromium: it loads from a file:// URL with no network request and no
 * console error, its timelines and recovery table are rendered (present, visible, non-empty), it prints to PDF,
 * and hostile names from the journal stay text. A screenshot is written (kept in $RUNBOOK_SCREENSHOT_DIR if set).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { collectDrillReport } from '../../../src/report/collect';
import { renderHtmlReport } from '../../../src/report/html';
import type { DrillReport } from '../../../src/report/types';
import { describeChromium, launchChromium } from '../../helpers/chromium';
import type { Browser } from '../../helpers/chromium';
import { DRILL_STEPS, drillEvents, FAILED_DRILL_STEPS, FAILOVER_RESULT, writeRun } from '../../helpers/drill-journal';
import { makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

interface Loaded {
  page: Page;
  consoleErrors: string[];
  requests: string[];
  dialogs: string[];
  url: string;
}

describeChromium('the HTML drill report in headless Chromium', () => {
  let dir: TempDir;
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(() => {
    dir = makeTempDir('runbook-report-chromium-');
  });
  afterEach(() => dir.remove());

  async function load(report: DrillReport): Promise<Loaded> {
    const file = join(dir.path, 'report.html');
    writeFileSync(file, renderHtmlReport(report));
    const url = pathToFileURL(file).href;
    const page = await browser.context.newPage();
    const loaded: Loaded = { page, consoleErrors: [], requests: [], dialogs: [], url };
    page.on('console', (m) => m.type() === 'error' && loaded.consoleErrors.push(m.text()));
    page.on('pageerror', (e) => loaded.consoleErrors.push(e.message));
    page.on('request', (r) => loaded.requests.push(r.url()));
    page.on('dialog', (d) => {
      loaded.dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });
    return loaded;
  }

  async function drill(rtoMs: number, steps = DRILL_STEPS): Promise<DrillReport> {
    return collectDrillReport(await writeRun(dir.path, drillEvents(steps, { rtoMs })));
  }

  /** Widths of the bars of a timeline, as laid out by the browser (a string: the tests compile without DOM types). */
  async function barWidths(page: Page, id: string): Promise<number[]> {
    const selector = JSON.stringify(`#${id} rect.bar`);
    return page.evaluate<number[]>(
      `[...document.querySelectorAll(${selector})].map((r) => r.getBoundingClientRect().width)`
    );
  }

  /** The text of every cell of every body row of a table. */
  async function tableCells(page: Page, id: string): Promise<string[][]> {
    const selector = JSON.stringify(`#${id} tbody tr`);
    return page.evaluate<string[][]>(
      `[...document.querySelectorAll(${selector})].map((tr) => [...tr.children].map((td) => td.textContent))`
    );
  }

  it('renders the timelines and the recovery table with no console error and no network request', async () => {
    const { page, consoleErrors, requests, url } = await load(await drill(60_000));
    for (const id of ['failover-timeline', 'failback-timeline', 'step-timeline']) {
      const box = await page.locator(`#${id}`).boundingBox();
      expect(box?.width).toBeGreaterThan(500);
      expect(box?.height).toBeGreaterThan(50);
    }
    const failover = await barWidths(page, 'failover-timeline');
    expect(failover).toHaveLength(4); // the SPM lane and three VMs
    expect(failover.every((w) => w > 1)).toBe(true);
    expect(await barWidths(page, 'step-timeline')).toHaveLength(DRILL_STEPS.length);

    const cells = await tableCells(page, 'recovery-table');
    expect(cells).toHaveLength(3);
    expect(cells.map((c) => [c[1], c[2], c[8], c[9]])).toEqual([
      ['app-1', 'recovered', '1m34s', 'over RTO'],
      ['db-1', 'recovered', '41.0s', 'ok'],
      ['web-1', 'recovered', '18.5s', 'ok'],
    ]);
    expect(cells.flat().every((text) => text.trim() !== '')).toBe(true);
    expect(await page.locator('#verdict').innerText()).toBe('FAIL');

    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([url]);

    const png = await page.screenshot({ fullPage: true });
    const shot = join(dir.path, 'report.png');
    writeFileSync(shot, png);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1100); // IHDR width: the viewport
    const keep = process.env['RUNBOOK_SCREENSHOT_DIR'];
    if (keep) {
      mkdirSync(keep, { recursive: true });
      copyFileSync(shot, join(keep, 'drill-report.png'));
    }
    await page.close();
  });

  it('shows a failed drill plainly: FAIL, the VM not recovered and why, visible on screen (screenshot)', async () => {
    const { page, consoleErrors } = await load(await drill(300_000, FAILED_DRILL_STEPS));
    await expect(page.locator('#verdict').innerText()).resolves.toBe('FAIL');
    expect(await page.locator('#verdict').isVisible()).toBe(true);
    const row = page.locator('#recovery-table tbody tr[data-vm="app-1"]');
    expect(await row.isVisible()).toBe(true);
    expect(await row.innerText()).toContain('NOT RECOVERED');
    expect(await row.innerText()).toContain('Failed to restart VM app-1 on Host kvm-b1');
    const reasons = page.locator('.banner-bad', { hasText: 'Why the drill failed' });
    expect(await reasons.isVisible()).toBe(true);
    expect(await reasons.innerText()).toContain('app-1 never ran again on the other site');
    expect(await page.locator('#stopped').innerText()).toContain('step "wait-failover"');
    const box = await row.boundingBox();
    expect(box?.height).toBeGreaterThan(10);
    expect(consoleErrors).toEqual([]);
    const png = await page.screenshot({ fullPage: true });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const keep = process.env['RUNBOOK_SCREENSHOT_DIR'];
    if (keep) {
      mkdirSync(keep, { recursive: true });
      writeFileSync(join(keep, 'failed-drill-report.png'), png);
    }
    await page.close();
  });

  it('stays readable when printed: the timelines keep their size and it prints to PDF', async () => {
    const { page } = await load(await drill(120_000));
    await page.emulateMedia({ media: 'print' });
    const box = await page.locator('#failover-timeline').boundingBox();
    expect(box?.width).toBeGreaterThan(500);
    expect(await page.locator('#verdict').innerText()).toBe('PASS');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });

  it('shows hostile names from the journal as text, running nothing', async () => {
    const name = `<img src=x onerror="alert('xss')">`;
    const vms = [{ ...FAILOVER_RESULT.vms![0]!, name }];
    const steps = DRILL_STEPS.map((s) =>
      s.id === 'wait-failover' ? { ...s, result: { ...FAILOVER_RESULT, vms } } : s
    );
    const { page, dialogs, consoleErrors, requests, url } = await load(await drill(60_000, steps));
    expect(await page.locator('#recovery-table tbody tr td').nth(1).innerText()).toBe(name);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([url]);
    expect(readFileSync(join(dir.path, 'report.html'), 'utf8')).not.toContain('<img');
    await page.close();
  });
});
