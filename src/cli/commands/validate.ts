/** `runbook validate FILE... [-i INVENTORY]`: every problem of every file at once, with file:line:col. */
import type { Command } from 'commander';
import type * as ExtraVarsModule from '../extra-vars';
import type * as ValidateModule from '../validate';
import type { CliContext } from '../context';
import { collect } from './options';

export function registerValidateCommand(program: Command, context: CliContext): void {
  program
    .command('validate')
    .description('check runbooks and inventories; print every problem with file:line:col')
    .argument(
      '<file...>',
      'runbook or inventory files (a runbook name alone is looked up in the project, then the shipped runbooks)'
    )
    .option('-i, --inventory <file>', 'check runbook selectors and variables against this inventory')
    .option(
      '-e, --extra-var <vars>',
      'a variable the run will get with -e: key=value, @file or {mapping} (repeatable)',
      collect,
      []
    )
    .action(async (files: string[], opts: { inventory?: string; extraVar: string[] }) => {
      await loadValidate().validateFiles(files, {
        ...(opts.inventory !== undefined ? { inventory: opts.inventory } : {}),
        extraVars: loadExtraVars().parseExtraVars(opts.extraVar, context.io.cwd),
        cwd: context.io.cwd,
        env: context.io.env,
        write: (text) => context.io.stdout.write(text),
      });
    });
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadExtraVars(): typeof ExtraVarsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../extra-vars') as typeof ExtraVarsModule;
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadValidate(): typeof ValidateModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../validate') as typeof ValidateModule;
}
