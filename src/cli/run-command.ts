/**
 * `runbook exec` and `runbook plan`: load the inventory and the runbook, run them with the chosen renderer,
 * print the summary, and map the outcome to an exit code.
 */
import { executeRun } from '../engine/execute';
import type { RunSummary } from '../engine/options';
import { prepareRun } from '../engine/prepare';
import type { PreparedStep } from '../engine/prepare';
import type { Inventory } from '../inventory/types';
import { modules } from '../modules/registry';
import type { Runbook } from '../runbook/types';
import type { RunSession } from '../runs/session';
import { ExitCode, messageOf } from '../shared/errors';
import { redactText } from '../shared/redact';
import { formatSummary } from '../ui/summary';
import { exposeCliToChildren } from './child-env';
import { failbackStepOf, readStanding } from './drill-standing';
import { finishDrill } from './drill-summary';
import { describeResume, isDrillRunbook, makeRunSink, openDurableRun } from './durable-run';
import { assertEngineCaTrusted } from './engine-trust';
import type { ResumeFlags } from './durable-run';
import { watchInterrupts } from './interrupt';
import type { CliIo } from './io';
import { attachLab } from './lab-attach';
import { createPrompt } from './prompt';
import { pickRenderer, summaryStyle } from './renderer';
import { loadRunInputs, selectionOf } from './run-inputs';
import { formatListing, isListing, type ListingFlags } from './run-listing';
import { createServices } from './services';

export interface RunCommandOptions extends ResumeFlags, ListingFlags {
  inventory?: string;
  dryRun?: boolean;
  /** `-C, --check`: Ansible's name for --dry-run. */
  check?: boolean;
  /** `-D, --diff`: file content diffs in a real run too. */
  diff?: boolean;
  /** `-v` count. */
  verbose?: number;
  yes?: boolean;
  forks?: number;
  waits?: number;
  limit?: string;
  startAt?: string;
  only?: string[];
  tags?: string[];
  skipTags?: string[];
  json?: boolean;
  extraVar: string[];
}

/** A run that failed only because a host or the engine could not be reached (or refused the login) exits 5. */
export function exitCodeOfSummary(summary: RunSummary): ExitCode {
  if (summary.refusal !== undefined) return ExitCode.REFUSED;
  if (summary.status === 'interrupted') return ExitCode.INTERRUPTED;
  if (summary.status !== 'failed') return ExitCode.OK;
  const failures = summary.failures.filter((f) => !f.isIgnored);
  const isUnreachable = failures.length > 0 && failures.every((f) => f.exitCode === ExitCode.CONNECTION);
  return isUnreachable ? ExitCode.CONNECTION : ExitCode.STEP_FAILED;
}

export async function runRunbookCommand(
  file: string,
  options: RunCommandOptions,
  io: CliIo,
  argv: string[]
): Promise<ExitCode> {
  const isDryRun = options.dryRun === true || options.check === true;
  const isResume = options.resume !== undefined && options.resume !== false;
  const { inventory, runbook, prepared, warnings } = await loadRunInputs(
    file,
    { ...options, isResume, isListing: isListing(options) },
    io
  );
  warnings.forEach((warning) => io.stderr.write(`warning: ${warning}\n`));
  if (isListing(options)) {
    io.stdout.write(formatListing(runbook, prepared, options, io.cwd));
    return ExitCode.OK;
  }
  assertEngineCaTrusted(inventory, io);
  const lab = await attachLab(inventory, io);
  if (lab !== undefined) (options.json === true ? io.stderr : io.stdout).write(`${lab.note}\n`);
  const restoreEnv = exposeCliToChildren(io);
  let journalPath: string;
  let end: SessionEnd;
  try {
    const changes = isDryRun || isReadOnlyRun(prepared) ? undefined : (lab?.inventory ?? inventory);
    const session = await openDurableRun({ ...options, io, argv, isDryRun, runbook, inventory, lockEngineOf: changes });
    journalPath = session.journal.path;
    try {
      // Targets are the inventory's host entries: a lab's are the ones pointing at its ports.
      const onLab = lab && {
        inventory: lab.inventory,
        prepared: prepareRun({ runbook, inventory: lab.inventory, modules, ...selectionOf(options) }),
      };
      end = await runSession(session, { options, io, isDryRun, runbook, inventory, prepared, ...onLab });
    } finally {
      await session.close();
    }
  } finally {
    restoreEnv();
    await lab?.close();
  }
  // Only a drill's end reads its journal again (for the drill summary): a run without olvm.wait measured nothing.
  if (!isDrillRunbook(runbook)) return end.code;
  const failbackStep = failbackStepOf(runbook);
  return finishDrill({
    io,
    journalPath,
    code: end.code,
    isJson: options.json === true,
    isDryRun,
    file,
    ...(end.standing !== undefined ? { standing: end.standing } : {}),
    ...(failbackStep !== undefined ? { failbackStep } : {}),
  });
}

interface SessionEnd {
  code: ExitCode;
  /** Where the cluster stands, when a drill did not end well (read before the run lets go of the engine). */
  standing?: string[];
}

interface SessionRun {
  options: RunCommandOptions;
  io: CliIo;
  isDryRun: boolean;
  runbook: Runbook;
  inventory: Inventory;
  prepared: readonly PreparedStep[];
}

/** A run whose every selected step is a read-only module (checks, facts, waits) changes no engine: no lock. */
function isReadOnlyRun(prepared: readonly PreparedStep[]): boolean {
  return prepared.every((p) => p.module.isReadOnly === true);
}

async function runSession(session: RunSession, run: SessionRun): Promise<SessionEnd> {
  const { options, io, isDryRun, runbook, inventory, prepared } = run;
  const renderer = pickRenderer(io, {
    isJson: options.json === true,
    verbosity: options.verbose ?? 0,
    isDiffShown: isDryRun || options.diff === true,
  });
  const sink = makeRunSink(session, renderer, io.env);
  const services = createServices(inventory, {
    isDryRun,
    onWarning: (message) => io.stderr.write(`warning: ${redactText(message)}\n`),
  });
  const interrupts = watchInterrupts(io);
  try {
    if (session.isResumed && options.json !== true) io.stdout.write(describeResume(session));
    session.opening.forEach((event) => sink.emit(event));
    // The session's opening is durable before any task starts: a run killed before its first change can be resumed.
    await sink.flush?.();
    const summary = await executeRun(
      {
        runId: session.runId,
        runbook,
        inventory,
        isDryRun,
        forks: options.forks,
        waits: options.waits,
        ...selectionOf(options),
        isYes: options.yes === true,
        sink,
        services,
        prompt: createPrompt(io),
        signal: interrupts.signal,
        previous: session.previous,
      },
      prepared
    );
    await renderer.close?.(); // a live tree's diffs come before the summary
    if (options.json !== true) io.stdout.write(`\n${formatSummary(summary, summaryStyle(io))}`);
    const code = exitCodeOfSummary(summary);
    const isUnfinishedDrill = summary.status !== 'ok' && !isDryRun && isDrillRunbook(runbook);
    if (!isUnfinishedDrill) return { code };
    const standing = await services
      .engine()
      .then((client) => readStanding(client, inventory))
      .catch((error: unknown) => [`Where the cluster stands could not be read from the engine: ${messageOf(error)}`]);
    return { code, standing };
  } finally {
    interrupts.dispose();
    await services.close();
    await sink.close?.();
  }
}
