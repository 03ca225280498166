/** `runbook plan FILE`: exec --dry-run. Shows what a run would change; writes nothing anywhere. */
import type { Command } from 'commander';
import type * as RunCommandModule from '../run-command';
import type { CliContext } from '../context';
import type { RunCommandOptions } from '../run-command';
import { addRunOptions } from './run-options';

const EXAMPLES = `
Examples:
  $ runbook plan runbooks/install-standalone.yaml              # against inventories/lab.yaml
  $ runbook plan runbooks/dr-drill.yaml -i inventories/prod.yaml --limit site:primary
  $ runbook plan runbooks/preflight.yaml --json > plan.jsonl
`;

export function registerPlanCommand(program: Command, context: CliContext): void {
  const command = program
    .command('plan')
    .description('show what a run would change, without changing anything (exec --dry-run)');
  addRunOptions(command)
    .addHelpText('after', EXAMPLES)
    .action(async (file: string, options: RunCommandOptions) => {
      const { runRunbookCommand } = loadRunCommand();
      context.exitCode = await runRunbookCommand(file, { ...options, dryRun: true }, context.io, context.argv);
    });
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadRunCommand(): typeof RunCommandModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../run-command') as typeof RunCommandModule;
}
