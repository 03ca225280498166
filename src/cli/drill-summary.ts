/**
 * The end of `runbook exec` for a drill: after the run's own summary, the drill summary (recovery times against the
 * RTO), and RTO_MISSED as the exit code when an otherwise successful drill missed its objective.
 */
import { dirname } from 'node:path';
import { summarizeDrill } from '../report/summary';
import { ExitCode, messageOf } from '../shared/errors';
import type { CliIo } from './io';

export interface DrillEnd {
  io: CliIo;
  /** The run's journal (its directory is the run directory). */
  journalPath: string;
  /** The exit code the run earned so far. */
  code: ExitCode;
  isJson: boolean;
  isDryRun: boolean;
}

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
  if (!end.isJson) end.io.stdout.write(`\n${summary.text}`);
  return summary.isRtoMissed && end.code === ExitCode.OK ? ExitCode.RTO_MISSED : end.code;
}
