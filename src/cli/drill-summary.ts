/**
 * The end of `runbook exec` for a drill, whatever happened: after the run's own summary, the drill summary (each VM
 * recovered, not recovered or not measured, against the RTO, the site-level figures), where the cluster stands and
 * what to run next when the drill failed or stopped, and DRILL_FAILED as the exit code of a drill that failed
 * (unless the operator refused or interrupted it: those keep their own codes).
 */
import { dirname } from 'node:path';
import { summarizeDrill } from '../report/summary';
import { ExitCode, messageOf } from '../shared/errors';
import { describeNextSteps } from './drill-standing';
import type { CliIo } from './io';

export interface DrillEnd {
  io: CliIo;
  /** The run's journal (its directory is the run directory). */
  journalPath: string;
  /** The exit code the run earned so far. */
  code: ExitCode;
  isJson: boolean;
  isDryRun: boolean;
  /** Where the cluster stands, read from the engine when the run did not end well. */
  standing?: readonly string[];
  /** The runbook as the operator named it, and the step a failback would start at. */
  file?: string;
  failbackStep?: string;
}

/**
 * The codes a failed drill turns into DRILL_FAILED: a refusal or an interrupt keeps its own. An engine that stopped
 * answering mid-drill (CONNECTION) is a drill failure too: the drill says where it stopped and exits 7 as documented.
 */
const DRILL_FAILURE_CODES: ReadonlySet<ExitCode> = new Set([ExitCode.OK, ExitCode.STEP_FAILED, ExitCode.CONNECTION]);

export function finishDrill(end: DrillEnd): ExitCode {
  if (end.isDryRun) return end.code;
  let summary;
  try {
    summary = summarizeDrill(dirname(end.journalPath));
  } catch (error) {
    end.io.stderr.write(`warning: no drill summary: ${messageOf(error)}\n`);
    return end.code;
  }
  if (summary === undefined) return end.code;
  const isStopped = end.code !== ExitCode.OK || summary.isDrillFailed;
  if (!end.isJson) {
    end.io.stdout.write(`\n${summary.text}`);
    if (isStopped) writeStanding(end, summary.stopped?.isPrecondition === true);
  }
  return summary.isDrillFailed && DRILL_FAILURE_CODES.has(end.code) ? ExitCode.DRILL_FAILED : end.code;
}

function writeStanding(end: DrillEnd, isPrecondition: boolean): void {
  const lines = [...(isPrecondition ? [] : (end.standing ?? []))];
  if (end.file !== undefined && end.code !== ExitCode.REFUSED) {
    lines.push(
      ...describeNextSteps({
        file: end.file,
        isPrecondition,
        isInterrupted: end.code === ExitCode.INTERRUPTED,
        ...(end.failbackStep !== undefined ? { failbackStep: end.failbackStep } : {}),
      })
    );
  }
  if (lines.length > 0) end.io.stdout.write(`\n${lines.join('\n')}\n`);
}
