/** Whether a failed attempt is worth repeating, and what the wait before the next one looks like. */
import { ExitCode, RunbookError } from '../shared/errors';
import { TemplateError } from '../template';
import { InvalidArgsError } from './errors';
import { UnknownInputError } from './unknown';

/**
 * Deterministic failures are not retried: bad templates or arguments, unknown inputs, a refusal, and errors
 * that say they are not retryable and carry no result (an operation that ran and failed carries its result).
 */
export function isWorthRetrying(error: unknown): boolean {
  if (error instanceof UnknownInputError || error instanceof TemplateError || error instanceof InvalidArgsError) {
    return false;
  }
  if (!(error instanceof RunbookError)) return true;
  if (error.exitCode === ExitCode.REFUSED || error.exitCode === ExitCode.INTERRUPTED) return false;
  return error.isRetryable || 'result' in error;
}

/** The operator said no (a declined pause): the run stops as refused. */
export function isRefusal(error: unknown): boolean {
  return error instanceof RunbookError && error.exitCode === ExitCode.REFUSED;
}
