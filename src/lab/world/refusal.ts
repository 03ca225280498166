/**
 * The engine refusing a command (a failed validation): CONFLICT (409), BAD_PARAMETERS or CONSTRAINT_VIOLATION
 * (400). The messages are the engine's texts (APPERR, ovirt-api.md §8.3) with their variables filled in.
 */
import { RunbookError } from '../../shared/errors';

export const RefusalKind = { CONFLICT: 'conflict', BAD_PARAMETERS: 'bad_parameters', NOT_FOUND: 'not_found' } as const;
export type RefusalKind = (typeof RefusalKind)[keyof typeof RefusalKind];

export class EngineRefusal extends RunbookError {
  readonly kind: RefusalKind;
  readonly messages: readonly string[];

  constructor(kind: RefusalKind, messages: readonly string[]) {
    super(messages.join(' '), { code: 'LAB_ENGINE_REFUSAL', isRetryable: kind === RefusalKind.CONFLICT });
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

/** "Cannot ${action} ${type}. …" with the placeholders filled. */
export function cannot(action: string, type: string, text: string): string {
  return `Cannot ${action} ${type}. ${text}`;
}
