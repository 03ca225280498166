/** Ending a task: the task.finished event (redacted), the tally, and the value the step registers. */
import type { Step } from '../runbook/types';
import { ExitCode, messageOf, RunbookError } from '../shared/errors';
import { redactText, redactValue } from '../shared/redact';
import type { TaskContext } from './context';
import type { TaskFinishedEvent, TaskStatus } from './events';
import type { RunState } from './state';
import { failedRegister, shapeRegistered } from './register';
import { describeTask } from './errors';
import { isRefusal } from './retry';
import type { AttemptOutcome, TaskResult } from './task-types';
import { isUnknown, makeUnknown } from './unknown';
import type { UnknownInputError } from './unknown';

type Dict = Record<string, unknown>;

function baseEvent(ctx: TaskContext, startedAt: number, status: TaskStatus, attempts: number): TaskFinishedEvent {
  const now = Date.now();
  return { type: 'task.finished', at: now, ...ctx.key, status, durationMs: now - startedAt, attempts, changes: [] };
}

function emitFinished(state: RunState, ctx: TaskContext, event: TaskFinishedEvent): void {
  ctx.isFinished = true;
  const excerpt = ctx.excerpt();
  if (excerpt !== undefined) event.outputExcerpt = excerpt;
  state.tally.record(event);
  state.emit(event);
}

export function finishSucceeded(
  state: RunState,
  ctx: TaskContext,
  startedAt: number,
  attempts: number,
  outcome: AttemptOutcome
): TaskResult {
  const event = baseEvent(ctx, startedAt, outcome.status, attempts);
  if (outcome.changes.length > 0) event.changes = redactValue(outcome.changes);
  if (outcome.unknownReason !== undefined) event.unknownReason = redactText(outcome.unknownReason);
  const registered = shapeRegistered(outcome.registered, outcome.status === 'changed');
  if (!isUnknown(registered)) event.result = redactValue(registered) as Dict;
  const ids = ctx.collectCorrelationIds(outcome.correlationIds);
  if (ids) event.correlationIds = ids;
  emitFinished(state, ctx, event);
  return { status: outcome.status, registered };
}

export function finishSkipped(state: RunState, ctx: TaskContext, startedAt: number, reason: string): TaskResult {
  const event = baseEvent(ctx, startedAt, 'skipped', 0);
  event.skipReason = redactText(reason);
  const registered = { skipped: true, changed: false, failed: false, reason };
  event.result = redactValue(registered);
  emitFinished(state, ctx, event);
  return { status: 'skipped', registered };
}

/** Dry-run: an input comes from a step that would change, so what this task would do cannot be known yet. */
export function finishUnknownInput(
  state: RunState,
  ctx: TaskContext,
  startedAt: number,
  error: UnknownInputError,
  attempts = 0
): TaskResult {
  const event = baseEvent(ctx, startedAt, 'changed', attempts);
  event.unknownReason = redactText(error.reason);
  emitFinished(state, ctx, event);
  return { status: 'changed', registered: makeUnknown(ctx.stepId) };
}

export function finishFailed(
  state: RunState,
  ctx: TaskContext,
  startedAt: number,
  attempts: number,
  error: unknown,
  step: Step
): TaskResult {
  const event = baseEvent(ctx, startedAt, 'failed', attempts);
  const message = redactText(messageOf(error));
  event.error = error instanceof RunbookError ? { message, code: error.code } : { message };
  // Recorded when it is not the usual STEP_FAILED: the CLI exits 5 when every failure was a connection's.
  if (error instanceof RunbookError && error.exitCode !== ExitCode.STEP_FAILED) event.error.exitCode = error.exitCode;
  const registered = failedRegister(error, message);
  event.result = redactValue(registered);
  const ids = ctx.collectCorrelationIds(undefined);
  if (ids) event.correlationIds = ids;
  if (isRefusal(error))
    state.refusal ??= message.startsWith('step "')
      ? message
      : `${describeTask(ctx.stepId, ctx.key.target)}: ${message}`;
  else if (step.ignoreErrors) event.isIgnored = true;
  else state.hasFailed = true;
  emitFinished(state, ctx, event);
  return event.isIgnored === true
    ? { status: 'failed', registered, isIgnored: true }
    : { status: 'failed', registered };
}
