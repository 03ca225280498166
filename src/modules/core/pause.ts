/** `pause`: stop until the operator says yes (a checkpoint before a disruptive phase). `--yes` answers it. */
import { ExitCode, RunbookError } from '../../shared/errors';
import { planChanges } from '../types';
import type { StepModule } from '../types';

export interface PauseArgs {
  prompt: string;
}

export class PauseDeclinedError extends RunbookError {
  readonly prompt: string;
  constructor(stepId: string, prompt: string) {
    super(`step "${stepId}": the operator declined "${prompt}"`, {
      code: 'PAUSE_DECLINED',
      exitCode: ExitCode.REFUSED,
      hint: 'Run again (or resume) when it is safe to continue.',
    });
    this.prompt = prompt;
  }
}

export const pause: StepModule<PauseArgs, never> = {
  name: 'pause',
  isReadOnly: true,
  description: 'Ask the operator to confirm before going on (answered by --yes).',
  schema: {
    type: 'object',
    properties: { prompt: { type: 'string', minLength: 1, description: 'The yes/no question asked on the terminal.' } },
    required: ['prompt'],
    additionalProperties: false,
  },
  plan(_ctx, args) {
    return Promise.resolve(planChanges([{ path: 'pause', note: `would ask: ${args.prompt}` }]));
  },
  async apply(ctx, args) {
    const isConfirmed = await ctx.confirm(args.prompt);
    if (!isConfirmed) throw new PauseDeclinedError(ctx.stepId, args.prompt);
    return { result: { confirmed: true } };
  },
};
