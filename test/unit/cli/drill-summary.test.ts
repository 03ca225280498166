import { writeFileSync } from 'node:fs';
import { finishDrill } from '../../../src/cli/drill-summary';
import type { CliIo } from '../../../src/cli/io';
import { journalPathOf } from '../../../src/runs/paths';
import { ExitCode } from '../../../src/shared/errors';
import { DRILL_STEPS, drillEvents, writeRun } from '../../helpers/drill-journal';
import { makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

let dir: TempDir;
let stdout: string;
let stderr: string;
const io: CliIo = {
  stdout: { write: (t) => void (stdout += t), isTTY: false },
  stderr: { write: (t) => void (stderr += t), isTTY: false },
  isInteractive: false,
  env: {},
  cwd: '/',
};
beforeEach(() => {
  dir = makeTempDir('runbook-drill-end-');
  stdout = '';
  stderr = '';
});
afterEach(() => dir.remove());

async function journalOf(rtoMs: number | undefined, steps = DRILL_STEPS): Promise<string> {
  return journalPathOf(await writeRun(dir.path, drillEvents(steps, rtoMs === undefined ? {} : { rtoMs })));
}

describe('the end of a drill run', () => {
  it.each([
    [60_000, ExitCode.OK, ExitCode.DRILL_FAILED, 'FAIL'],
    [120_000, ExitCode.OK, ExitCode.OK, 'PASS'],
    [60_000, ExitCode.STEP_FAILED, ExitCode.DRILL_FAILED, 'FAIL'],
    [60_000, ExitCode.CONNECTION, ExitCode.DRILL_FAILED, 'FAIL'],
    [60_000, ExitCode.INTERRUPTED, ExitCode.INTERRUPTED, 'FAIL'],
    [60_000, ExitCode.REFUSED, ExitCode.REFUSED, 'FAIL'],
  ])('with an RTO of %p ms turns exit code %p into %p and prints the %s summary', async (rto, code, want, verdict) => {
    const journalPath = await journalOf(rto);
    expect(finishDrill({ io, journalPath, code, isJson: false, isDryRun: false })).toBe(want);
    expect(stdout).toContain(`(from the runbook): ${verdict}`);
    expect(stdout).toContain('Full report: runbook report ');
  });

  it('prints nothing after a run without olvm.wait steps', async () => {
    const journalPath = await journalOf(
      60_000,
      DRILL_STEPS.filter((s) => s.module !== 'olvm.wait')
    );
    expect(finishDrill({ io, journalPath, code: ExitCode.OK, isJson: false, isDryRun: false })).toBe(ExitCode.OK);
    expect(stdout).toBe('');
  });

  it('keeps --json output clean but still exits DRILL_FAILED', async () => {
    const journalPath = await journalOf(60_000);
    expect(finishDrill({ io, journalPath, code: ExitCode.OK, isJson: true, isDryRun: false })).toBe(
      ExitCode.DRILL_FAILED
    );
    expect(stdout).toBe('');
  });

  it('does nothing after a dry run', async () => {
    const journalPath = await journalOf(60_000);
    expect(finishDrill({ io, journalPath, code: ExitCode.OK, isJson: false, isDryRun: true })).toBe(ExitCode.OK);
    expect(stdout).toBe('');
  });

  it('warns, and keeps the exit code, when the journal cannot be read', async () => {
    const journalPath = await journalOf(60_000);
    writeFileSync(journalPath, 'garbage\n');
    expect(finishDrill({ io, journalPath, code: ExitCode.OK, isJson: false, isDryRun: false })).toBe(ExitCode.OK);
    expect(stderr).toMatch(
      /^warning: no drill summary: cannot report on .*journal\.jsonl: it failed verification: line 1 is not valid JSON/
    );
  });
});
