/**
 * What `runbook exec` adds for durable runs: `--resume [RUN]` and `--force`, the run session (journal, lock,
 * finished tasks to skip) and the sink that feeds both the renderer and the journal.
 */
import type { EventSink, RunEvent } from '../engine/events';
import type { Inventory } from '../inventory/types';
import type { Runbook } from '../runbook/types';
import type { EngineIdentity } from '../runs/engine-lock';
import { resolveLockDir, resolveStateDir } from '../runs/paths';
import { openRunSession } from '../runs/session';
import type { OpenRunOptions, RunSession } from '../runs/session';
import { openSigner } from '../runs/ssh-signer';
import { openStateBackend } from './state-backend';
import { ExitCode, RunbookError } from '../shared/errors';
import { resolveUserPath } from '../shared/paths';
import { TeeSink } from '../ui/tee';
import type { CliIo } from './io';
import { withKillHook } from './kill-hook';
import { registerKnownSecrets } from './known-secrets';
import { version } from './version';

export interface ResumeFlags {
  /** `--resume` alone is true; `--resume RUN` is the run id. */
  resume?: string | boolean;
  force?: boolean;
}

/** `--resume` or `--force` where they cannot apply. */
export class ResumeUsageError extends RunbookError {
  constructor(message: string, hint: string) {
    super(message, { code: 'USAGE', exitCode: ExitCode.USAGE, hint });
  }
}

export interface OpenDurableRunOptions extends ResumeFlags {
  io: CliIo;
  argv: string[];
  isDryRun: boolean;
  runbook: Runbook;
  inventory: Inventory;
  /** The inventory (as the run sees it: a lab's points at the lab) of the engine the run changes; none: no lock. */
  lockEngineOf: Inventory | undefined;
}

export async function openDurableRun(options: OpenDurableRunOptions): Promise<RunSession> {
  const isResume = options.resume !== undefined && options.resume !== false;
  checkFlags(isResume, options);
  await registerKnownSecrets(options.inventory, options.runbook.vars);
  const signing = await openSigning(options.inventory, options.io.env, options.io.cwd);
  const run = typeof options.resume === 'string' ? options.resume : undefined;
  const backend = await openStateBackend(options.inventory);
  // The session closes the backend; until it exists, a failure closes it here.
  return openRunSession({
    ...(backend === undefined ? {} : { backend }),
    stateDir: resolveStateDir(options.io.cwd, options.io.env),
    inputs: { runbook: { ...options.runbook, isDrill: isDrillRunbook(options.runbook) }, inventory: options.inventory },
    argv: options.argv,
    isDryRun: options.isDryRun,
    version,
    cwd: options.io.cwd,
    ...(signing === undefined ? {} : { signing }),
    ...(options.lockEngineOf === undefined
      ? {}
      : { lock: { lockDir: resolveLockDir(options.io.env), engine: engineOf(options.lockEngineOf) } }),
    ...(isResume ? { resume: { ...(run === undefined ? {} : { run }), isForced: options.force === true } } : {}),
  }).catch(async (error: unknown) => {
    await backend?.close();
    throw error;
  });
}

/** RUNBOOK_SIGNING_KEY (the operator's), else the inventory's `state.signing_key`; none: the journal is not signed. */
async function openSigning(
  inventory: Inventory,
  env: NodeJS.ProcessEnv,
  cwd: string
): Promise<OpenRunOptions['signing']> {
  const fromEnv = env['RUNBOOK_SIGNING_KEY'];
  const key = fromEnv ? (fromEnv === 'agent' ? fromEnv : resolveUserPath(fromEnv, cwd)) : inventory.state?.signingKey;
  if (key === undefined) return undefined;
  const checkpointMs = inventory.state?.checkpointMs;
  return { signer: await openSigner(key, env), ...(checkpointMs === undefined ? {} : { checkpointMs }) };
}

/** A drill measures its failover with olvm.wait (docs/drills.md). */
export function isDrillRunbook(runbook: Runbook): boolean {
  return runbook.steps.some((step) => step.module === 'olvm.wait');
}

export function engineOf(inventory: Inventory): EngineIdentity {
  return { url: inventory.engine.url, cluster: inventory.cluster.name };
}

function checkFlags(isResume: boolean, options: OpenDurableRunOptions): void {
  if (isResume && options.isDryRun) {
    throw new ResumeUsageError(
      "--resume cannot be combined with a dry run: it would write a plan into the real run's journal",
      'run `runbook plan FILE` for a fresh plan, or resume without --dry-run'
    );
  }
  if (options.force === true && !isResume) {
    throw new ResumeUsageError('--force only applies to --resume', 'add --resume, or leave out --force');
  }
}

/**
 * The renderer and the journal as one sink (the journal behind the test crash injector, inert by default). File
 * diffs go to the terminal only: the journal records the sha256 of each change, never the content.
 */
export function makeRunSink(session: RunSession, renderer: EventSink, env: NodeJS.ProcessEnv): EventSink {
  return new TeeSink(renderer, withoutDiffs(withKillHook(session.journal, env)));
}

function withoutDiffs(sink: EventSink): EventSink {
  return {
    emit: (event: RunEvent) => {
      const hasDiff = 'changes' in event && event.changes.some((change) => change.diff !== undefined);
      if (!hasDiff) return sink.emit(event);
      sink.emit({ ...event, changes: event.changes.map(({ diff: _diff, ...change }) => change) } as RunEvent);
    },
    flush: () => sink.flush?.() ?? Promise.resolve(),
    close: () => sink.close?.() ?? Promise.resolve(),
  };
}

/** One line for the operator when a run is resumed (the plain and listr renderers do not show run.resumed). */
export function describeResume(session: RunSession): string {
  const done = session.previous.length;
  return `Resuming run ${session.runId}: ${done} task${done === 1 ? '' : 's'} already done (journal ${session.journal.path})\n`;
}
