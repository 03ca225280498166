/**
 * `assert`: conditions that must hold before the run goes on. Evaluated in plan (read-only), so a dry-run
 * checks them too. A failure names the condition and the values it saw.
 */
import { RunbookError } from '../../shared/errors';
import { planNone } from '../types';
import type { ModuleContext, StepModule } from '../types';
import { describeOperands } from './operands';
import { settle } from '../../shared/promises';

export interface AssertArgs {
  /** A condition (a template expression without braces) or a list of them; a rendered boolean also works. */
  that: string | boolean | Array<string | boolean>;
  /** Said instead of the default message when a condition fails. */
  fail_msg?: string;
}

export class AssertionFailedError extends RunbookError {
  readonly condition: string;
  readonly values: string;
  constructor(stepId: string, condition: string, values: string, failMessage: string | undefined) {
    const seen = values ? ` (${values})` : '';
    const head = failMessage ? `${failMessage}: ` : '';
    super(`step "${stepId}": ${head}assertion failed: ${condition}${seen}`, { code: 'ASSERTION_FAILED' });
    this.condition = condition;
    this.values = values;
  }
}

function conditionsOf(that: AssertArgs['that']): Array<string | boolean> {
  return Array.isArray(that) ? that : [that];
}

function checkCondition(ctx: ModuleContext, condition: string | boolean, failMessage: string | undefined): void {
  if (typeof condition === 'boolean') {
    if (!condition) throw new AssertionFailedError(ctx.stepId, 'false', '', failMessage);
    return;
  }
  if (!ctx.evaluate(condition)) {
    throw new AssertionFailedError(ctx.stepId, condition, describeOperands(ctx, condition), failMessage);
  }
}

export const assert: StepModule<AssertArgs, never> = {
  name: 'assert',
  isReadOnly: true,
  description: 'Fail unless every condition in `that` holds (checked in plan, so also in dry-run).',
  schema: {
    type: 'object',
    properties: {
      that: {
        type: ['string', 'boolean', 'array'],
        minLength: 1,
        minItems: 1,
        items: { type: ['string', 'boolean'] },
        description: 'A condition (bare expression or `{{ … }}`) or a list of them; all must hold.',
      },
      fail_msg: { type: 'string', description: 'The failure message (default: the first condition that failed).' },
    },
    required: ['that'],
    additionalProperties: false,
  },
  plan(ctx, args) {
    return settle(() => {
      const conditions = conditionsOf(args.that);
      for (const condition of conditions) checkCondition(ctx, condition, args.fail_msg);
      return planNone({ passed: conditions.length });
    });
  },
  apply() {
    return Promise.resolve({});
  },
};
