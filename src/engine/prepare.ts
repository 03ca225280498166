/**
 * Everything about a run that can be wrong before it starts: the step selection (`--start-at`, `--only`, tags),
 * each step's module, and each step's targets (its `hosts` narrowed by `--limit`). Checked before the caller
 * journals `run.started`, so a bad option never leaves a journal without an end.
 */
import type { HostEntry, Inventory } from '../inventory/types';
import { resolveTargets } from '../inventory/select';
import { getModule } from '../modules/registry';
import type { StepModule } from '../modules/types';
import type { Runbook, Step } from '../runbook/types';
import { UnknownModuleError } from './errors';
import { selectSteps } from './select-steps';
import type { StepSelection } from './select-steps';

/** One step ready to run: its module and its targets (`[undefined]` for a step without `hosts`: it runs once). */
export interface PreparedStep {
  step: Step;
  module: StepModule<unknown, unknown>;
  targets: ReadonlyArray<HostEntry | undefined>;
}

export interface PrepareOptions extends StepSelection {
  runbook: Runbook;
  inventory: Inventory;
  /** A target selector every step's targets are narrowed to (`--limit`). */
  limit?: string;
  /** The modules steps may name (default: the registry). */
  modules?: Readonly<Record<string, StepModule<any, any>>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The selected steps in order with their modules and targets; throws the first bad option (a RunbookError). */
export function prepareRun(options: PrepareOptions): PreparedStep[] {
  return selectSteps(options.runbook.steps, options).map((step) => ({
    step,
    module: findModule(step, options.modules),
    targets: step.hosts === undefined ? [undefined] : resolveTargets(step.hosts, options.inventory, options.limit),
  }));
}

function findModule(step: Step, modules: PrepareOptions['modules']): StepModule<unknown, unknown> {
  if (modules === undefined) return getModule(step.module) ?? throwUnknownModule(step);
  if (!Object.hasOwn(modules, step.module)) throwUnknownModule(step);
  return modules[step.module] as StepModule<unknown, unknown>;
}

function throwUnknownModule(step: Step): never {
  throw new UnknownModuleError(step.id, step.module);
}
