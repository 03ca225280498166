/** `runbook unlock [-i INVENTORY] [--force]`: remove the lock a crashed run left on the inventory's engine. */
import type { Command } from 'commander';
import type * as UnlockModule from '../unlock';
import type { CliContext } from '../context';
import { DEFAULT_INVENTORY_HELP } from './options';

export function registerUnlockCommand(program: Command, context: CliContext): void {
  const { io } = context;
  program
    .command('unlock')
    .description("remove the lock a crashed run left on the inventory's engine (refuses a live run's unless --force)")
    .option('-i, --inventory <path>', `the inventory whose engine to unlock (default: ${DEFAULT_INVENTORY_HELP})`)
    .option('--force', 'remove the lock even if its process looks alive (check that no run is active first)')
    .action(async (opts: { inventory?: string; force?: boolean }) => {
      await loadUnlock().unlockInventoryEngine(io, opts.inventory, opts.force === true);
    });
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadUnlock(): typeof UnlockModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../unlock') as typeof UnlockModule;
}
