/** `runbook unlock`: remove a stale state lock (or, with --force, any lock) after a crash. */
import type { Command } from 'commander';
import type { CliContext } from './context';
import { LockHeldError } from '../runs/errors';
import { inspectLock, LockState, removeLock } from '../runs/lock';
import { resolveStateDir } from '../runs/paths';

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

export function registerUnlockCommand(program: Command, context: CliContext): void {
  const { io } = context;
  program
    .command('unlock')
    .description('remove the state lock left by a run that crashed (refuses a lock of a live run unless --force)')
    .option('--force', 'remove the lock even if its process looks alive (check that no run is active first)')
    .action((opts: { force?: boolean }) => {
      unlockState({
        stateDir: resolveStateDir(io.cwd, io.env),
        isForced: opts.force === true,
        write: (t) => io.stdout.write(t),
      });
    });
}
