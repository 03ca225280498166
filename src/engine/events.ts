/**
 * The one event stream of a run. It feeds three readers: the progress display (ui/), the journal (runs/), which is
 * both the audit log and the checkpoint, and resume. Every event is plain JSON; secrets are redacted before emit.
 *
 * A "task" is one step x target (x loop item): the unit that is planned, applied, journaled and resumed.
 */
import type { Change, PlanStatus } from '../modules/types.js';

export const TaskStatus = {
  /** Planned, nothing to change (or a check passed). */
  OK: 'ok',
  /** Changes were applied (or, in dry-run, would be). */
  CHANGED: 'changed',
  /** `when` was false, or the target was limited out. */
  SKIPPED: 'skipped',
  FAILED: 'failed',
} as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

export const RunStatus = { OK: 'ok', FAILED: 'failed', INTERRUPTED: 'interrupted' } as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

/** Identifies a task: the journal and resume key on `stepId` + `target` + `item`. */
export interface TaskKey {
  stepId: string;
  /** Inventory host name; undefined for a step that runs once. */
  target?: string;
  /** Stable loop item key; undefined outside loops. */
  item?: string;
}

export function taskKeyString(key: TaskKey): string {
  return `${key.stepId}\u0000${key.target ?? ''}\u0000${key.item ?? ''}`;
}

export interface FileDigest {
  path: string;
  sha256: string;
}

export interface RunStartedEvent {
  type: 'run.started';
  runId: string;
  at: number;
  runbook: { name: string; path: string; files: FileDigest[] };
  inventory: { name: string; path: string; sha256: string };
  argv: string[];
  user: string;
  machine: string;
  cwd: string;
  isDryRun: boolean;
  version: string;
  /** The drill's recovery-time objective, ms (Runbook.rtoMs, else Inventory.rtoMs), when one is set. */
  rtoMs?: number;
  /** Which document `rtoMs` came from. */
  rtoSource?: 'runbook' | 'inventory';
  /** The runbook is a drill (it has olvm.wait steps): its report judges it even when it stopped before measuring. */
  isDrill?: boolean;
}

export interface RunResumedEvent {
  type: 'run.resumed';
  runId: string;
  at: number;
  argv: string[];
  user: string;
  machine: string;
  /** Tasks already finished that will be skipped. */
  finishedTasks: number;
  /** True when the runbook or inventory changed and --force was given. */
  isForced: boolean;
}

export interface StepStartedEvent {
  type: 'step.started';
  at: number;
  stepId: string;
  name?: string;
  module: string;
  targets: string[];
}

export interface TaskStartedEvent extends TaskKey {
  type: 'task.started';
  at: number;
  attempt: number;
}

export interface TaskOutputEvent extends TaskKey {
  type: 'task.output';
  at: number;
  line: string;
  /** A passing state (a wait's elapsed time) for the live view: plain lines skip it, the excerpt leaves it out. */
  isProgress?: true;
}

export interface TaskPlannedEvent extends TaskKey {
  type: 'task.planned';
  at: number;
  status: PlanStatus;
  changes: Change[];
  reason?: string;
}

export interface TaskRetryingEvent extends TaskKey {
  type: 'task.retrying';
  at: number;
  attempt: number;
  delayMs: number;
  error?: string;
}

export interface TaskFinishedEvent extends TaskKey {
  type: 'task.finished';
  at: number;
  status: TaskStatus;
  durationMs: number;
  attempts: number;
  changes: Change[];
  /** Present when the plan was unknown (dry-run). */
  unknownReason?: string;
  /** The registered value (redacted), restored on resume. */
  result?: Record<string, unknown>;
  /** The last lines of output, redacted and size-capped. */
  outputExcerpt?: string;
  correlationIds?: string[];
  /** `exitCode`: the CLI exit code of the error when it is not 1 (5: a host or the engine could not be reached). */
  error?: { message: string; code?: string; exitCode?: number };
  /** The failure was ignored (`ignore_errors`). */
  isIgnored?: boolean;
  /** Why it was skipped (`when` false, limited out). */
  skipReason?: string;
}

export interface StepFinishedEvent {
  type: 'step.finished';
  at: number;
  stepId: string;
  /**
   * The most telling status of the step's tasks (failed > changed > ok > skipped); a failure ignored by
   * `ignore_errors` counts as ok, so a step whose only failures were ignored does not report failed.
   */
  status: TaskStatus;
  durationMs: number;
}

export interface WarningEvent {
  type: 'warning';
  at: number;
  message: string;
  stepId?: string;
  target?: string;
}

export interface RunFinishedEvent {
  type: 'run.finished';
  at: number;
  status: RunStatus;
  durationMs: number;
  counts: Record<TaskStatus, number>;
  failures: Array<TaskKey & { message: string }>;
}

export type RunEvent =
  | RunStartedEvent
  | RunResumedEvent
  | StepStartedEvent
  | TaskStartedEvent
  | TaskOutputEvent
  | TaskPlannedEvent
  | TaskRetryingEvent
  | TaskFinishedEvent
  | StepFinishedEvent
  | WarningEvent
  | RunFinishedEvent;

export type RunEventType = RunEvent['type'];

/** A reader of the event stream. `flush` is awaited at durability points (a task finished, the run ended). */
export interface EventSink {
  emit(event: RunEvent): void;
  /** Resolve once every event emitted so far is durable / rendered. */
  flush?(): Promise<void>;
  /** Resolve once every event emitted so far is shown (a renderer drawing its step to the end); not a durability point. */
  settle?(): Promise<void>;
  close?(): Promise<void>;
}
