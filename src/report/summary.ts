/**
 * The short plain-text summary a drill run ends with (`runbook exec` prints it after a run whose journal holds
 * olvm.wait results). Reads the run's journal like `runbook report` does.
 */
import { collectDrillReport, isDrillReport } from './collect';
import type { CollectOptions } from './collect';
import { renderDrillSummary } from './text';

/** The summary of the drill in `runDir`, or undefined when the run measured nothing of a drill. */
export function formatDrillSummary(runDir: string, options: CollectOptions = {}): string | undefined {
  const report = collectDrillReport(runDir, options);
  if (!isDrillReport(report)) return undefined;
  return `${renderDrillSummary(report)}Full report: runbook report ${report.runId} --html drill-report.html\n`;
}
