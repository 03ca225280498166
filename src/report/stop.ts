/**
 * Where a failed or interrupted drill stopped: its first failure (not ignored, not an operator's refusal), and
 * whether it came before the drill changed anything (a precondition: the checks and asserts before the failover).
 */
import type { RunEvent, StepStartedEvent } from '../engine/events';
import type { DrillStop } from './types';

/** Failures that are the operator's choice, not the drill's: a declined pause. */
const REFUSALS: ReadonlySet<string> = new Set(['PAUSE_DECLINED']);

export function findStop(events: readonly RunEvent[], steps: Map<string, StepStartedEvent>): DrillStop | undefined {
  let hasChanged = false;
  for (const event of events) {
    if (event.type !== 'task.finished') continue;
    if (event.status === 'changed') hasChanged = true;
    if (event.status !== 'failed' || event.isIgnored === true) continue;
    if (event.error?.code !== undefined && REFUSALS.has(event.error.code)) return undefined;
    const module = steps.get(event.stepId)?.module;
    return {
      stepId: event.stepId,
      ...(event.target !== undefined ? { target: event.target } : {}),
      ...(module !== undefined ? { module } : {}),
      error: event.error?.message ?? 'failed',
      isPrecondition: !hasChanged,
    };
  }
  return undefined;
}
