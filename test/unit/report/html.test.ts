import { collectDrillReport } from '../../../src/report/collect';
import { renderHtmlReport } from '../../../src/report/html';
import { DRILL_STEPS, drillEvents, FAILOVER_RESULT, writeRun } from '../../helpers/drill-journal';
import { makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir('runbook-report-html-');
});
afterEach(() => dir.remove());

const HOSTILE = `<img src=x onerror="alert('vm')">`;

async function renderHostileDrill(): Promise<string> {
  const vms = [{ ...FAILOVER_RESULT.vms![0]!, name: HOSTILE, to_host: '"><script>alert(2)</script>' }];
  const steps = DRILL_STEPS.map((s) =>
    s.id === 'wait-failover' ? { ...s, id: 'wait</title><script>x()</script>', result: { ...FAILOVER_RESULT, vms } } : s
  );
  const events = drillEvents(steps, { rtoMs: 60_000, user: '<b>mallory</b>' });
  return renderHtmlReport(collectDrillReport(await writeRun(dir.path, events)), { generatedAt: 0 });
}

describe('the HTML report', () => {
  it('escapes every string that comes from the journal', async () => {
    const page = await renderHostileDrill();
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>mallory');
    expect(page).toContain('&lt;img src=x onerror=&quot;alert(&#39;vm&#39;)&quot;&gt;');
    expect(page).toContain('&lt;b&gt;mallory&lt;/b&gt;');
  });

  it('is self-contained: no script, no external resource, a policy that forbids fetching', async () => {
    const original = await renderHostileDrill();
    const page = original.replace(/="[^"]*"/g, '=""');
    expect(page).not.toMatch(/<(script|link|img|iframe|object)\b/i);
    expect(page).not.toMatch(/<[^>]*\s(src|href)\s*=/i);
    expect(page).not.toMatch(/url\(/i);
    expect(original).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('has the verdict, the per-VM and step timelines and the recovery table slowest first', async () => {
    const report = collectDrillReport(await writeRun(dir.path, drillEvents(DRILL_STEPS, { rtoMs: 60_000 })));
    const page = renderHtmlReport(report, { generatedAt: 0 });
    expect(page).toContain('id="verdict">FAIL</span>');
    for (const id of ['failover-timeline', 'failback-timeline', 'step-timeline', 'recovery-table', 'spm-table']) {
      expect(page).toContain(`id="${id}"`);
    }
    const order = [...page.matchAll(/<tr(?: class="[^"]*")? data-vm="([^"]+)" data-recovery-ms="(\d+)"/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    expect(order.slice(0, 3)).toEqual([
      ['app-1', 94_000],
      ['db-1', 41_000],
      ['web-1', 18_500],
    ]);
    expect(page).toContain('@media print');
  });

  it('warns in red when the journal failed verification', async () => {
    const report = collectDrillReport(await writeRun(dir.path, drillEvents()));
    const page = renderHtmlReport({ ...report, journal: { ...report.journal, isIntact: false, reason: 'line 4 x' } });
    expect(page).toContain('<strong>The journal FAILED verification</strong>: line 4 x.');
  });
});
