/**
 * Filters that see a missing input instead of failing on it: `default` (`d`) replaces it, `mandatory` fails with
 * the operator's message (as Ansible's does).
 */
import { EvalFailure } from '../errors';
import { isTruthy } from '../values';

/** Filters the evaluator hands a missing input to (as JS undefined). */
export const GUARD_FILTERS = new Set(['default', 'd', 'mandatory']);

export interface GuardCall {
  name: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  /** The input as written (`host.vars.fqdn`), for messages. */
  inputPath: string;
}

export function applyGuardFilter(input: unknown, call: GuardCall): unknown {
  const { args, kwargs } = call;
  if (call.name === 'mandatory') {
    if (input !== undefined) return input;
    const message = args[0] ?? kwargs.msg;
    throw new EvalFailure(
      typeof message === 'string' ? message : `mandatory variable "${call.inputPath}" is not defined`
    );
  }
  const fallback = args[0] ?? kwargs.default_value ?? '';
  const isFalsyReplaced = isTruthy(args[1] ?? kwargs.boolean ?? false);
  return input === undefined || (isFalsyReplaced && !isTruthy(input)) ? fallback : input;
}
