/**
 * `runbook report RUN [--html FILE] [--json] [--rto DURATION]`: the DR drill report of a run. Prints the text report
 * (or the JSON document with --json), writes the self-contained HTML file with --html; exits TAMPERED when the
 * journal fails verification and DRILL_FAILED when the drill failed (docs/drills.md, the verdict).
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { collectDrillReport } from '../report/collect';
import { BadRtoOptionError, DrillFailedError } from '../report/errors';
import { renderHtmlReport } from '../report/html';
import { renderJsonReport } from '../report/json';
import { isDrillFailed } from '../report/rto';
import { renderTextReport } from '../report/text';
import type { DrillReport } from '../report/types';
import { resolveStateDir, runDirOf } from '../runs/paths';
import { resolveRunId } from '../runs/store';
import { parseDuration } from '../shared/duration';
import { JournalTamperedError } from './audit';
import type { CliContext } from './context';
import { processIo } from './io';

export interface ShowReportOptions {
  stateDir: string;
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
export function showReport(options: ShowReportOptions): DrillReport {
  const rtoMs = options.rto === undefined ? undefined : parseRtoOption(options.rto);
  const runId = resolveRunId(options.stateDir, options.run);
  const report = collectDrillReport(runDirOf(options.stateDir, runId), rtoMs === undefined ? {} : { rtoMs });
  if (options.htmlPath !== undefined) {
    const path = resolve(options.cwd ?? process.cwd(), options.htmlPath);
    writeFileSync(path, renderHtmlReport(report));
    if (!options.isJson) options.write(`wrote ${path}\n\n`);
  }
  options.write(options.isJson ? renderJsonReport(report) : renderTextReport(report));
  if (!report.journal.isIntact) {
    const { path, reason, firstBadLine } = report.journal;
    throw new JournalTamperedError(runId, path, reason, firstBadLine);
  }
  if (isDrillFailed(report.rto)) throw new DrillFailedError(runId, report.rto.ms, report.rto.reasons);
  return report;
}

function parseRtoOption(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new BadRtoOptionError(text);
  return ms;
}

/** `context` (from main) routes output and the state directory through the CLI's I/O; without it, the process's. */
export function registerReportCommand(program: Command, context?: CliContext): void {
  program
    .command('report')
    .description(
      'the DR drill report of a run: per-VM recovery times against the RTO, SPM handover, failback, step timeline'
    )
    .argument('<run>', 'run id (or a unique prefix of one; see `runbook runs`)')
    .option('--html <file>', 'also write a self-contained HTML report (inline SVG timelines, printable)')
    .option('--json', 'print the report as one JSON document instead of text')
    .option('--rto <duration>', "judge against this RTO (e.g. 5m) instead of the runbook's or inventory's")
    .action((run: string, opts: { html?: string; json?: boolean; rto?: string }) => {
      const io = context?.io ?? processIo();
      showReport({
        stateDir: resolveStateDir(io.cwd, io.env),
        run,
        ...(opts.html === undefined ? {} : { htmlPath: opts.html }),
        ...(opts.rto === undefined ? {} : { rto: opts.rto }),
        isJson: opts.json === true,
        cwd: io.cwd,
        write: (t) => io.stdout.write(t),
      });
    });
}
