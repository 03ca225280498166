/**
 * A step's arguments for one task: templates rendered against the task's scope, then checked and coerced by
 * the module's schema. Arguments without templates are prepared once per step and shared by every task.
 */
import type { StepModule } from '../modules/types';
import type { Step } from '../runbook/types';
import { isTemplate, renderValue } from '../template';
import { validateArgs } from './validate-args';

type Dict = Record<string, unknown>;

function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return isTemplate(value);
  if (value === null || typeof value !== 'object') return false;
  const items = Array.isArray(value) ? (value as unknown[]) : Object.values(value as Dict);
  return items.some(hasTemplate);
}

export class StepArgs {
  private readonly isStatic: boolean;
  private prepared: unknown;
  private isPrepared = false;

  constructor(
    private readonly step: Step,
    private readonly module: StepModule<unknown, unknown>
  ) {
    this.isStatic = !hasTemplate(step.args);
  }

  /** The rendered, validated arguments for a task on `target`. Throws TemplateError or InvalidArgsError. */
  prepare(scope: Dict, target: string | undefined): unknown {
    if (this.isStatic && this.isPrepared) return this.prepared;
    const rendered = this.isStatic
      ? structuredClone(this.step.args)
      : renderValue(this.step.args ?? {}, scope, { stepId: this.step.id, field: this.step.module });
    const args = rendered ?? {};
    validateArgs(this.module, args, this.step.id, target);
    if (this.isStatic) {
      this.prepared = args;
      this.isPrepared = true;
    }
    return args;
  }
}
