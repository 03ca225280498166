/** Errors of the run store: the lock, the journal, resume. Each knows its exit code and what to try. */
import { ExitCode, RunbookError } from '../shared/errors';

export interface LockOwner {
  pid: number;
  machine: string;
  runId: string;
  /** Epoch ms. */
  started: number;
  /** `<boot id>:<start ticks>` of the process (Linux), so a recycled pid is not taken for the owner. */
  processStart?: string;
  /** What the lock is for: `engine https://… (cluster stretch)`. */
  engine?: string;
  /** The state directory of the owning run. */
  stateDir?: string;
}

function unlockHint(lockPath: string, isForced: boolean): string {
  return `remove ${lockPath} after checking no run is active, or run \`runbook unlock${isForced ? ' --force' : ''}\``;
}

function describeOwner(owner: LockOwner): string {
  const state = owner.stateDir === undefined ? '' : `, state ${owner.stateDir}`;
  return `run ${owner.runId} (pid ${owner.pid} on ${owner.machine}${state})`;
}

/** Another run holds the lock of the engine this run changes. */
export class LockHeldError extends RunbookError {
  readonly lockPath: string;
  readonly owner: LockOwner | undefined;
  constructor(lockPath: string, owner: LockOwner | undefined, what = owner?.engine ?? 'the engine') {
    const who = owner ? describeOwner(owner) : 'an unknown run';
    super(`another run is changing ${what}: ${who} holds the lock ${lockPath}`, {
      code: 'LOCK_HELD',
      exitCode: ExitCode.REFUSED,
      isRetryable: true,
      hint: `wait for it to finish (a dry run may plan meanwhile); if it is not running, ${unlockHint(lockPath, true)}`,
    });
    this.lockPath = lockPath;
    this.owner = owner;
  }
}

/**
 * A lock whose owner is gone that could not be cleared: it is unreadable (damaged), or another user's lock file
 * this user may not remove. (A readable lock of a dead process is cleared by the next run, with a warning.)
 */
export class StaleLockError extends RunbookError {
  readonly lockPath: string;
  readonly owner: LockOwner | undefined;
  constructor(lockPath: string, owner: LockOwner | undefined) {
    const who = owner
      ? `run ${owner.runId} (pid ${owner.pid} on ${owner.machine}, no longer running), and it cannot be removed`
      : 'a run whose lock file is unreadable (damaged)';
    super(`a stale lock ${lockPath} is left by ${who}`, {
      code: 'LOCK_STALE',
      exitCode: ExitCode.REFUSED,
      hint: unlockHint(lockPath, false) + ' (as the user who owns the lock file)',
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
