/**
 * One attempt of a task: render and check the arguments, plan, and (in a real run, when the plan has changes)
 * apply. In dry-run, inputs that an earlier unapplied step would produce make the plan unknown.
 */
import { appliedChanges, plannedChanges } from './applied-changes';
import type { ApplyResult, Plan } from '../modules/types';
import { PlanStatus } from '../modules/types';
import { referencedNames, TemplateError } from '../template';
import type { TaskContext } from './context';
import { UnknownPlanError } from './errors';
import { TaskStatus } from './events';
import { findUnknownStep } from './scope';
import type { AttemptOutcome, AttemptSpec } from './task-types';
import { findUnknown, makeUnknown, UnknownInputError, unknownReason } from './unknown';

/** In dry-run, a template error caused by an earlier step's unknown result becomes an UnknownInputError. */
export function explainUnknown(error: unknown, ctx: TaskContext): unknown {
  if (!ctx.isDryRun || !(error instanceof TemplateError)) return error;
  const stepId = findUnknownStep(ctx.scope, referencedNames(error.expression));
  return stepId === undefined ? error : new UnknownInputError(unknownReason(stepId));
}

function prepareArgs(spec: AttemptSpec, ctx: TaskContext): unknown {
  let args: unknown;
  try {
    args = spec.args.prepare(ctx.scope, ctx.key.target);
  } catch (error) {
    throw explainUnknown(error, ctx);
  }
  const unknown = ctx.isDryRun ? findUnknown(args) : undefined;
  if (unknown) throw new UnknownInputError(unknownReason(unknown.step));
  return args;
}

async function planTask(spec: AttemptSpec, ctx: TaskContext, args: unknown): Promise<Plan> {
  try {
    return await spec.module.plan(ctx, args);
  } catch (error) {
    throw explainUnknown(error, ctx);
  }
}

export async function runAttempt(
  spec: AttemptSpec,
  ctx: TaskContext,
  onPlanned: (plan: Plan) => void
): Promise<AttemptOutcome> {
  const args = prepareArgs(spec, ctx);
  const plan = await planTask(spec, ctx, args);
  onPlanned(plan);
  if (plan.status === PlanStatus.NONE) return { status: TaskStatus.OK, changes: [], registered: plan.result ?? {} };
  const isNoLog = spec.step.isNoLog === true;
  if (plan.status === PlanStatus.UNKNOWN) {
    const reason = plan.reason ?? 'the module cannot tell before earlier steps are applied';
    if (!ctx.isDryRun) throw new UnknownPlanError(spec.step.id, ctx.key.target, reason);
    return {
      status: TaskStatus.CHANGED,
      changes: plannedChanges(plan.changes, isNoLog),
      registered: makeUnknown(spec.step.id),
      unknownReason: reason,
    };
  }
  if (ctx.isDryRun) {
    return {
      status: TaskStatus.CHANGED,
      changes: plannedChanges(plan.changes, isNoLog),
      registered: makeUnknown(spec.step.id),
    };
  }
  const applied: ApplyResult = await spec.module.apply(ctx, args, plan);
  const outcome: AttemptOutcome = {
    status: TaskStatus.CHANGED,
    changes:
      applied.changes === undefined ? appliedChanges(plan.changes, isNoLog) : plannedChanges(applied.changes, isNoLog),
    registered: applied.result ?? {},
  };
  if (applied.correlationIds) outcome.correlationIds = applied.correlationIds;
  return outcome;
}
