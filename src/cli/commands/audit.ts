/** `runbook audit verify RUN [--signers FILE]` and `runbook audit export RUN` (docs/audit.md). */
import type { Command } from 'commander';
import type * as AuditModule from '../audit';
import type * as SourceModule from '../state-backend';
import type { CliContext } from '../context';

interface AuditFlags {
  inventory?: string;
  signers?: string;
  identity?: string;
}

export function registerAuditCommand(program: Command, context: CliContext): void {
  const { io } = context;
  const audit = program.command('audit').description("check and export a run's journal (the audit log)");
  const run = (name: 'auditVerify' | 'auditExport', text: string, flags: AuditFlags): Promise<void> =>
    loadSource().withRunSource(io, flags.inventory, (source) =>
      loadAudit()[name]({
        source,
        run: text,
        cwd: io.cwd,
        ...(flags.signers === undefined ? {} : { signersFile: flags.signers }),
        ...(flags.identity === undefined ? {} : { identity: flags.identity }),
        write: (t: string): void => void io.stdout.write(t),
      })
    );
  const withFlags = (command: Command): Command =>
    command
      .argument('<run>', 'run id (or a unique prefix of one)')
      .option('-i, --inventory <path>', "read the run from this inventory's state backend (PostgreSQL)")
      .option('--signers <file>', 'an OpenSSH allowed signers file: require a signed head by a key it allows')
      .option('--identity <principal>', 'with --signers: the principal the signer must be');
  withFlags(
    audit
      .command('verify')
      .description(
        "check a run's journal: the hash chain, a torn last line, its signed heads; exit 6 naming the first bad line"
      )
  ).action((text: string, flags: AuditFlags) => run('auditVerify', text, flags));
  withFlags(
    audit
      .command('export')
      .description('write the verified journal as JSON lines for a SIEM (one record per event, on stdout)')
  ).action((text: string, flags: AuditFlags) => run('auditExport', text, flags));
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadAudit(): typeof AuditModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../audit') as typeof AuditModule;
}

function loadSource(): typeof SourceModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../state-backend') as typeof SourceModule;
}
