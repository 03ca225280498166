/** `runbook log RUN [--step ID] [--json] [-i INVENTORY]`: a run's timeline. */
import type { Command } from 'commander';
import type * as LogModule from '../log';
import type * as SourceModule from '../state-backend';
import type { CliContext } from '../context';

export function registerLogCommand(program: Command, context: CliContext): void {
  const { io } = context;
  program
    .command('log')
    .description("show a run's timeline: step, target, status, duration, changes")
    .argument('<run>', 'run id (or a unique prefix of one; see `runbook runs`)')
    .option('--step <id>', "one step's detail: attempts, plan, output excerpt, correlation ids")
    .option('--json', 'the journaled events, one JSON object per line')
    .option('-i, --inventory <path>', "read the run from this inventory's state backend (PostgreSQL)")
    .action(async (run: string, opts: { step?: string; json?: boolean; inventory?: string }) => {
      await loadSource().withRunSource(io, opts.inventory, (source) =>
        loadLog().showLog({
          source,
          run,
          ...(opts.step === undefined ? {} : { stepId: opts.step }),
          isJson: opts.json === true,
          write: (t) => io.stdout.write(t),
        })
      );
    });
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadLog(): typeof LogModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../log') as typeof LogModule;
}

function loadSource(): typeof SourceModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../state-backend') as typeof SourceModule;
}
