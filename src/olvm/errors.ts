/**
 * Every way an engine request can fail becomes one `OlvmApiError`: an HTTP fault with the engine's reason and
 * detail, a lost connection, a timeout, a TLS failure, refused credentials, an unreadable reply, or an abort.
 * The error knows whether repeating could help (`isRetryable`) and, for writes, whether the engine may already
 * have applied it (`isMaybeApplied`: re-read and re-plan before repeating). Its message is one human line with
 * no token or password in it.
 */
import { ExitCode, RunbookError } from '../shared/errors';
import { redactText, redactValue } from '../shared/redact';

export const OlvmFailure = {
  /** The engine answered with an HTTP error status. */
  HTTP: 'http',
  /** The connection failed or was cut. */
  CONNECTION: 'connection',
  /** No answer within the time limit. */
  TIMEOUT: 'timeout',
  /** The engine's certificate did not verify. */
  TLS: 'tls',
  /** The SSO service refused our credentials. */
  AUTH: 'auth',
  /** The engine answered something this client cannot read. */
  PROTOCOL: 'protocol',
  /** The caller aborted the request (timeout of a step, interrupt). */
  ABORTED: 'aborted',
} as const;
export type OlvmFailure = (typeof OlvmFailure)[keyof typeof OlvmFailure];

export interface OlvmApiErrorFields {
  failure: OlvmFailure;
  /** What was attempted, for humans: `deactivate of host kvm-a1`, `list of hosts`. */
  operation: string;
  method: string;
  /** The API path, e.g. `/hosts/123/deactivate`. */
  path: string;
  status?: number;
  /** The engine's `fault.reason` (e.g. `Operation Failed`) or SSO `error_code`. */
  reason?: string;
  /** The engine's `fault.detail` (e.g. `[Cannot switch Host to Maintenance mode. …]`). */
  detail?: string;
  correlationId?: string;
  isRetryable: boolean;
  isMaybeApplied?: boolean;
  /** Time limit that expired, for TIMEOUT. */
  timeoutMs?: number;
  hint?: string;
  cause?: unknown;
}

const CONNECTION_FAILURES: ReadonlySet<OlvmFailure> = new Set([
  OlvmFailure.CONNECTION,
  OlvmFailure.TIMEOUT,
  OlvmFailure.TLS,
  OlvmFailure.AUTH,
]);

export class OlvmApiError extends RunbookError {
  readonly failure: OlvmFailure;
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly reason: string | undefined;
  readonly detail: string | undefined;
  readonly correlationId: string | undefined;
  /** A write that may have reached the engine: re-read and re-plan before repeating it. */
  readonly isMaybeApplied: boolean;

  constructor(fields: OlvmApiErrorFields) {
    super(redactText(formatOlvmMessage(fields)), {
      code: codeOf(fields),
      isRetryable: fields.isRetryable,
      exitCode: isConnectionLevel(fields) ? ExitCode.CONNECTION : ExitCode.STEP_FAILED,
      ...(fields.hint !== undefined ? { hint: redactText(fields.hint) } : {}),
      ...(fields.cause !== undefined ? { cause: fields.cause } : {}),
    });
    this.failure = fields.failure;
    this.operation = redactText(fields.operation);
    this.method = fields.method;
    this.path = redactText(fields.path);
    this.status = fields.status;
    this.reason = fields.reason === undefined ? undefined : redactText(fields.reason);
    this.detail = fields.detail === undefined ? undefined : redactText(fields.detail);
    this.correlationId = fields.correlationId;
    this.isMaybeApplied = fields.isMaybeApplied ?? false;
  }

  /** The journal's view: context fields, redacted, without the cause (it may hold sockets). */
  toJSON(): Record<string, unknown> {
    return redactValue({
      name: this.name,
      code: this.code,
      message: this.message,
      failure: this.failure,
      operation: this.operation,
      method: this.method,
      path: this.path,
      status: this.status,
      reason: this.reason,
      detail: this.detail,
      correlationId: this.correlationId,
      isRetryable: this.isRetryable,
      isMaybeApplied: this.isMaybeApplied,
    });
  }
}

