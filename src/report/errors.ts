/** Errors of the drill report. */
import { formatDuration } from '../shared/duration';
import { ExitCode, RunbookError } from '../shared/errors';

/** The drill missed its recovery-time objective (or a VM never ran again, or a failover wait failed). */
export class RtoMissedError extends RunbookError {
  readonly runId: string;
  readonly rtoMs: number | undefined;
  readonly reasons: readonly string[];
  constructor(runId: string, rtoMs: number | undefined, reasons: readonly string[]) {
    const objective = rtoMs === undefined ? 'its failover' : `its RTO of ${formatDuration(rtoMs)}`;
    super(`drill run ${runId} failed ${objective}:\n${reasons.map((r) => `  - ${r}`).join('\n')}`, {
      code: 'RTO_MISSED',
      exitCode: ExitCode.RTO_MISSED,
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
