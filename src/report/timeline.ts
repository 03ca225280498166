/**
 * The step timeline of a run, on the control machine's clock: one span per `step.started` (a resumed run may start
 * a step again), closed by its `step.finished`, with the tasks that finished inside it.
 */
import type { RunEvent, StepStartedEvent, TaskFinishedEvent, TaskKey } from '../engine/events';
import type { Session, StepSpan, TaskSpan } from './types';

export function collectSteps(events: readonly RunEvent[]): StepSpan[] {
  const spans: StepSpan[] = [];
  const open = new Map<string, StepSpan>();
  for (const event of events) {
    if (event.type === 'step.started') {
      const span = openSpan(event);
      spans.push(span);
      open.set(event.stepId, span);
    } else if (event.type === 'task.finished') {
      open.get(event.stepId)?.tasks.push(toTaskSpan(event));
    } else if (event.type === 'step.finished') {
      closeSpan(open.get(event.stepId), event.at, event.durationMs, event.status);
      open.delete(event.stepId);
    }
  }
  return spans;
}

function openSpan(event: StepStartedEvent): StepSpan {
  return {
    stepId: event.stepId,
    ...(event.name === undefined ? {} : { name: event.name }),
    module: event.module,
    startedAt: event.at,
    tasks: [],
  };
}

function closeSpan(span: StepSpan | undefined, at: number, durationMs: number, status: StepSpan['status']): void {
  if (!span) return;
  span.finishedAt = at;
  span.durationMs = durationMs;
  span.status = status;
}

/** A task's span starts `durationMs` (every attempt included) before it finished. */
function toTaskSpan(event: TaskFinishedEvent): TaskSpan {
  return {
    ...keyFields(event),
    startedAt: event.at - event.durationMs,
    finishedAt: event.at,
    durationMs: event.durationMs,
    status: event.status,
    ...(event.error ? { error: event.error.message } : {}),
  };
}

function keyFields(key: TaskKey): Pick<TaskSpan, 'target' | 'item'> {
  return {
    ...(key.target === undefined ? {} : { target: key.target }),
    ...(key.item === undefined ? {} : { item: key.item }),
  };
}

/** Who ran the run: its start, then each resume. */
export function collectSessions(events: readonly RunEvent[]): Session[] {
  return events.flatMap((e): Session[] => {
    if (e.type !== 'run.started' && e.type !== 'run.resumed') return [];
    const kind = e.type === 'run.started' ? 'started' : 'resumed';
    return [{ kind, at: e.at, user: e.user, machine: e.machine, argv: e.argv }];
  });
}

/** The module of each step id, from its step.started (the olvm.wait tasks are found by it). */
export function modulesByStep(events: readonly RunEvent[]): Map<string, StepStartedEvent> {
  const steps = new Map<string, StepStartedEvent>();
  for (const e of events) if (e.type === 'step.started') steps.set(e.stepId, e);
  return steps;
}
