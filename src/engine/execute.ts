/**
 * A run: the selected steps in order, each fanned out over its targets, every transition an event. A failure
 * stops the run once the targets in flight finish; the summary names every failed task and why.
 */
import { messageOf } from '../shared/errors';
import { redactText } from '../shared/redact';
import type { RunFinishedEvent, RunStatus } from './events';
import type { RunOptions, RunSummary } from './options';
import { prepareRun } from './prepare';
import type { PreparedStep } from './prepare';
import { RunState } from './state';
import { runStep } from './step';

export type { RunOptions, RunSummary } from './options';

/**
 * Lets timers, signals and I/O callbacks run between steps: a long run of steps that never wait on I/O (echo,
 * assert) would otherwise hold the event loop in one chain of microtasks (no SIGINT, no display refresh).
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs the prepared steps (by default prepared here; a caller that journals `run.started` first calls prepareRun
 * before that, so a bad option fails before anything is written). Always ends with `run.finished`, also when a
 * step throws unexpectedly (the error is rethrown after it).
 */
export async function executeRun(
  options: RunOptions,
  prepared: readonly PreparedStep[] = prepareRun(options)
): Promise<RunSummary> {
  const startedAt = Date.now();
  const state = new RunState(options);
  for (const step of prepared) {
    if (state.isStopping) break;
    try {
      await runStep(state, step);
      await options.sink.settle?.();
    } catch (error) {
      await finishAfterThrow(state, startedAt, step.step.id, error);
      throw error;
    }
    await yieldToEventLoop();
  }
  const summary = summarize(state, Date.now() - startedAt);
  state.emit(toFinishedEvent(summary));
  await state.durability.sync();
  return summary;
}

/** A step threw (a bug, or the sink failed): record `run.finished` as failed, as far as the sink still can. */
async function finishAfterThrow(state: RunState, startedAt: number, stepId: string, error: unknown): Promise<void> {
  const summary = summarize(state, Date.now() - startedAt);
  const failure = { stepId, message: redactText(messageOf(error)), isIgnored: false };
  try {
    state.emit(toFinishedEvent({ ...summary, status: 'failed', failures: [...summary.failures, failure] }));
    await state.options.sink.flush?.();
  } catch {
    // The sink itself is broken: the error being rethrown says why.
  }
}

function statusOf(state: RunState): RunStatus {
  if (state.isInterrupted) return 'interrupted';
  return state.hasFailed || state.refusal !== undefined ? 'failed' : 'ok';
}

function summarize(state: RunState, durationMs: number): RunSummary {
  const { tally } = state;
  const summary: RunSummary = {
    runId: state.options.runId,
    status: statusOf(state),
    isDryRun: state.options.isDryRun,
    durationMs,
    counts: tally.counts,
    restored: tally.restored,
    failures: tally.failures,
    unknowns: tally.unknowns,
    changes: tally.changes,
  };
  if (state.refusal !== undefined) summary.refusal = state.refusal;
  return summary;
}

function toFinishedEvent(summary: RunSummary): RunFinishedEvent {
  return {
    type: 'run.finished',
    at: Date.now(),
    status: summary.status,
    durationMs: summary.durationMs,
    counts: { ...summary.counts },
    failures: summary.failures
      .filter((f) => !f.isIgnored)
      .map(({ stepId, target, item, message }) => ({
        stepId,
        ...(target !== undefined ? { target } : {}),
        ...(item !== undefined ? { item } : {}),
        message,
      })),
  };
}
