/**
 * `runbook audit verify RUN [--signers FILE [--identity ID]]`: check every line's digest, the hash chain, a torn
 * last line, and the signed heads (required with --signers); exit TAMPERED naming the first bad line.
 * `runbook audit export RUN`: the verified journal as JSON lines for a SIEM (format in docs/audit.md).
 */
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readAllowedSigners } from '../runs/allowed-signers';
import { withRun } from '../runs/run-source';
import type { OpenedRun, RunSource } from '../runs/run-source';
import { scanJournal } from '../runs/scan';
import { verifyJournal } from '../runs/verify';
import type { VerifyResult } from '../runs/verify';
import { ExitCode, RunbookError } from '../shared/errors';
import { toSiemRecords } from './audit-export';

export interface AuditOptions {
  /** The state directory, or the backend (`-i` an inventory whose state is in PostgreSQL). */
  source: RunSource;
  run: string;
  /** `--signers FILE`: an OpenSSH allowed signers file; a signature by a key it allows is then required. */
  signersFile?: string;
  /** `--identity ID`: the principal the signer must be. */
  identity?: string;
  /** Where `signersFile` is relative to (default: the process's working directory). */
  cwd?: string;
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

export async function auditVerify(options: AuditOptions): Promise<void> {
  await withRun(options.source, options.run, (run) => {
    const result = verifyRun(run, options);
    const notes = result.notes.map((note) => `  ${note}\n`).join('');
    options.write(`ok: run ${run.runId}: ${result.reason}\n${notes}`);
  });
}

/** Verifies the journal (and its heads) first: exit 6 and no output when it fails, or when it is empty. */
export async function auditExport(options: AuditOptions): Promise<void> {
  await withRun(options.source, options.run, (run) => {
    verifyRun(run, options);
    const scan = scanJournal(readFileSync(run.journalPath));
    const records = toSiemRecords(run.runId, scan.entries, hostname());
    options.write(records.map((r) => JSON.stringify(r) + '\n').join(''));
  });
}

function verifyRun(run: OpenedRun, options: AuditOptions): VerifyResult {
  const signers =
    options.signersFile === undefined
      ? undefined
      : readAllowedSigners(resolve(options.cwd ?? process.cwd(), options.signersFile));
  const result = verifyJournal(run.journalPath, {
    runId: run.runId,
    heads: run.heads,
    ...(signers === undefined ? {} : { signers }),
    ...(options.identity === undefined ? {} : { identity: options.identity }),
  });
  if (!result.ok) throw new JournalTamperedError(run.runId, run.label, result.reason, result.firstBadLine);
  return result;
}
