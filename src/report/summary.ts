/**
 * The short plain-text summary a drill run ends with, whatever happened (`runbook exec` prints it after every run of
 * a drill runbook). Reads the run's journal like `runbook report` does.
 */
import { collectDrillReport, isDrillReport } from './collect';
import type { CollectOptions } from './collect';
import { isDrillFailed } from './rto';
import { renderDrillSummary } from './text';
import type { DrillStop } from './types';

export interface DrillSummary {
  text: string;
  /** The drill failed (the run should exit DRILL_FAILED). */
  isDrillFailed: boolean;
  /** Where a failed run stopped. */
  stopped?: DrillStop;
}

/** The summary of the drill in `runDir`, or undefined when the run is no drill. */
export function summarizeDrill(runDir: string, options: CollectOptions = {}): DrillSummary | undefined {
  const report = collectDrillReport(runDir, options);
  if (!isDrillReport(report)) return undefined;
  const text = `${renderDrillSummary(report)}Full report: runbook report ${report.runId} --html drill-report.html\n`;
  return {
    text,
    isDrillFailed: isDrillFailed(report.rto),
    ...(report.stopped !== undefined ? { stopped: report.stopped } : {}),
  };
}

/** The summary's text only (see summarizeDrill). */
export function formatDrillSummary(runDir: string, options: CollectOptions = {}): string | undefined {
  return summarizeDrill(runDir, options)?.text;
}
