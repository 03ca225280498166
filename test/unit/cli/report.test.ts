import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { JournalTamperedError } from '../../../src/cli/audit';
import { registerReportCommand } from '../../../src/cli/commands/report';
import { showReport } from '../../../src/cli/report';
import { localRunSource } from '../../../src/runs/run-source';
import type { ShowReportOptions } from '../../../src/cli/report';
import { BadRtoOptionError, DrillFailedError } from '../../../src/report/errors';
import { REPORT_KIND } from '../../../src/report/json';
import { journalPathOf } from '../../../src/runs/paths';
import { RunNotFoundError } from '../../../src/runs/errors';
import { ExitCode } from '../../../src/shared/errors';
import { DRILL_STEPS, drillEvents, RUN_ID, writeRun } from '../../helpers/drill-journal';
import { makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

let dir: TempDir;
let out: string;
beforeEach(() => {
  dir = makeTempDir('runbook-cli-report-');
  out = '';
});
afterEach(() => dir.remove());

function report(options: Partial<ShowReportOptions> = {}): ReturnType<typeof showReport> {
  return showReport({
    source: localRunSource(dir.path),
    run: RUN_ID.slice(0, 16),
    isJson: false,
    cwd: dir.path,
    write: (t) => (out += t),
    ...options,
  });
}

async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('runbook report', () => {
  it('prints the text report of a drill that met its RTO', async () => {
    await writeRun(dir.path, drillEvents(DRILL_STEPS, { rtoMs: 120_000 }));
    expect((await report()).rto.verdict).toBe('pass');
    expect(out).toContain('RTO 2m00s (from the runbook): PASS');
    expect(out).toContain('Recovery per VM (failover, slowest first; engine clock, UTC)');
  });

  it('writes the HTML file and says where', async () => {
    await writeRun(dir.path, drillEvents(DRILL_STEPS, { rtoMs: 120_000 }));
    await report({ htmlPath: 'drill.html' });
    const path = join(dir.path, 'drill.html');
    expect(out.startsWith(`wrote ${path}\n`)).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('id="recovery-table"');
  });

  it('prints one JSON document with --json, with the exact engine figures', async () => {
    await writeRun(dir.path, drillEvents(DRILL_STEPS, { rtoMs: 120_000 }));
    await report({ isJson: true, htmlPath: 'drill.html' });
    const doc = JSON.parse(out) as { recoveries: Array<{ name: string; recoveryMs: number }> };
    expect(doc).toMatchObject({ kind: REPORT_KIND, formatVersion: 1, runId: RUN_ID });
    expect(doc.recoveries.map((m) => [m.name, m.recoveryMs])).toEqual([
      ['app-1', 94_000],
      ['db-1', 41_000],
      ['web-1', 18_500],
    ]);
  });

  it('exits DRILL_FAILED, after printing the report, when the drill missed its RTO', async () => {
    await writeRun(dir.path, drillEvents(DRILL_STEPS, { rtoMs: 60_000 }));
    const error = await thrown(() => report({ htmlPath: 'drill.html' }));
    expect(error).toBeInstanceOf(DrillFailedError);
    expect(error).toMatchObject({
      exitCode: ExitCode.DRILL_FAILED,
      reasons: ['app-1 took 1m34s, over the RTO of 1m00s'],
    });
    expect((error as Error).message).toBe(
      `drill run ${RUN_ID} failed (RTO 1m00s):\n  - app-1 took 1m34s, over the RTO of 1m00s`
    );
    expect(out).toContain('FAIL');
    expect(existsSync(join(dir.path, 'drill.html'))).toBe(true);
  });

  it('judges against --rto when given', async () => {
    await writeRun(dir.path, drillEvents(DRILL_STEPS, { rtoMs: 60_000 }));
    expect((await report({ rto: '95s' })).rto).toMatchObject({ ms: 95_000, source: 'command line', verdict: 'pass' });
  });

  it('refuses an --rto that is not a duration', async () => {
    await writeRun(dir.path, drillEvents());
    const error = await thrown(() => report({ rto: 'soon' }));
    expect(error).toBeInstanceOf(BadRtoOptionError);
    expect(error).toMatchObject({ exitCode: ExitCode.USAGE, message: '--rto "soon" is not a duration' });
  });

  it('exits TAMPERED when the journal fails verification, still writing what it could read', async () => {
    const runDir = await writeRun(dir.path, drillEvents(DRILL_STEPS, { rtoMs: 120_000 }));
    const path = journalPathOf(runDir);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"kvm-b2"', '"kvm-b3"'));
    const error = await thrown(() => report({ htmlPath: 'drill.html' }));
    expect(error).toBeInstanceOf(JournalTamperedError);
    expect(error).toMatchObject({ exitCode: ExitCode.TAMPERED });
    expect(out).toContain('Journal: FAILED VERIFICATION: line ');
    expect(readFileSync(join(dir.path, 'drill.html'), 'utf8')).toContain('The journal FAILED verification');
  });

  it('names a run that does not exist', async () => {
    await expect(report({ run: '2031-01-01' })).rejects.toThrow(RunNotFoundError);
  });

  it('registers `report RUN` with --html, --json, --rto and -i', () => {
    const program = new Command('runbook');
    registerReportCommand(program);
    const command = program.commands.find((c) => c.name() === 'report');
    expect(command?.options.map((o) => o.long)).toEqual(['--html', '--json', '--rto', '--inventory']);
  });
});
