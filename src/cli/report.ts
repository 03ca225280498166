/**
 * `runbook report RUN [--html FILE] [--json] [--rto DURATION]`: the DR drill report of a run. Prints the text report
 * (or the JSON document with --json), writes the self-contained HTML file with --html; exits TAMPERED when the
 * journal fails verification and DRILL_FAILED when the drill failed (docs/drills.md, the verdict).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { collectDrillReport } from '../report/collect';
import { BadRtoOptionError, DrillFailedError } from '../report/errors';
import { renderHtmlReport } from '../report/html';
import { renderJsonReport } from '../report/json';
import { isDrillFailed } from '../report/rto';
import { renderTextReport } from '../report/text';
import type { DrillReport } from '../report/types';
import { withRun } from '../runs/run-source';
import type { OpenedRun, RunSource } from '../runs/run-source';
import { parseDuration } from '../shared/duration';
import { JournalTamperedError } from './audit';

export interface ShowReportOptions {
  /** The state directory, or the backend (`-i` an inventory whose state is in PostgreSQL). */
  source: RunSource;
  /** A run id or a unique prefix. */
  run: string;
  /** Write the HTML report to this file (relative to cwd). */
  htmlPath?: string;
  isJson: boolean;
  /** `--rto`, as written. */
  rto?: string;
  cwd?: string;
  write(text: string): void;
}

/** Render the report; throws JournalTamperedError or DrillFailedError (after writing everything) to set the exit code. */
export async function showReport(options: ShowReportOptions): Promise<DrillReport> {
  const rtoMs = options.rto === undefined ? undefined : parseRtoOption(options.rto);
  return withRun(options.source, options.run, (run) => reportRun(options, run, rtoMs));
}

function reportRun(options: ShowReportOptions, run: OpenedRun, rtoMs: number | undefined): DrillReport {
  const { runId } = run;
  const report = collectDrillReport(run.dir, rtoMs === undefined ? {} : { rtoMs });
  if (options.htmlPath !== undefined) {
    const path = resolve(options.cwd ?? process.cwd(), options.htmlPath);
    writeFileSync(path, renderHtmlReport(report));
    if (!options.isJson) options.write(`wrote ${path}\n\n`);
  }
  options.write(options.isJson ? renderJsonReport(report) : renderTextReport(report));
  if (!report.journal.isIntact) {
    const { reason, firstBadLine } = report.journal;
    throw new JournalTamperedError(runId, run.label, reason, firstBadLine);
  }
  if (isDrillFailed(report.rto)) throw new DrillFailedError(runId, report.rto.ms, report.rto.reasons);
  return report;
}

function parseRtoOption(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new BadRtoOptionError(text);
  return ms;
}
