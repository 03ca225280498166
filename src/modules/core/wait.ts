/** `wait`: let time pass (a settle period between steps). Honours interrupts and step timeouts. */
import { formatDuration, parseDuration } from '../../shared/duration';
import { RunbookError } from '../../shared/errors';
import { planChanges } from '../types';
import type { StepModule } from '../types';
import { settle, sleep } from '../../shared/promises';

export interface WaitArgs {
  /** A duration: `90s`, `5m`, `1h30m`, or a number of seconds. */
  for: string | number;
}

export class InvalidDurationError extends RunbookError {
  readonly value: unknown;
  constructor(stepId: string, value: unknown) {
    super(`step "${stepId}": wait.for ${JSON.stringify(value)} is not a duration`, {
      code: 'INVALID_DURATION',
      hint: 'Write a duration like 90s, 5m or 1h30m, or a number of seconds.',
    });
    this.value = value;
  }
}

function durationOf(stepId: string, value: string | number): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidDurationError(stepId, value);
  return ms;
}

export const wait: StepModule<WaitArgs, number> = {
  name: 'wait',
  isReadOnly: true,
  description: 'Wait for a duration (`for: 5m`).',
  schema: {
    type: 'object',
    properties: { for: { type: ['string', 'number'], description: 'How long: `90s`, `5m`, `1h30m`, or seconds.' } },
    required: ['for'],
    additionalProperties: false,
  },
  plan(ctx, args) {
    return settle(() => {
      const ms = durationOf(ctx.stepId, args.for);
      return planChanges([{ path: 'wait', note: `would wait ${formatDuration(ms)}` }], ms);
    });
  },
  async apply(ctx, _args, plan) {
    const ms = plan.data ?? 0;
    await ctx.waiting(() => sleep(ms, ctx.signal));
    return { result: { waitedMs: ms } };
  },
};
