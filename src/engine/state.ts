/** What every task of a run shares: the options, the scope, the tally, and whether the run is stopping. */
import { correlationPrefix, formatCorrelationId } from './correlation';
import { Durability } from './durability';
import type { RunEvent, TaskFinishedEvent, TaskKey } from './events';
import { taskKeyString } from './events';
import type { TaskResult } from './task-types';
import type { RunOptions } from './options';
import { Slots } from './pool';
import { RunScope } from './scope';
import { Tally } from './tally';

export const DEFAULT_FORKS = 10;
/**
 * Tasks that may wait on the engine at once (olvm waits, `wait`), apart from the forks. 50 is the engine's own bound
 * on the long operations it runs in the background, host installs among them: each runs on its EngineThreadPool,
 * whose 50 core threads (ENGINE_THREAD_POOL_MIN_SIZE, ovirt-engine packaging/services/ovirt-engine/ovirt-engine.conf.in)
 * take them in turn while the rest queue (docs/engine-modules.md, "Forks and waits").
 */
export const DEFAULT_WAITS = 50;

export class RunState {
  readonly scope: RunScope;
  readonly tally: Tally;
  readonly forks: number;
  /** The run's wait slots (see pool.ts). */
  readonly waits: Slots;
  /** When the run waits for its journal (see durability.ts). */
  readonly durability: Durability;
  /** A task failed (not ignored): no new target or step starts. */
  hasFailed = false;
  /** The operator declined a confirmation or pause. */
  refusal: string | undefined;
  private correlations = 0;
  private readonly correlationPrefix: string;
  private readonly previous: Map<string, TaskFinishedEvent> | undefined;

  constructor(readonly options: RunOptions) {
    this.scope = new RunScope(options.runbook, options.inventory, { id: options.runId, isDryRun: options.isDryRun });
    this.tally = new Tally(options.isDryRun);
    this.forks = Math.max(1, options.forks ?? DEFAULT_FORKS);
    this.waits = new Slots(options.waits ?? DEFAULT_WAITS);
    this.durability = new Durability(options.sink, options.isDryRun);
    this.previous = indexFinished(options.previous);
    this.correlationPrefix = correlationPrefix(options.runId);
  }

  /** Whether a task finished in an earlier attempt (resume); it will be restored, not run. */
  hasRestored(key: TaskKey): boolean {
    return this.previous?.has(taskKeyString(key)) === true;
  }

  /** A task finished in an earlier attempt (ok, changed or skipped): counted as restored, not run again. */
  restoredTask(key: TaskKey): TaskResult | undefined {
    const done = this.previous?.get(taskKeyString(key));
    if (done === undefined) return undefined;
    this.tally.restored += 1;
    return { status: done.status, registered: done.result ?? {}, isRestored: true };
  }

  get isInterrupted(): boolean {
    return this.options.signal.aborted;
  }

  /** No new task may start. */
  get isStopping(): boolean {
    return this.hasFailed || this.refusal !== undefined || this.options.signal.aborted;
  }

  emit(event: RunEvent): void {
    this.options.sink.emit(event);
  }

  /** `<run id>-<n>` in the engine's form (see correlation.ts). */
  nextCorrelationId(): string {
    this.correlations += 1;
    return formatCorrelationId(this.correlationPrefix, this.correlations);
  }

  /** Asks the operator unless --yes. */
  confirm(question: string): Promise<boolean> {
    return this.options.isYes ? Promise.resolve(true) : this.options.prompt(question);
  }
}

function indexFinished(previous: readonly TaskFinishedEvent[] | undefined): Map<string, TaskFinishedEvent> | undefined {
  if (previous === undefined || previous.length === 0) return undefined;
  const done = new Map<string, TaskFinishedEvent>();
  for (const event of previous) {
    // A failure the run went past (ignore_errors) finished too: it is not run again, as in docs/resume.md.
    if (event.status === 'failed' && event.isIgnored !== true) done.delete(taskKeyString(event));
    else done.set(taskKeyString(event), event);
  }
  return done;
}
