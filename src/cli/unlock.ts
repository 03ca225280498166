/** `runbook unlock`: remove a stale state lock (or, with --force, any lock) after a crash. */
import { LockHeldError } from '../runs/errors';
import { inspectLock, LockState, removeLock } from '../runs/lock';

export interface UnlockOptions {
  stateDir: string;
  isForced: boolean;
  write(text: string): void;
}

export function unlockState(options: UnlockOptions): void {
  const lock = inspectLock(options.stateDir);
  if (lock.state === LockState.FREE) {
    options.write(`no lock in ${options.stateDir}\n`);
    return;
  }
  if (lock.state === LockState.HELD && !options.isForced) throw new LockHeldError(lock.path, lock.owner);
  removeLock(options.stateDir);
  const who = lock.owner
    ? `run ${lock.owner.runId} (pid ${lock.owner.pid} on ${lock.owner.machine})`
    : 'no readable owner';
  options.write(`removed ${lock.state} lock ${lock.path} of ${who}\n`);
}
