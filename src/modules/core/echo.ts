/** `echo`: show a message to the operator and register it. Changes nothing. */
import { planNone } from '../types';
import type { StepModule } from '../types';

export interface EchoArgs {
  msg: unknown;
}

export const echo: StepModule<EchoArgs, never> = {
  name: 'echo',
  isReadOnly: true,
  description: 'Show a message (any rendered value) and register it as {msg}.',
  schema: {
    type: 'object',
    properties: { msg: { description: 'What to show: text or any rendered value; registered as `msg`.' } },
    required: ['msg'],
    additionalProperties: false,
  },
  plan(ctx, args) {
    const text = typeof args.msg === 'string' ? args.msg : JSON.stringify(args.msg);
    for (const line of String(text).split('\n')) ctx.output(line);
    return Promise.resolve(planNone({ msg: args.msg }));
  },
  apply() {
    return Promise.resolve({});
  },
};
