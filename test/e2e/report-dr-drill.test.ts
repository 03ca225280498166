/**
 * The drill report of the shipped drill: install-standalone.yaml then dr-drill.yaml on a fresh embedded lab
 * (started in-process by `runbook exec`), then `runbook report RUN --json --html`. Every figure must equal the
 * lab's own event timestamps, read from the world it saved: each VM's host entering maintenance (600) and its
 * migration done (63), the SPM election (204), the way home (62/67 to 63). The HTML of this real drill then opens
 * in headless Chromium with its timelines and recovery table rendered.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EventRecord, WorldState } from '../../src/lab/world/model';
import type { DrillReportDocument } from '../../src/report/json';
import { ExitCode } from '../../src/shared/errors';
import { describeChromium, launchChromium } from '../helpers/chromium';
import type { CliResult } from '../helpers/cli';
import { freshStretchLab } from '../helpers/stretch-e2e';
import type { StretchLab } from '../helpers/stretch-e2e';

jest.setTimeout(180_000);

let lab: StretchLab;
let drill: CliResult;
let report: DrillReportDocument;
let world: WorldState;
let htmlPath: string;

beforeAll(async () => {
  lab = freshStretchLab('lab.yaml');
  expect((await lab.exec('install-standalone.yaml')).code).toBe(ExitCode.OK);
  drill = await lab.exec('dr-drill.yaml', '--yes');
  const runId = lab.runIds().at(-1)!;
  htmlPath = join(lab.cwd, 'drill.html');
  const shown = await lab.cli('report', runId, '--json', '--html', htmlPath);
  expect(shown).toMatchObject({ code: ExitCode.OK, stderr: '' });
  report = JSON.parse(shown.stdout) as DrillReportDocument;
  world = await lab.world();
});
afterAll(() => lab?.cleanup());

const hostId = (name: string | undefined): string | undefined => world.hosts.find((h) => h.name === name)?.id;
const vmId = (name: string): string | undefined => world.vms.find((v) => v.name === name)?.id;
/** 204 names the SPM host by its address only. */
const addressOf = (name: string | undefined): string | undefined => world.hosts.find((h) => h.name === name)?.address;

/** The lab's last event matching, at or before `until` (engine clock). */
function lastEvent(match: (e: EventRecord) => boolean, until = Number.POSITIVE_INFINITY): EventRecord {
  const found = [...world.events].reverse().find((e) => e.time <= until && match(e));
  if (!found) throw new Error('the lab recorded no such event');
  return found;
}

