/** `runbook report RUN [--html FILE] [--json] [--rto DURATION]`: the DR drill report of a run. */
import type { Command } from 'commander';
import type * as ReportModule from '../report';
import type * as SourceModule from '../state-backend';
import type { CliContext } from '../context';
import { processIo } from '../io';

/** `context` (from main) routes output and the state directory through the CLI's I/O; without it, the process's. */
export function registerReportCommand(program: Command, context?: CliContext): void {
  program
    .command('report')
    .description(
      'the DR drill report of a run: per-VM recovery times against the RTO, SPM handover, failback, step timeline'
    )
    .argument('<run>', 'run id (or a unique prefix of one; see `runbook runs`)')
    .option('--html <file>', 'also write a self-contained HTML report (inline SVG timelines, printable)')
    .option('--json', 'print the report as one JSON document instead of text')
    .option('--rto <duration>', "judge against this RTO (e.g. 5m) instead of the runbook's or inventory's")
    .option('-i, --inventory <path>', "read the run from this inventory's state backend (PostgreSQL)")
    .action(async (run: string, opts: { html?: string; json?: boolean; rto?: string; inventory?: string }) => {
      const io = context?.io ?? processIo();
      await loadSource().withRunSource(io, opts.inventory, (source) =>
        loadReport().showReport({
          source,
          run,
          ...(opts.html === undefined ? {} : { htmlPath: opts.html }),
          ...(opts.rto === undefined ? {} : { rto: opts.rto }),
          isJson: opts.json === true,
          cwd: io.cwd,
          write: (t) => io.stdout.write(t),
        })
      );
    });
}

/** Loaded when the command runs, not at start-up (see main.ts). */
function loadReport(): typeof ReportModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../report') as typeof ReportModule;
}

function loadSource(): typeof SourceModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('../state-backend') as typeof SourceModule;
}
