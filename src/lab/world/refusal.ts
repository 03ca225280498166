/**
 * The engine refusing a command (a failed validation): CONFLICT (409), BAD_PARAMETERS or CONSTRAINT_VIOLATION
 * (400). The messages are the engine's texts (APPERR, ovirt-api.md §8.3) with their variables filled in.
 */
import { RunbookError } from '../../shared/errors';

export const RefusalKind = {
  CONFLICT: 'conflict',
  BAD_PARAMETERS: 'bad_parameters',
  NOT_FOUND: 'not_found',
  /** Validation passed but the command failed without messages: the engine answers 400 with detail `[]`. */
  EXECUTE_FAILED: 'execute_failed',
} as const;
export type RefusalKind = (typeof RefusalKind)[keyof typeof RefusalKind];

export class EngineRefusal extends RunbookError {
  readonly kind: RefusalKind;
  readonly messages: readonly string[];

  constructor(kind: RefusalKind, messages: readonly string[], summary = messages.join(' ')) {
    super(summary, { code: 'LAB_ENGINE_REFUSAL', isRetryable: kind === RefusalKind.CONFLICT });
    this.kind = kind;
    this.messages = messages;
  }
}

export function conflict(...messages: string[]): EngineRefusal {
  return new EngineRefusal(RefusalKind.CONFLICT, messages);
}

export function badParameters(...messages: string[]): EngineRefusal {
  return new EngineRefusal(RefusalKind.BAD_PARAMETERS, messages);
}

/**
 * A command that passed validation and then failed with no message: BackendResource.doAction calls
 * backendFailure(getExecuteFailedMessages()) with an empty list, whose translation prints `[]`, and
 * ErrorMessageHelper.getErrorStatus gives its default, 400 (ENGINE restapi/jaxrs/.../resource/BackendResource.java
 * l.246-256, l.412-414; BaseBackendResource.handleError l.234-252). [INFERRED]: read from the code, not seen live.
 */
export function executeFailed(summary: string): EngineRefusal {
  return new EngineRefusal(RefusalKind.EXECUTE_FAILED, [], summary);
}

/** "Cannot ${action} ${type}. …" with the placeholders filled. */
export function cannot(action: string, type: string, text: string): string {
  return `Cannot ${action} ${type}. ${text}`;
}
