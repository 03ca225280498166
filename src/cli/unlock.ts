/**
 * `runbook unlock [-i INVENTORY]`: remove the lock of the inventory's engine that a run left behind (a stale one;
 * with --force, any). Runs clear a lock left by a dead process of this machine themselves, with a warning; this
 * is for the rest (a lock file another user's run left, a damaged one, a run on a machine that is gone).
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadInventory } from '../inventory/load';
import { describeEngine, inspectEngineLock, resolveLockDir } from '../runs/engine-lock';
import type { EngineIdentity } from '../runs/engine-lock';
import { LockHeldError } from '../runs/errors';
import { LockState } from '../runs/lock';
import type { CliContext } from './context';
import { labStateDirOf } from './lab-attach';
import { DEFAULT_INVENTORY } from './run-command';

export interface UnlockOptions {
  lockDir: string;
  engine: EngineIdentity;
  isForced: boolean;
  write(text: string): void;
}

export function unlockEngine(options: UnlockOptions): void {
  const lock = inspectEngineLock(options.lockDir, options.engine);
  if (lock.state === LockState.FREE) {
    options.write(`no lock of ${describeEngine(options.engine)} in ${options.lockDir}\n`);
    return;
  }
  if (lock.state === LockState.HELD && !options.isForced) {
    throw new LockHeldError(lock.path, lock.owner, describeEngine(options.engine));
  }
  rmSync(lock.path, { force: true });
  const who = lock.owner
    ? `run ${lock.owner.runId} (pid ${lock.owner.pid} on ${lock.owner.machine})`
    : 'no readable owner';
  options.write(`removed ${lock.state} lock ${lock.path} of ${who}\n`);
}

export function registerUnlockCommand(program: Command, context: CliContext): void {
  const { io } = context;
  program
    .command('unlock')
    .description("remove the lock a crashed run left on the inventory's engine (refuses a live run's unless --force)")
    .option('-i, --inventory <path>', `the inventory whose engine to unlock (default: ${DEFAULT_INVENTORY})`)
    .option('--force', 'remove the lock even if its process looks alive (check that no run is active first)')
    .action(async (opts: { inventory?: string; force?: boolean }) => {
      const path = resolve(io.cwd, opts.inventory ?? DEFAULT_INVENTORY);
      const inventory = await loadInventory(path, { stateDir: labStateDirOf(io) });
      unlockEngine({
        lockDir: resolveLockDir(io.env),
        engine: { url: inventory.engine.url, cluster: inventory.cluster.name },
        isForced: opts.force === true,
        write: (t) => io.stdout.write(t),
      });
    });
}
