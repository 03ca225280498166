/**
 * SshError: everything that goes wrong between us and a host. It names the host (and the step and command when
 * known), says whether retrying could help (connection trouble: yes; credentials, host keys: no), and chains the
 * ssh2 error as its cause. Messages are redacted: a become password never reaches one.
 */
import { ExitCode, RunbookError } from '../shared/errors';
import { redactText } from '../shared/redact';

/** Stable codes of SSH failures (documented in docs/errors.md). */
export const SshErrorCode = {
  CONNECT_FAILED: 'SSH_CONNECT_FAILED',
  CONNECT_TIMEOUT: 'SSH_CONNECT_TIMEOUT',
  CONNECTION_LOST: 'SSH_CONNECTION_LOST',
  AUTH_FAILED: 'SSH_AUTH_FAILED',
  AUTH_CONFIG: 'SSH_AUTH_CONFIG',
  HOST_KEY_MISMATCH: 'SSH_HOST_KEY_MISMATCH',
  HOST_KEY_UNKNOWN: 'SSH_HOST_KEY_UNKNOWN',
  HOST_KEY_REVOKED: 'SSH_HOST_KEY_REVOKED',
  COMMAND_TIMEOUT: 'SSH_COMMAND_TIMEOUT',
  COMMAND_ABORTED: 'SSH_COMMAND_ABORTED',
  COMMAND_FAILED: 'SSH_COMMAND_FAILED',
  BECOME_FAILED: 'SSH_BECOME_FAILED',
  SFTP_FAILED: 'SSH_SFTP_FAILED',
  POOL_CLOSED: 'SSH_POOL_CLOSED',
} as const;
export type SshErrorCode = (typeof SshErrorCode)[keyof typeof SshErrorCode];

const CONNECTION_CODES: ReadonlySet<string> = new Set([
  SshErrorCode.CONNECT_FAILED,
  SshErrorCode.CONNECT_TIMEOUT,
  SshErrorCode.CONNECTION_LOST,
  SshErrorCode.AUTH_FAILED,
  SshErrorCode.AUTH_CONFIG,
  SshErrorCode.HOST_KEY_MISMATCH,
  SshErrorCode.HOST_KEY_UNKNOWN,
  SshErrorCode.HOST_KEY_REVOKED,
]);

const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  SshErrorCode.CONNECT_FAILED,
  SshErrorCode.CONNECT_TIMEOUT,
  SshErrorCode.CONNECTION_LOST,
  SshErrorCode.COMMAND_TIMEOUT,
]);

export interface SshErrorContext {
  code: SshErrorCode;
  host: string;
  stepId?: string;
  command?: string;
  /** The remote command's exit status (`exitCode` is taken: it is the CLI exit code on RunbookError). */
  exitStatus?: number | null;
  /** The last lines of stderr, redacted (for a failed command). */
  stderrTail?: string;
  hint?: string;
  cause?: unknown;
}

export class SshError extends RunbookError {
  readonly host: string;
  readonly stepId: string | undefined;
  readonly command: string | undefined;
  readonly exitStatus: number | null | undefined;
  readonly stderrTail: string | undefined;

  constructor(message: string, context: SshErrorContext) {
    super(redactText(message), {
      code: context.code,
      isRetryable: RETRYABLE_CODES.has(context.code),
      exitCode: CONNECTION_CODES.has(context.code) ? ExitCode.CONNECTION : ExitCode.STEP_FAILED,
      ...(context.hint !== undefined ? { hint: context.hint } : {}),
      ...(context.cause !== undefined ? { cause: context.cause } : {}),
    });
    this.host = context.host;
    this.stepId = context.stepId;
    this.command = context.command === undefined ? undefined : redactText(context.command);
    this.exitStatus = context.exitStatus;
    this.stderrTail = context.stderrTail === undefined ? undefined : redactText(context.stderrTail);
  }

  /** Whether the failure is about reaching or trusting the host rather than a command. */
  get isConnectionError(): boolean {
    return CONNECTION_CODES.has(this.code);
  }
}