function isConnectionLevel(fields: OlvmApiErrorFields): boolean {
  if (CONNECTION_FAILURES.has(fields.failure)) return true;
  return fields.failure === OlvmFailure.HTTP && (fields.status === 401 || fields.status === 403);
}

function codeOf(fields: OlvmApiErrorFields): string {
  if (fields.failure === OlvmFailure.HTTP) return `OLVM_HTTP_${fields.status ?? 0}`;
  return `OLVM_${fields.failure.toUpperCase()}`;
}

const MAYBE_APPLIED = '; the write may have reached the engine: re-read before repeating it';

export function formatOlvmMessage(fields: OlvmApiErrorFields): string {
  const maybe = fields.isMaybeApplied ? MAYBE_APPLIED : '';
  const causeText = describeCause(fields.cause);
  switch (fields.failure) {
    case OlvmFailure.HTTP:
      return `engine refused ${fields.operation}: ${faultText(fields)} (${fields.status ?? '?'})${maybe}`;
    case OlvmFailure.CONNECTION:
      return `could not reach the engine for ${fields.operation}: ${causeText}${maybe}`;
    case OlvmFailure.TIMEOUT:
      return `engine did not answer ${fields.operation} within ${fields.timeoutMs ?? '?'} ms${maybe}`;
    case OlvmFailure.TLS:
      return `TLS verification of the engine failed for ${fields.operation}: ${causeText} (runbook trust shows the CA the engine serves)`;
    case OlvmFailure.AUTH:
      return `engine refused ${fields.operation}: ${faultText(fields)}${fields.reason ? ` (${fields.reason})` : ''}`;
    case OlvmFailure.PROTOCOL:
      return `engine sent an unreadable reply to ${fields.operation}: ${fields.detail ?? causeText}`;
    case OlvmFailure.ABORTED:
      return `${fields.operation} was interrupted${maybe}`;
  }
}

function faultText(fields: OlvmApiErrorFields): string {
  if (fields.detail) return fields.detail;
  if (fields.reason) return fields.reason;
  return fields.status === 404 ? 'not found' : `HTTP ${fields.status ?? '?'}`;
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' && !cause.message.includes(code) ? `${cause.message} (${code})` : cause.message;
  }
  return typeof cause === 'string' ? cause : 'unknown error';
}

/** Connection-level failures and gateway statuses may pass; a 409 conflict may clear, but only a read repeats it. */
export function isRetryableStatus(status: number, isRead: boolean): boolean {
  if (status === 502 || status === 503 || status === 504) return true;
  return status === 409 && isRead;
}

/**
 * Whether a write that got this status may have changed the world: a gateway that timed out or got a broken
 * reply (502/504) may have forwarded it, and an internal error (500) may come after the change. 503 (the
 * service is unavailable) and 4xx statuses mean the engine did not run the command.
 */
export function isStatusMaybeApplied(status: number): boolean {
  return status === 500 || status === 502 || status === 504;
}

/** What to do about a connection-level failure. */
export function hintForFailure(failure: OlvmFailure): string | undefined {
  if (failure === OlvmFailure.TLS) {
    return "record the engine's CA with `runbook trust -i INVENTORY` (it writes engine.ca_file), or set engine.ca_file to the engine's CA certificate";
  }
  if (failure === OlvmFailure.CONNECTION || failure === OlvmFailure.TIMEOUT) {
    return 'check that the engine URL is reachable from this machine and the engine is up';
  }
  return undefined;
}

/** Thrown by the parsers when a reply lacks what every object has (an id); the transport wraps it. */
export class OlvmParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OlvmParseError';
  }
}

/** A caller's mistake detected before any I/O (an invalid search value, a closed client). */
export class OlvmUsageError extends RunbookError {
  constructor(message: string, hint?: string) {
    super(message, { code: 'OLVM_USAGE', exitCode: ExitCode.INTERNAL, ...(hint !== undefined ? { hint } : {}) });
  }
}

/** The client's configuration cannot work (a URL that is not the API, an unreadable CA file, a bad secret). */
export class OlvmConfigError extends RunbookError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, {
      code: 'OLVM_CONFIG',
      exitCode: ExitCode.INVALID_INPUT,
      ...(hint !== undefined ? { hint } : {}),
      ...(cause !== undefined ? { cause } : {}),
    });
  }
}
