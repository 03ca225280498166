/** Dispatches scheduled world tasks to their behaviour, and wires the world's settle reactions. */
import type { ScheduledTask } from './clock';
import { importPendingVms } from './imports';
import { ensureSpm, finishContending } from './spm';
import { TaskKind } from './task-kinds';
import type { TaskPayload, World } from './world';

type TaskHandler = (world: World, payload: TaskPayload) => void;

const str = (payload: TaskPayload, key: string): string => String(payload[key]);

const HANDLERS: Partial<Record<TaskKind, TaskHandler>> = {
  [TaskKind.SPM_CONTEND_DONE]: (world, p) => finishContending(world, str(p, 'hostId')),
};

export function runTask(world: World, task: ScheduledTask): void {
  const handler = HANDLERS[task.kind as TaskKind];
  if (handler === undefined) return;
  handler(world, task.payload);
  world.settle();
}

/** Connect a world to its clock and its reactions; call once per World. */
export function wireWorld(world: World): void {
  world.clock.onTask((task) => runTask(world, task));
  world.onSettle((w) => ensureSpm(w));
  world.onSettle(importPendingVms);
}
