/** Where run state lives: `.runbook/` in the working directory, or $RUNBOOK_STATE_DIR. */
import { accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const STATE_DIR_ENV = 'RUNBOOK_STATE_DIR';
export const LOCK_DIR_ENV = 'RUNBOOK_LOCK_DIR';
export const JOURNAL_FILE = 'journal.jsonl';

export function resolveStateDir(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  const override = env[STATE_DIR_ENV];
  return override ? resolve(cwd, override) : join(cwd, '.runbook');
}

export function runsDirOf(stateDir: string): string {
  return join(stateDir, 'runs');
}

export function runDirOf(stateDir: string, runId: string): string {
  return join(runsDirOf(stateDir), runId);
}

export function journalPathOf(runDir: string): string {
  return join(runDir, JOURNAL_FILE);
}

/** The engine locks of this machine (see engine-lock.ts): $RUNBOOK_LOCK_DIR, /run/lock/runbook, <tmp>/runbook-locks. */
export function resolveLockDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[LOCK_DIR_ENV];
  if (override) return override;
  try {
    accessSync('/run/lock', constants.W_OK);
    return '/run/lock/runbook';
  } catch {
    return join(tmpdir(), 'runbook-locks');
  }
}
