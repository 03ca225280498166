/** One step: ask for confirmation, fan out over its targets (bounded), and record how it went. */
import type { HostEntry } from '../inventory/types';
import type { Step } from '../runbook/types';
import { messageOf } from '../shared/errors';
import { redactText } from '../shared/redact';
import { renderValue } from '../template';
import { StepArgs } from './args';
import type { TaskStatus } from './events';
import { runEach, Slots, StepSlots } from './pool';
import type { PreparedStep } from './prepare';
import type { RunState } from './state';
import { runTarget } from './target';
import type { TaskResult } from './task-types';

/**
 * The step's status: its most telling task status, failed > changed > ok > skipped. A failure that
 * `ignore_errors` ignored counts as ok: it ran, and it fails neither the step nor the run.
 */
function summarizeResults(results: ReadonlyArray<Pick<TaskResult, 'status' | 'isIgnored'>>): TaskStatus {
  const statuses = results.map((r) => (r.isIgnored === true ? 'ok' : r.status));
  if (statuses.includes('failed')) return 'failed';
  if (statuses.includes('changed')) return 'changed';
  if (statuses.includes('ok')) return 'ok';
  return 'skipped';
}

/**
 * Asks the step's `confirm` question (not in dry-run, not under --yes), rendered once for the step (no host, no
 * loop variable, as the runbook's checks validate it); false when declined or when it cannot be asked.
 */
async function isConfirmed(state: RunState, step: Step): Promise<boolean> {
  if (step.confirm === undefined || state.options.isDryRun || state.options.isYes) return true;
  try {
    const scope = state.scope.forTarget(undefined, step.vars);
    const question = String(renderValue(step.confirm, scope, { stepId: step.id, field: 'confirm' }));
    if (await state.options.prompt(question)) return true;
    state.refusal = redactText(`step "${step.id}": the operator declined "${question}"`);
  } catch (error) {
    state.refusal = redactText(`step "${step.id}": ${messageOf(error)}`);
  }
  return false;
}

export async function runStep(state: RunState, prepared: PreparedStep): Promise<void> {
  const { step, module, targets } = prepared;
  const forks = new Slots(step.parallel ?? state.forks);
  const slots = new StepSlots(forks, state.waits, step.parallel === undefined);
  const spec = { step, module, args: new StepArgs(step, module), slots };
  if (isRestoredStep(state, step, targets)) return restoreStep(state, spec, targets);
  if (!(await isConfirmed(state, step))) return;
  const startedAt = Date.now();
  state.emit({
    type: 'step.started',
    at: startedAt,
    stepId: step.id,
    ...(step.name !== undefined ? { name: redactText(step.name) } : {}),
    module: step.module,
    targets: targets.flatMap((t) => (t === undefined ? [] : [t.name])),
  });
  const results: TaskResult[] = [];
  await runEach(
    targets,
    forks,
    async (target) => {
      results.push(...(await runTarget(state, spec, target)));
    },
    () => state.isStopping
  );
  const now = Date.now();
  state.emit({
    type: 'step.finished',
    at: now,
    stepId: step.id,
    status: summarizeResults(results),
    durationMs: now - startedAt,
  });
}

/**
 * Resume: every task of this step (without a loop, whose items are only known once rendered) finished in an
 * earlier attempt. It is not asked about, shown or journaled again; its tasks are restored, so `register` still
 * gets their results for later templates.
 */
function isRestoredStep(state: RunState, step: Step, targets: ReadonlyArray<HostEntry | undefined>): boolean {
  if (step.loop !== undefined || targets.length === 0) return false;
  return targets.every((t) =>
    state.hasRestored(t === undefined ? { stepId: step.id } : { stepId: step.id, target: t.name })
  );
}

async function restoreStep(
  state: RunState,
  spec: Parameters<typeof runTarget>[1],
  targets: ReadonlyArray<HostEntry | undefined>
): Promise<void> {
  for (const target of targets) await runTarget(state, spec, target);
}
