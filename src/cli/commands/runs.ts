/** `runbook runs [-i INVENTORY]`: the runs in the state directory (or the inventory's backend), newest first. */
import type { Command } from 'commander';
import type * as RunsModule from '../runs';
import type * as SourceModule from '../state-backend';
import type { CliContext } from '../context';

export function registerRunsCommand(program: Command, context: CliContext): void {
  const { io } = context;
  program
    .command('runs')
    .description('list the runs recorded in the state directory (.runbook or $RUNBOOK_STATE_DIR), newest first')
    .option('-i, --inventory <path>', "list the runs of this inventory's state backend (PostgreSQL) instead")
    .option('--json', 'one JSON object per run')
    .action(async (opts: { inventory?: string; json?: boolean }) => {
      await loadSource().withRunSource(io, opts.inventory, (source) =>
        loadRuns().showRuns({ source, isJson: opts.json === true, write: (t) => io.stdout.write(t) })
      );
    });
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadRuns(): typeof RunsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../runs') as typeof RunsModule;
}

function loadSource(): typeof SourceModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../state-backend') as typeof SourceModule;
}
