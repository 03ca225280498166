/** Errors of the simulated hosts. Each names the host it is about and says what to do. */
import { ExitCode, RunbookError } from '../../shared/errors';

export const LabHostsErrorCode = {
  /** An inventory address outside 127.0.0.0/8: the lab never binds or connects anywhere else. */
  NON_LOOPBACK: 'LAB_NON_LOOPBACK_ADDRESS',
  UNKNOWN_HOST: 'LAB_UNKNOWN_HOST',
  LISTEN_FAILED: 'LAB_LISTEN_FAILED',
  BAD_STATE: 'LAB_BAD_STATE',
  BAD_OPTION: 'LAB_BAD_OPTION',
} as const;
export type LabHostsErrorCode = (typeof LabHostsErrorCode)[keyof typeof LabHostsErrorCode];

export class LabHostsError extends RunbookError {
  readonly host: string | undefined;
  constructor(
    message: string,
    options: { code: LabHostsErrorCode; host?: string; hint?: string; cause?: unknown; isRetryable?: boolean }
  ) {
    super(message, {
      code: options.code,
      exitCode: isInputError(options.code) ? ExitCode.INVALID_INPUT : ExitCode.STEP_FAILED,
      ...(options.hint !== undefined ? { hint: options.hint } : {}),
      ...(options.isRetryable !== undefined ? { isRetryable: options.isRetryable } : {}),
      cause: options.cause,
    });
    this.host = options.host;
  }
}

function isInputError(code: LabHostsErrorCode): boolean {
  return code === LabHostsErrorCode.NON_LOOPBACK || code === LabHostsErrorCode.BAD_OPTION;
}
