/** Errors of the drill report. */
import { formatDuration } from '../shared/duration';
import { ExitCode, RunbookError } from '../shared/errors';

/**
 * The drill failed: it missed its recovery-time objective, a VM never ran again or was not measured, a wait failed,
 * a precondition was not met, or a step of the drill failed.
 */
export class DrillFailedError extends RunbookError {
  readonly runId: string;
  readonly rtoMs: number | undefined;
  readonly reasons: readonly string[];
  constructor(runId: string, rtoMs: number | undefined, reasons: readonly string[]) {
    const objective = rtoMs === undefined ? '' : ` (RTO ${formatDuration(rtoMs)})`;
    super(`drill run ${runId} failed${objective}:\n${reasons.map((r) => `  - ${r}`).join('\n')}`, {
      code: 'DRILL_FAILED',
      exitCode: ExitCode.DRILL_FAILED,
      hint: `see the recovery table and timelines: runbook report ${runId} --html drill-report.html`,
    });
    this.runId = runId;
    this.rtoMs = rtoMs;
    this.reasons = reasons;
  }
}

/** `--rto` is not a duration. */
export class BadRtoOptionError extends RunbookError {
  readonly text: string;
  constructor(text: string) {
    super(`--rto ${JSON.stringify(text)} is not a duration`, {
      code: 'USAGE',
      exitCode: ExitCode.USAGE,
      hint: 'write it like 5m, 90s, 1m30s or a number of seconds',
    });
    this.text = text;
  }
}
