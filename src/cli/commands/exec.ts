/** `runbook exec FILE`: plan every step and apply the changes (or, with --dry-run, only plan). */
import type { Command } from 'commander';
import type * as RunCommandModule from '../run-command';
import type { CliContext } from '../context';
import type { RunCommandOptions } from '../run-command';
import { addRunOptions } from './run-options';

const EXAMPLES = `
Examples:
  $ runbook exec runbooks/preflight.yaml                       # the lab inventory (inventories/lab.yaml)
  $ runbook exec runbooks/install-standalone.yaml -i inventories/prod.yaml --dry-run
  $ runbook exec runbooks/dr-drill.yaml --yes --limit site:secondary -e rto_minutes=15
  $ runbook exec runbooks/install-standalone.yaml --start-at add-hosts --forks 4
  $ runbook exec runbooks/preflight.yaml --json | jq 'select(.type == "task.finished")'
  $ runbook exec runbooks/install-standalone.yaml --resume              # after a crash or a failed step
`;

export function registerExecCommand(program: Command, context: CliContext): void {
  const command = program
    .command('exec')
    .description('run a runbook: plan each step on each target, then apply what needs to change');
  addRunOptions(command)
    .option(
      '--dry-run',
      'only plan: show what would change; nothing changes on any host or engine (the plan is journaled)'
    )
    .option('-C, --check', "Ansible's name for --dry-run")
    .option('-y, --yes', 'answer yes to every confirmation and pause')
    .option('--resume [run]', 'continue an unfinished run (default: the newest of this runbook); see docs/resume.md')
    .option('--force', 'with --resume: go on although the runbook or inventory changed since the run began')
    .addHelpText('after', EXAMPLES)
    .action(async (file: string, options: RunCommandOptions) => {
      const { runRunbookCommand } = loadRunCommand();
      context.exitCode = await runRunbookCommand(file, options, context.io, context.argv);
    });
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadRunCommand(): typeof RunCommandModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../run-command') as typeof RunCommandModule;
}
