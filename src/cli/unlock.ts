/**
 * `runbook unlock [-i INVENTORY]`: remove the lock of the inventory's engine that a run left behind (a stale one;
 * with --force, any). Runs clear a lock left by a dead process of this machine themselves, with a warning; this
 * is for the rest (a lock file another user's run left, a damaged one, a run on a machine that is gone).
 */
import { rmSync } from 'node:fs';
import { loadInventory } from '../inventory/load';
import { describeEngine, inspectEngineLock } from '../runs/engine-lock';
import type { EngineIdentity } from '../runs/engine-lock';
import { LockHeldError } from '../runs/errors';
import { LockState } from '../runs/lock';
import { resolveLockDir } from '../runs/paths';
import type { CliIo } from './io';
import { labStateDirOf } from './lab-attach';
import { resolveInventoryPath } from './project';

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

/** The command: the engine of the inventory (`-i`, relative to the working directory). */
/** `inventoryPath`: `-i` as given; without it, the project's default inventory (src/cli/project.ts). */
export async function unlockInventoryEngine(
  io: CliIo,
  inventoryPath: string | undefined,
  isForced: boolean
): Promise<void> {
  const path = resolveInventoryPath(inventoryPath, io.cwd, io.env);
  const inventory = await loadInventory(path, { stateDir: labStateDirOf(io) });
  unlockEngine({
    lockDir: resolveLockDir(io.env),
    engine: { url: inventory.engine.url, cluster: inventory.cluster.name },
    isForced,
    write: (t) => io.stdout.write(t),
  });
}
