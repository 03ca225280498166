/** `runbook runs`: the runs in the state directory, newest first. */
import type { Command } from 'commander';
import type * as RunsModule from '../runs';
import { resolveLockDir, resolveStateDir } from '../../runs/paths';
import type { CliContext } from '../context';

export function registerRunsCommand(program: Command, context: CliContext): void {
  const { io } = context;
  program
    .command('runs')
    .description('list the runs recorded in the state directory (.runbook or $RUNBOOK_STATE_DIR), newest first')
    .option('--json', 'one JSON object per run')
    .action((opts: { json?: boolean }) => {
      const { showRuns } = loadRuns();
      showRuns({
        stateDir: resolveStateDir(io.cwd, io.env),
        lockDir: resolveLockDir(io.env),
        isJson: opts.json === true,
        write: (t) => io.stdout.write(t),
      });
    });
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadRuns(): typeof RunsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../runs') as typeof RunsModule;
}
