/**
 * The shapes a task passes between its parts (attempt, context, finish, state): here, so that those files import
 * them from one place instead of from each other (no import cycle).
 */
import type { Change, StepModule } from '../modules/types';
import type { Step } from '../runbook/types';
import type { StepArgs } from './args';
import type { TaskStatus } from './events';
import type { StepSlots } from './pool';

/** What a task of a step runs: the step, its module, its arguments, and the slots its tasks run in. */
export interface AttemptSpec {
  step: Step;
  module: StepModule<unknown, unknown>;
  args: StepArgs;
  slots: StepSlots;
}

/** How one attempt ended. */
export interface AttemptOutcome {
  status: TaskStatus;
  changes: Change[];
  /** The value to register (an unknown placeholder when a dry-run plan has changes). */
  registered: unknown;
  unknownReason?: string;
  /** Correlation ids the module reported (besides those it took from ctx.correlationId()). */
  correlationIds?: string[];
}

/** How a task ended. */
export interface TaskResult {
  status: TaskStatus;
  /** What the step's `register` name receives for this task. */
  registered: unknown;
  /** A failure that `ignore_errors` ignored: it does not fail the step or the run. */
  isIgnored?: boolean;
  /** Finished in an earlier attempt of the run (resume): restored from the journal, not run now. */
  isRestored?: boolean;
}
