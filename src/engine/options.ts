/** What a run is given and what it returns. */
import type { Inventory } from '../inventory/types';
import type { ModuleServices } from '../modules/services';
import type { Change, StepModule } from '../modules/types';
import type { Runbook } from '../runbook/types';
import type { EventSink, RunStatus, TaskFinishedEvent, TaskKey, TaskStatus } from './events';

export interface RunOptions {
  runId: string;
  runbook: Runbook;
  inventory: Inventory;
  isDryRun: boolean;
  /** How many targets of a step run at once unless the step says `parallel` (default 10). */
  forks?: number;
  /**
   * How many tasks may wait on the engine at once (olvm waits, `wait`) without holding a fork: a waiting task lends
   * its fork to another target (default 50, see state.ts).
   */
  waits?: number;
  /** A target selector every step's targets are narrowed to (`--limit`). */
  limit?: string;
  /** Skip the steps before this one (`--start-at`). */
  startAt?: string;
  /** Run only these steps (`--only`). */
  only?: string[];
  /** Run only steps with one of these tags (`--tags`). */
  tags?: string[];
  /** Skip steps with one of these tags (`--skip-tags`). */
  skipTags?: string[];
  /** `--yes`: every confirmation and pause is answered yes. */
  isYes: boolean;
  sink: EventSink;
  services: ModuleServices;
  /** The modules steps may name (default: the registry). */
  modules?: Readonly<Record<string, StepModule<any, any>>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Asks the operator a yes/no question; rejects when no one can answer. */
  prompt: (question: string) => Promise<boolean>;
  /** Aborted on interrupt (SIGINT / SIGTERM): no new task starts, running ones are told to stop. */
  signal: AbortSignal;
  /**
   * Finished tasks of an earlier attempt of this run (resume): those that ended ok, changed or skipped are not
   * run again and their registered results are restored; failed ones run again.
   */
  previous?: readonly TaskFinishedEvent[];
}

export interface TaskFailure extends TaskKey {
  message: string;
  code?: string;
  /** The exit code of the error (ExitCode.CONNECTION when a host or the engine was unreachable or refused us). */
  exitCode?: number;
  isIgnored: boolean;
}

export interface TaskUnknown extends TaskKey {
  reason: string;
}

export interface TaskChanges extends TaskKey {
  changes: Change[];
}

export interface RunSummary {
  runId: string;
  status: RunStatus;
  isDryRun: boolean;
  durationMs: number;
  counts: Record<TaskStatus, number>;
  /** Tasks finished in an earlier attempt and not run again (resume). */
  restored: number;
  /** Every failed task, ignored ones marked. */
  failures: TaskFailure[];
  /** Dry-run tasks whose plan could not be known, with the reason. */
  unknowns: TaskUnknown[];
  /** Dry-run only: the changes a real run would make. */
  changes: TaskChanges[];
  /** Set when the operator declined a confirmation or pause: the run stopped as refused. */
  refusal?: string;
}
