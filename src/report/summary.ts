/**
 * The short plain-text summary a drill run ends with (`runbook exec` prints it after a run whose journal holds
 * olvm.wait results). Reads the run's journal like `runbook report` does.
 */
import { collectDrillReport, isDrillReport } from './collect';
import type { CollectOptions } from './collect';
import { isRtoMissed } from './rto';
import { renderDrillSummary } from './text';

export interface DrillSummary {
  text: string;
  /** The drill failed its RTO check (the run should exit RTO_MISSED). */
  isRtoMissed: boolean;
}

/** The summary of the drill in `runDir`, or undefined when the run measured nothing of a drill. */
export function summarizeDrill(runDir: string, options: CollectOptions = {}): DrillSummary | undefined {
  const report = collectDrillReport(runDir, options);
  if (!isDrillReport(report)) return undefined;
  const text = `${renderDrillSummary(report)}Full report: runbook report ${report.runId} --html drill-report.html\n`;
  return { text, isRtoMissed: isRtoMissed(report.rto) };
}

/** The summary's text only (see summarizeDrill). */
export function formatDrillSummary(runDir: string, options: CollectOptions = {}): string | undefined {
  return summarizeDrill(runDir, options)?.text;
}
