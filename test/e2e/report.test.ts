import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, testdir } from '../helpers/cli';
import type { TestDir } from '../helpers/cli';
import { DRILL_STEPS, drillEvents, RUN_ID, writeRun } from '../helpers/drill-journal';

let dir: TestDir;
beforeEach(async () => {
  dir = testdir({});
  await writeRun(join(dir.path, '.runbook'), drillEvents(DRILL_STEPS, { rtoMs: 60_000 }));
});
afterEach(() => dir.cleanup());

describe('runbook report (the CLI)', () => {
  it('prints the report, writes the HTML and exits 7 when the RTO was missed', async () => {
    const result = await runCli(['report', RUN_ID.slice(0, 10), '--html', 'out.html'], { cwd: dir.path });
    expect(result.code).toBe(7);
    expect(result.stdout).toContain('RTO 1m00s (from the runbook): FAIL');
    expect(result.stderr).toContain(`drill run ${RUN_ID} failed (RTO 1m00s)`);
    expect(readFileSync(dir.file('out.html'), 'utf8')).toContain('id="recovery-table"');
  });

  it('exits 0 when the drill met the RTO given on the command line', async () => {
    const result = await runCli(['report', RUN_ID, '--rto', '2m', '--json'], { cwd: dir.path });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ rto: { ms: 120_000, source: 'command line', verdict: 'pass' } });
  });

  it('exits 2 for a run that does not exist', async () => {
    const result = await runCli(['report', '2030-01-01'], { cwd: dir.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no run "2030-01-01"');
  });
});
