/**
 * Every task of one step on one target: one task, or one per loop item (in order, stopping when the run
 * stops), then what the step registers for that target. A finished task that may have changed the world is made
 * durable (the journal's fdatasync) before the next item of this target begins; targets finishing together share a
 * sync, and tasks that changed nothing are grouped (durability.ts).
 */
import type { HostEntry } from '../inventory/types';
import { explainUnknown } from './attempt';
import { TaskContext } from './context';
import type { TaskKey } from './events';
import { finishFailed, finishUnknownInput } from './finish';
import { expandLoop } from './loop';
import type { LoopItem } from './loop';
import { loopRegister } from './register';
import type { RunState } from './state';
import { runTask } from './task';
import type { AttemptSpec, TaskResult } from './task-types';
import { UnknownInputError } from './unknown';

type Dict = Record<string, unknown>;

function keyFor(stepId: string, target: HostEntry | undefined, item?: string): TaskKey {
  const key: TaskKey = { stepId };
  if (target !== undefined) key.target = target.name;
  if (item !== undefined) key.item = item;
  return key;
}

/** Runs the step's tasks for `target`; returns how each ended. */
export async function runTarget(
  state: RunState,
  spec: AttemptSpec,
  target: HostEntry | undefined
): Promise<TaskResult[]> {
  const scope = state.scope.forTarget(target, spec.step.vars);
  const step = spec.step;
  if (step.loop === undefined) {
    const result = await runTask(state, { spec, key: keyFor(step.id, target), target, scope });
    await state.durability.afterTask(result);
    if (step.register !== undefined) state.scope.register(step.register, result.registered, registerHost(spec, target));
    return [result];
  }
  const items = expandItems(state, spec, target, scope);
  if (!Array.isArray(items)) return [items];
  const results: TaskResult[] = [];
  const registered: unknown[] = [];
  for (const item of items) {
    if (state.isStopping) break;
    const result = await runTask(state, { spec, key: keyFor(step.id, target, item.key), target, scope: item.scope });
    await state.durability.afterTask(result);
    results.push(result);
    registered.push(withItem(result.registered, item.value));
  }
  if (step.register !== undefined)
    state.scope.register(step.register, loopRegister(registered), registerHost(spec, target));
  return results;
}

/** The loop's items, or the finished result of a task standing for the whole target when they cannot be known. */
function expandItems(
  state: RunState,
  spec: AttemptSpec,
  target: HostEntry | undefined,
  scope: Dict
): LoopItem[] | TaskResult {
  const loop = spec.step.loop;
  if (loop === undefined) return [];
  try {
    return expandLoop(loop, scope, spec.step.id, target?.name);
  } catch (error) {
    const ctx = new TaskContext(state, keyFor(spec.step.id, target), target, spec, scope);
    const explained = explainUnknown(error, ctx);
    const startedAt = Date.now();
    if (explained instanceof UnknownInputError) return finishUnknownInput(state, ctx, startedAt, explained);
    return finishFailed(state, ctx, startedAt, 0, explained, spec.step);
  }
}

function withItem(registered: unknown, item: unknown): unknown {
  if (registered === null || typeof registered !== 'object' || Array.isArray(registered)) return registered;
  return { ...(registered as Dict), item };
}

/** A step without `hosts` registers for everyone; otherwise for its target. */
function registerHost(spec: AttemptSpec, target: HostEntry | undefined): string | undefined {
  return spec.step.hosts === undefined ? undefined : target?.name;
}
