/** Errors of the olvm.* modules: arguments that cannot work, engine objects that are not there, unconfirmed writes. */
import { RunbookError } from '../../shared/errors';

function where(stepId: string, target: string | undefined): string {
  return target === undefined ? `step "${stepId}"` : `step "${stepId}" on ${target}`;
}

/** The step asks for something the engine or the arguments cannot give (an unknown host, a lease without HA). */
export class OlvmModuleError extends RunbookError {
  readonly module: string;
  readonly stepId: string;
  readonly target: string | undefined;
  constructor(
    module: string,
    ctx: { stepId: string; target?: { name: string } | undefined },
    detail: string,
    options: { hint?: string; cause?: unknown; code?: string } = {}
  ) {
    super(`${where(ctx.stepId, ctx.target?.name)}: ${module}: ${detail}`, {
      code: options.code ?? 'OLVM_MODULE',
      ...(options.hint !== undefined ? { hint: options.hint } : {}),
      ...(options.cause !== undefined ? { cause: options.cause } : {}),
    });
    this.module = module;
    this.stepId = ctx.stepId;
    this.target = ctx.target?.name;
  }
}

/**
 * A write failed in a way that may have reached the engine, and re-reading the object did not show the change.
 * Retryable: the engine's retry plans again from a fresh read, so nothing is repeated blindly.
 */
export class WriteNotConfirmedError extends RunbookError {
  readonly operation: string;
  readonly correlationId: string;
  constructor(operation: string, correlationId: string, cause: unknown) {
    super(
      `${operation} may or may not have reached the engine (correlation id ${correlationId}); ` +
        'a fresh read does not show it applied',
      {
        code: 'OLVM_WRITE_NOT_CONFIRMED',
        isRetryable: true,
        hint: `look for correlation id ${correlationId} in the engine's events; a retry plans again from a fresh read`,
        cause,
      }
    );
    this.operation = operation;
    this.correlationId = correlationId;
  }
}
