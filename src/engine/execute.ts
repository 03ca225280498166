/**
 * A run: the selected steps in order, each fanned out over its targets, every transition an event. A failure
 * stops the run once the targets in flight finish; the summary names every failed task and why.
 */
import type { HostEntry } from '../inventory/types';
import type { Step } from '../runbook/types';
import type { RunFinishedEvent, RunStatus } from './events';
import type { RunOptions, RunSummary } from './options';
import { selectSteps } from './select-steps';
import { RunState } from './state';
import { runStep } from './step';
import { resolveStepTargets } from './targets';

export type { RunOptions, RunSummary } from './options';

/** Resolve every step's targets before anything runs, so a bad selector fails the run before any change. */
function planTargets(state: RunState, steps: readonly Step[]): Array<Array<HostEntry | undefined>> {
  return steps.map((step) => resolveStepTargets(step, state.options.inventory, state.options.limit));
}

/**
 * Lets timers, signals and I/O callbacks run between steps: a long run of steps that never wait on I/O (echo,
 * assert) would otherwise hold the event loop in one chain of microtasks (no SIGINT, no display refresh).
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function executeRun(options: RunOptions): Promise<RunSummary> {
  const startedAt = Date.now();
  const state = new RunState(options);
  const steps = selectSteps(options.runbook.steps, options);
  const targets = planTargets(state, steps);
  for (let i = 0; i < steps.length && !state.isStopping; i += 1) {
    await runStep(state, steps[i] as Step, targets[i] ?? []);
    await options.sink.flush?.();
    await yieldToEventLoop();
  }
  const summary = summarize(state, Date.now() - startedAt);
  state.emit(toFinishedEvent(summary));
  await options.sink.flush?.();
  return summary;
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