describe('the report of dr-drill.yaml on the lab', () => {
  it('ends the drill run with its summary', () => {
    expect(drill).toMatchObject({ code: ExitCode.OK, stderr: '' });
    expect(drill.stdout).toContain('RTO 4m00s (from the inventory): PASS; 5 of 5 VMs ran again on the other site');
    expect(drill.stdout).toContain(`Full report: runbook report ${report.runId} --html drill-report.html`);
  });

  it('times every failover VM from its host entering maintenance to its migration done, as the lab recorded', () => {
    expect(report.recoveries.map((m) => m.name).sort()).toEqual(['app-1', 'app-2', 'db-1', 'db-2', 'web-1']);
    for (const move of report.recoveries) {
      const done = lastEvent((e) => e.code === 63 && e.vmId === vmId(move.name), move.upAt);
      // The VM started to leave at its host's first 600/620 or its first migration start (62/67), whichever the
      // engine logged first: the maintenance command starts migrations before it logs 600.
      const leaving = world.events.filter(
        (e) =>
          e.time <= move.upAt! &&
          (((e.code === 600 || e.code === 620) && e.hostId === hostId(move.fromHost)) ||
            ((e.code === 62 || e.code === 67) && e.vmId === vmId(move.name)))
      );
      const leftAt = Math.min(...leaving.map((e) => e.time));
      expect(move).toMatchObject({ leftAt, upAt: done.time, recoveryMs: done.time - leftAt });
      expect(move).toMatchObject({ how: 'migrated', isWithinRto: true, stepId: 'failover-vms' });
      // 63 links the source host; the destination is only in its text.
      expect(done.hostId).toBe(hostId(move.fromHost));
      expect(done.description).toContain(`Destination: ${move.toHost},`);
    }
    const times = report.recoveries.map((m) => m.recoveryMs ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('reports every SPM move once, at the lab election times: each failover election and the forced move home', () => {
    const elections = world.events.filter((e) => e.code === 204 && e.time >= report.startedAt - 3_600_000);
    const failover = report.spm.filter((h) => h.phase === 'failover');
    expect(failover.length).toBeGreaterThanOrEqual(1);
    for (const handover of failover) {
      const elected = lastEvent((e) => e.code === 204 && e.hostName === addressOf(handover.toHost), handover.electedAt);
      const left = lastEvent(
        (e) => [600, 620].includes(e.code) && e.hostId === hostId(handover.fromHost),
        elected.time
      );
      expect(handover).toMatchObject({ electedAt: elected.time, lostAt: left.time, by: 'events' });
    }
    expect(failover.at(-1)?.toHost).toMatch(/^kvm-b/);
    const home = report.spm.filter((h) => h.phase === 'failback');
    expect(home.map((h) => [h.stepId, h.isForced])).toEqual([['spm-home', true]]);
    const forced = lastEvent((e) => e.code === 159);
    const elected = lastEvent((e) => e.code === 204);
    expect(home[0]).toMatchObject({
      lostAt: forced.time,
      electedAt: elected.time,
      toHost: expect.stringMatching(/^kvm-a/),
    });
    expect(report.spm.length).toBeLessThanOrEqual(elections.length);
  });

  it('times the failback of every VM from its migration start to done, as the lab recorded', () => {
    expect(report.failback.length).toBeGreaterThanOrEqual(5);
    for (const move of report.failback) {
      const done = lastEvent((e) => e.code === 63 && e.vmId === vmId(move.name));
      const start = lastEvent((e) => (e.code === 62 || e.code === 67) && e.vmId === vmId(move.name), done.time);
      expect(move).toMatchObject({ leftAt: start.time, upAt: done.time, recoveryMs: done.time - start.time });
    }
  });

  it('names who ran it, the RTO source and the verified journal', () => {
    expect(report).toMatchObject({
      status: 'ok',
      isDryRun: false,
      runbook: { name: expect.stringMatching(/^DR drill/) },
    });
    expect(report.rto).toEqual({ ms: 240_000, source: 'inventory', verdict: 'pass', reasons: [] });
    expect(report.journal.isIntact).toBe(true);
    expect(report.sessions).toHaveLength(1);
    expect(report.steps.map((s) => s.stepId)).toEqual(expect.arrayContaining(['failover', 'failover-vms', 'failback']));
  });
});

describeChromium('the HTML report of dr-drill.yaml in headless Chromium', () => {
  it('renders the timelines and the recovery table with no console error and no network request', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(htmlPath).href;
      await page.goto(url, { waitUntil: 'load' });
      for (const id of ['failover-timeline', 'failback-timeline', 'step-timeline', 'recovery-table']) {
        const box = await page.locator(`#${id}`).boundingBox();
        expect(box?.width).toBeGreaterThan(500);
        expect(box?.height).toBeGreaterThan(50);
      }
      const spmLanes = report.spm.filter((h) => h.phase === 'failover').length;
      expect(await page.locator('#failover-timeline rect.bar').count()).toBe(spmLanes + 5); // the SPM moves, five VMs
      expect(await page.locator('#recovery-table tbody tr').count()).toBe(5);
      expect(await page.locator('#verdict').innerText()).toBe('PASS');
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      const png = await page.screenshot({ fullPage: true });
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      const keep = process.env['RUNBOOK_SCREENSHOT_DIR'];
      writeFileSync(join(keep ?? lab.cwd, 'dr-drill-report.png'), png);
    } finally {
      await browser.close();
    }
  });
});
