import { collectDrillReport } from '../../../src/report/collect';
import { formatDrillSummary } from '../../../src/report/summary';
import { renderDrillSummary, renderTextReport } from '../../../src/report/text';
import { DRILL_STEPS, drillEvents, writeRun } from '../../helpers/drill-journal';
import { makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir('runbook-report-text-');
});
afterEach(() => dir.remove());

describe('the drill summary', () => {
  it('shows the verdict, why, the slowest VMs, SPM, failback and the journal status', async () => {
    const report = collectDrillReport(await writeRun(dir.path, drillEvents(DRILL_STEPS, { rtoMs: 60_000 })));
    expect(renderDrillSummary(report)).toMatchInlineSnapshot(`
"Drill run 2025-11-25T03-00-00.000Z-d1a1 (dr-drill): ok, took 2m44s, by ops@box, started 2025-11-25 03:00:00 UTC
RTO 1m00s (from the runbook): FAIL; 3 of 3 VMs ran again on the other site
  - app-1 took 1m34s, over the RTO of 1m00s
Slowest: app-1 1m34s, db-1 41.0s, web-1 18.5s
Primary site emptied in 1m35s: the first VM left 03:06:41.000, last VM up 03:08:15.500 (app-1)
SPM moves: kvm-a1 -> kvm-b1 in 29.0s (failover); kvm-b1 -> kvm-a1 in 8.0s (failback)
Failback: 2 of 2 VMs home in 30.0s (site back 03:10:00.000 to last VM home), slowest move db-1 30.0s
Journal: 30 lines intact, hash chain unbroken
"
`);
  });

  it('says the figures are not judged when there is no RTO', async () => {
    const report = collectDrillReport(await writeRun(dir.path, drillEvents()));
    expect(renderDrillSummary(report).split('\n')[1]).toBe(
      'no RTO set: not judged; 3 of 3 VMs ran again on the other site'
    );
  });

  it('is what formatDrillSummary prints for a drill run, with the way to the full report', async () => {
    const runDir = await writeRun(dir.path, drillEvents(DRILL_STEPS, { rtoMs: 120_000 }));
    const summary = formatDrillSummary(runDir);
    expect(summary).toContain('RTO 2m00s (from the runbook): PASS');
    expect(
      summary?.endsWith('Full report: runbook report 2025-11-25T03-00-00.000Z-d1a1 --html drill-report.html\n')
    ).toBe(true);
  });

  it('is not printed for a run without olvm.wait steps', async () => {
    const runDir = await writeRun(dir.path, drillEvents(DRILL_STEPS.filter((s) => s.module !== 'olvm.wait')));
    expect(formatDrillSummary(runDir)).toBeUndefined();
  });
});

describe('the text report', () => {
  it('lists the VMs slowest first with their engine times, then failback, waits and steps', async () => {
    const report = collectDrillReport(await writeRun(dir.path, drillEvents(DRILL_STEPS, { rtoMs: 60_000 })));
    const text = renderTextReport(report);
    const recovery = text.slice(text.indexOf('Recovery per VM'), text.indexOf('Failback per VM'));
    expect(recovery).toMatchInlineSnapshot(`
"Recovery per VM (failover, slowest first; engine clock, UTC)
  VM     how        from -> to        left          up            time   RTO       measured by
  app-1  restarted  kvm-a1 -> kvm-b1  03:06:41.500  03:08:15.500  1m34s  over RTO  events
  db-1   migrated   kvm-a1 -> kvm-b2  03:06:41.000  03:07:22.000  41.0s  ok        events
  web-1  migrated   kvm-a2 -> kvm-b1  03:06:42.000  03:07:00.500  18.5s  ok        events

"
`);
    expect(text).toContain('  db-1   migrated  kvm-b2 -> kvm-a1  03:10:00.000  03:10:30.000  30.0s  events\n');
    expect(text).toContain('  wait-failover  failover  vms_on_site secondary  03:06:40.500  1m36s    ok\n');
    expect(text).toContain('  03:00:01.000  +1.0s   4.0s   changed  maintenance-primary (olvm.host)\n');
  });
});
