/**
 * The CLI entry point: the only place that turns errors into exit codes. `main` never exits the process; it
 * returns the code (bin/runbook.js sets process.exitCode).
 *
 * Start-up is kept small: every command is declared in `commands/<name>.ts`, which imports only commander and
 * light helpers, and its action loads the implementation with `await import(...)` when the command runs. So
 * `--help` loads no implementation at all and `validate` never loads the lab, ssh2, the engine or the report.
 * To add a command: write `commands/<name>.ts` (description, options, help text; an action that imports its
 * implementation lazily), register it below, keep heavy imports out of `commands/` (a test checks what
 * `--help` and `validate` load: test/e2e/startup.test.ts).
 */
import { Command, CommanderError } from 'commander';
import { ExitCode } from '../shared/errors';
import { registerAuditCommand } from './commands/audit';
import { registerCompletionCommand, registerDocCommand, registerInitCommand } from './commands/assist';
import { registerExecCommand } from './commands/exec';
import { registerInventoryCommand } from './commands/inventory';
import { registerLabCommand } from './commands/lab';
import { registerLogCommand } from './commands/log';
import { registerPlanCommand } from './commands/plan';
import { registerReportCommand } from './commands/report';
import { registerRunsCommand } from './commands/runs';
import { registerTrustCommand } from './commands/trust';
import { registerUnlockCommand } from './commands/unlock';
import { registerValidateCommand } from './commands/validate';
import type { CliContext } from './context';
import { addExamples } from './examples';
import { processIo } from './io';
import type { CliIo } from './io';
import { exitCodeOf, formatError } from './report-error';
import { version } from './version';

const EXAMPLES = `
Examples:
  $ runbook plan runbooks/preflight.yaml             # what would change (nothing is written)
  $ runbook exec runbooks/preflight.yaml             # run it (against inventories/lab.yaml)
  $ runbook runs                                     # the runs so far
  $ runbook help exec                                # every option of a command

Exit codes are documented in docs/errors.md.
`;

function buildProgram(context: CliContext): Command {
  const program = new Command('runbook')
    .description('Declarative runbooks for OLVM / oVirt active-active disaster-recovery stretch clusters')
    .version(version, '-V, --version')
    .option('--no-color', 'no colors in any output (as NO_COLOR=1 does)')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
    });
  registerExecCommand(program, context);
  registerPlanCommand(program, context);
  registerValidateCommand(program, context);
  registerInventoryCommand(program, context);
  registerRunsCommand(program, context);
  registerLogCommand(program, context);
  registerAuditCommand(program, context);
  registerUnlockCommand(program, context);
  registerReportCommand(program, context);
  registerLabCommand(program, context);
  registerTrustCommand(program, context);
  registerInitCommand(program, context);
  registerDocCommand(program, context);
  registerCompletionCommand(program, context);
  addExamples(program);
  for (const command of program.commands) command.exitOverride();
  program.hook('preAction', () => {
    if (program.opts().color === false) context.io.env['NO_COLOR'] = '1';
  });
  return program;
}

function commanderExitCode(error: CommanderError): ExitCode {
  const isInformational = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code);
  return isInformational ? ExitCode.OK : ExitCode.USAGE;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const context: CliContext = { io, argv: argv.slice(2), exitCode: ExitCode.OK };
  try {
    await buildProgram(context).parseAsync(argv);
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    io.stderr.write(formatError(error, io.env['RUNBOOK_DEBUG'] === '1'));
    return exitCodeOf(error);
  }
}
