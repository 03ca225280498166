/**
 * `runbook audit verify RUN`: check every line's digest and the hash chain; exit TAMPERED naming the first bad line.
 * `runbook audit export RUN`: the verified journal as JSON lines for a SIEM (format in docs/audit.md).
 */
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { journalPathOf, runDirOf } from '../runs/paths';
import { scanJournal } from '../runs/scan';
import { resolveRunId } from '../runs/store';
import { verifyJournal } from '../runs/verify';
import { ExitCode, RunbookError } from '../shared/errors';
import { toSiemRecords } from './audit-export';

export interface AuditOptions {
  stateDir: string;
  run: string;
  write(text: string): void;
}

/** The journal is not what was written: a line was edited, deleted, inserted or reordered. */
export class JournalTamperedError extends RunbookError {
  readonly runId: string;
  readonly path: string;
  readonly firstBadLine: number | undefined;
  constructor(runId: string, path: string, reason: string, firstBadLine: number | undefined) {
    super(`journal of run ${runId} failed verification: ${reason}\n  ${path}`, {
      code: 'JOURNAL_TAMPERED',
      exitCode: ExitCode.TAMPERED,
      hint:
        firstBadLine === undefined
          ? 'compare it with an exported copy (runbook audit export)'
          : `compare line ${firstBadLine} (and the lines around it) with an exported copy (runbook audit export)`,
    });
    this.runId = runId;
    this.path = path;
    this.firstBadLine = firstBadLine;
  }
}

export function auditVerify(options: AuditOptions): void {
  const runId = resolveRunId(options.stateDir, options.run);
  const path = journalPathOf(runDirOf(options.stateDir, runId));
  const result = verifyJournal(path);
  if (!result.ok) throw new JournalTamperedError(runId, path, result.reason, result.firstBadLine);
  options.write(`ok: run ${runId}: ${result.reason}\n`);
}

export function auditExport(options: AuditOptions): void {
  const runId = resolveRunId(options.stateDir, options.run);
  const path = journalPathOf(runDirOf(options.stateDir, runId));
  const scan = scanJournal(readFileSync(path));
  if (scan.bad) {
    throw new JournalTamperedError(runId, path, `line ${scan.bad.line} ${scan.bad.reason}`, scan.bad.line);
  }
  const records = toSiemRecords(runId, scan.entries, hostname());
  options.write(records.map((r) => JSON.stringify(r) + '\n').join(''));
}
