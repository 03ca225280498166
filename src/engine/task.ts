/**
 * One task (step x target x loop item) from start to finish: resume, `when`, attempts with `retries` /
 * `delay` / `until` and `timeout`, `ignore_errors`, and the events that record it.
 */
import type { HostEntry } from '../inventory/types';
import { plannedChanges } from './applied-changes';
import type { Plan } from '../modules/types';
import { sleep } from '../shared/promises';
import { redactText, redactValue } from '../shared/redact';
import { evaluate } from '../template';
import { explainUnknown, runAttempt } from './attempt';
import { TaskContext } from './context';
import { TaskInterruptedError, UntilNotMetError } from './errors';
import type { TaskKey } from './events';
import { finishFailed, finishSkipped, finishSucceeded, finishUnknownInput } from './finish';
import { shapeRegistered } from './register';
import type { AttemptOutcome, AttemptSpec, TaskResult } from './task-types';
import { isWorthRetrying } from './retry';
import { withValue } from './scope';
import type { RunState } from './state';
import { withTimeout } from './timeout';
import { UnknownInputError } from './unknown';

type Dict = Record<string, unknown>;

export interface TaskInput {
  spec: AttemptSpec;
  key: TaskKey;
  target: HostEntry | undefined;
  scope: Dict;
}

export async function runTask(state: RunState, input: TaskInput): Promise<TaskResult> {
  const restored = state.restoredTask(input.key);
  if (restored) return restored;
  const ctx = new TaskContext(state, input.key, input.target, input.spec, input.scope);
  const startedAt = Date.now();
  let skipReason: string | UnknownInputError | undefined;
  try {
    skipReason = checkWhen(ctx, input.spec);
  } catch (error) {
    return finishFailed(state, ctx, startedAt, 0, error, input.spec.step);
  }
  if (skipReason instanceof UnknownInputError) return finishUnknownInput(state, ctx, startedAt, skipReason);
  if (skipReason !== undefined) return finishSkipped(state, ctx, startedAt, skipReason);
  state.emit({ type: 'task.started', at: startedAt, ...input.key, attempt: 1 });
  return attemptUntilDone(state, ctx, input.spec, startedAt);
}

/** Undefined to run; a reason to skip; an UnknownInputError when `when` needs a dry-run unknown. */
function checkWhen(ctx: TaskContext, spec: AttemptSpec): string | UnknownInputError | undefined {
  const condition = spec.step.when;
  if (condition === undefined) return undefined;
  let verdict: unknown;
  try {
    verdict = evaluate(condition, ctx.scope, { stepId: ctx.stepId, field: 'when' });
  } catch (error) {
    const explained = explainUnknown(error, ctx);
    if (explained instanceof UnknownInputError) return explained;
    throw explained;
  }
  return verdict ? undefined : `when: ${condition} was false`;
}

async function attemptUntilDone(state: RunState, ctx: TaskContext, spec: AttemptSpec, startedAt: number) {
  const retry = spec.step.retry;
  const maxAttempts = 1 + (retry?.retries ?? 0);
  const onPlanned = (plan: Plan): void => emitPlanned(state, ctx, plan, spec.step.isNoLog === true);
  for (let attempt = 1; ; attempt += 1) {
    let failure: unknown;
    try {
      const outcome = await withTimeout(ctx, state.options.signal, spec.step.timeoutMs, () =>
        runAttempt(spec, ctx, onPlanned)
      );
      if (isUntilMet(ctx, spec, outcome)) return finishSucceeded(state, ctx, startedAt, attempt, outcome);
      failure = new UntilNotMetError(ctx.stepId, ctx.key.target, retry?.until ?? '', attempt);
    } catch (error) {
      failure = state.isInterrupted ? new TaskInterruptedError(ctx.stepId, ctx.key.target) : error;
      if (failure instanceof UnknownInputError) return finishUnknownInput(state, ctx, startedAt, failure, attempt);
      if (!isWorthRetrying(failure)) return finishFailed(state, ctx, startedAt, attempt, failure, spec.step);
    }
    if (attempt >= maxAttempts || state.isInterrupted) {
      return finishFailed(state, ctx, startedAt, attempt, failure, spec.step);
    }
    await waitBeforeRetry(state, ctx, attempt + 1, retry?.delayMs ?? 0, failure);
  }
}

/** `until` holds for this attempt's result (always true without `until`, or when the result is a dry-run unknown). */
function isUntilMet(ctx: TaskContext, spec: AttemptSpec, outcome: AttemptOutcome): boolean {
  const condition = spec.step.retry?.until;
  if (condition === undefined || outcome.unknownReason !== undefined) return true;
  if (ctx.isDryRun && outcome.status === 'changed') return true;
  const registered = shapeRegistered(outcome.registered, outcome.status === 'changed');
  let scope = withValue(ctx.scope, 'result', registered);
  if (spec.step.register !== undefined) scope = withValue(scope, spec.step.register, registered);
  try {
    return Boolean(evaluate(condition, scope, { stepId: ctx.stepId, field: 'retry.until' }));
  } catch (error) {
    throw explainUnknown(error, ctx);
  }
}

async function waitBeforeRetry(state: RunState, ctx: TaskContext, next: number, delayMs: number, failure: unknown) {
  const message = redactText(failure instanceof Error ? failure.message : String(failure));
  state.emit({ type: 'task.retrying', at: Date.now(), ...ctx.key, attempt: next, delayMs, error: message });
  try {
    await sleep(delayMs, state.options.signal);
  } catch {
    // Interrupted while waiting: the loop sees it and finishes the task.
  }
}

function emitPlanned(state: RunState, ctx: TaskContext, plan: Plan, isNoLog: boolean): void {
  state.emit({
    type: 'task.planned',
    at: Date.now(),
    ...ctx.key,
    status: plan.status,
    changes: plan.changes.length === 0 ? [] : redactValue(plannedChanges(plan.changes, isNoLog)),
    ...(plan.reason !== undefined ? { reason: redactText(plan.reason) } : {}),
  });
}
