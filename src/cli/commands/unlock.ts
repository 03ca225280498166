/** `runbook unlock [--force]`: remove the state lock a crashed run left. */
import type { Command } from 'commander';
import type * as UnlockModule from '../unlock';
import { resolveStateDir } from '../../runs/paths';
import type { CliContext } from '../context';

export function registerUnlockCommand(program: Command, context: CliContext): void {
  const { io } = context;
  program
    .command('unlock')
    .description('remove the state lock left by a run that crashed (refuses a lock of a live run unless --force)')
    .option('--force', 'remove the lock even if its process looks alive (check that no run is active first)')
    .action((opts: { force?: boolean }) => {
      const { unlockState } = loadUnlock();
      unlockState({
        stateDir: resolveStateDir(io.cwd, io.env),
        isForced: opts.force === true,
        write: (t) => io.stdout.write(t),
      });
    });
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadUnlock(): typeof UnlockModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../unlock') as typeof UnlockModule;
}
