/**
 * The engine VM moves olvm.engine_vm made (a self-hosted engine's VM migrated home after the failback). No wait sees
 * them when the step comes after the last one, so the report adds each from the step's result (its time is when the
 * step's polls saw the VM up on its new host: `by: polling`), and where the VM ended when such a step finished
 * after the last wait that saw it.
 */
import type { RunEvent, StepStartedEvent } from '../engine/events';
import { numberAt, stringAt } from './json-read';
import type { WaitPart } from './moves';
import { Witness } from './types';
import type { EngineVmMove, SiteFigures } from './types';

export const ENGINE_VM_MODULE = 'olvm.engine_vm';

interface StepSighting {
  /** The position of the step's task.finished in the journal. */
  index: number;
  host: string;
  move?: EngineVmMove;
}

function sightingsOf(events: readonly RunEvent[], steps: Map<string, StepStartedEvent>): StepSighting[] {
  return events.flatMap((e, index): StepSighting[] => {
    if (e.type !== 'task.finished' || steps.get(e.stepId)?.module !== ENGINE_VM_MODULE) return [];
    const result = e.result ?? {};
    const host = stringAt(result, 'host');
    if (host === undefined) return [];
    const fromHost = stringAt(result, 'from_host');
    const at = numberAt(result, 'moved_at');
    if (fromHost === undefined) return [{ index, host }];
    const move: EngineVmMove = { fromHost, toHost: host, how: 'migrated', by: Witness.POLLING };
    if (at !== undefined) move.at = at;
    return [{ index, host, move }];
  });
}

/** The engine VM of the waits with the moves of olvm.engine_vm steps, and where it is after the last of them. */
export function withEngineVmSteps(
  engineVm: SiteFigures['engineVm'],
  input: { events: readonly RunEvent[]; steps: Map<string, StepStartedEvent>; parts: readonly WaitPart[] }
): SiteFigures['engineVm'] {
  const sightings = sightingsOf(input.events, input.steps);
  if (engineVm === undefined || sightings.length === 0) return engineVm;
  const waitIds = new Set(input.parts.filter((p) => p.result.engine_vm !== undefined).map((p) => p.stepId));
  const lastWait = input.events.findLastIndex((e) => e.type === 'task.finished' && waitIds.has(e.stepId));
  const later = sightings.filter((s) => s.index > lastWait);
  const moves = later.flatMap((s) => (s.move !== undefined ? [s.move] : []));
  const last = later.at(-1);
  return {
    ...engineVm,
    moves: [...engineVm.moves, ...moves],
    ...(last !== undefined ? { hostAfter: last.host } : {}),
  };
}
