/** The CLI entry point: the only place that turns errors into exit codes. */
import { Command } from 'commander';
import { ExitCode } from '../shared/errors.js';
import { registerReportCommand } from './report';
import { version } from './version.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('runbook')
    .description('Declarative runbooks for OLVM / oVirt active-active disaster-recovery stretch clusters')
    .version(version, '-V, --version');
  registerReportCommand(program);
  await program.parseAsync(argv);
  return ExitCode.OK;
}
