/** `runbook audit verify RUN` and `runbook audit export RUN` (docs/audit.md). */
import type { Command } from 'commander';
import type * as AuditModule from '../audit';
import { resolveStateDir } from '../../runs/paths';
import type { CliContext } from '../context';

export function registerAuditCommand(program: Command, context: CliContext): void {
  const { io } = context;
  const audit = program.command('audit').description("check and export a run's journal (the audit log)");
  const options = (run: string) => ({
    stateDir: resolveStateDir(io.cwd, io.env),
    run,
    write: (t: string): void => void io.stdout.write(t),
  });
  audit
    .command('verify')
    .description("check the hash chain of a run's journal; exit 6 naming the first bad line if it was tampered with")
    .argument('<run>', 'run id (or a unique prefix of one)')
    .action((run: string) => loadAudit().auditVerify(options(run)));
  audit
    .command('export')
    .description('write the verified journal as JSON lines for a SIEM (one record per event, on stdout)')
    .argument('<run>', 'run id (or a unique prefix of one)')
    .action((run: string) => loadAudit().auditExport(options(run)));
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadAudit(): typeof AuditModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../audit') as typeof AuditModule;
}
