/** Errors of the run store: the lock, the journal, resume. Each knows its exit code and what to try. */
import { ExitCode, RunbookError } from '../shared/errors';

export interface LockOwner {
  pid: number;
  machine: string;
  runId: string;
  /** Epoch ms. */
  started: number;
}

function unlockHint(lockPath: string, isForced: boolean): string {
  return `remove ${lockPath} after checking no run is active, or run \`runbook unlock${isForced ? ' --force' : ''}\``;
}

/** Another run holds the state directory. */
export class LockHeldError extends RunbookError {
  readonly lockPath: string;
  readonly owner: LockOwner | undefined;
  constructor(lockPath: string, owner: LockOwner | undefined) {
    const who = owner ? `run ${owner.runId} (pid ${owner.pid} on ${owner.machine})` : 'an unknown run';
    super(`another run holds the state lock ${lockPath}: ${who}`, {
      code: 'LOCK_HELD',
      exitCode: ExitCode.REFUSED,
      isRetryable: true,
      hint: `wait for it to finish; if it is not running, ${unlockHint(lockPath, true)}`,
    });
    this.lockPath = lockPath;
    this.owner = owner;
  }
}

/** The lock belongs to a process that is gone (it crashed or was killed). */
export class StaleLockError extends RunbookError {
  readonly lockPath: string;
  readonly owner: LockOwner | undefined;
  constructor(lockPath: string, owner: LockOwner | undefined) {
    const who = owner
      ? `run ${owner.runId} (pid ${owner.pid} on ${owner.machine}, no longer running)`
      : 'a run that died while taking it (the lock file is empty or unreadable)';
    super(`a stale state lock ${lockPath} is left by ${who}`, {
      code: 'LOCK_STALE',
      exitCode: ExitCode.REFUSED,
      hint: owner
        ? `resume that run with --resume ${owner.runId}, or ${unlockHint(lockPath, false)}`
        : unlockHint(lockPath, false),
    });
    this.lockPath = lockPath;
    this.owner = owner;
  }
}

/** A journal line (other than a torn last one) cannot be read: the file was damaged or edited. */
export class JournalCorruptError extends RunbookError {
  readonly path: string;
  readonly line: number;
  constructor(path: string, line: number, reason: string) {
    super(`${path}:${line}: ${reason}`, {
      code: 'JOURNAL_CORRUPT',
      exitCode: ExitCode.TAMPERED,
      hint: `run \`runbook audit verify\` on this run to see what is wrong`,
    });
    this.path = path;
    this.line = line;
  }
}

/** No run with that id (or no run to resume). */
export class RunNotFoundError extends RunbookError {
  readonly runId: string | undefined;
  constructor(message: string, runId?: string, hint = 'list runs with `runbook runs`') {
    super(message, { code: 'RUN_NOT_FOUND', exitCode: ExitCode.USAGE, hint });
    this.runId = runId;
  }
}

/** A run cannot be resumed: its inputs changed, it finished, it was a dry run, or its journal is broken. */
export class ResumeRefusedError extends RunbookError {
  readonly runId: string;
  readonly reasons: readonly string[];
  constructor(runId: string, reasons: readonly string[], hint?: string) {
    super(`refusing to resume run ${runId}:\n${reasons.map((r) => `  ${r}`).join('\n')}`, {
      code: 'RESUME_REFUSED',
      exitCode: ExitCode.REFUSED,
      ...(hint === undefined ? {} : { hint }),
    });
    this.runId = runId;
    this.reasons = reasons;
  }
}
