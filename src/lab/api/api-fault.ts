/**
 * An engine fault on the way out (ovirt-api.md §8): `{reason, detail}` for CRUD, a failed action body for
 * actions, and a 404 with an empty body.
 */
import { RunbookError } from '../../shared/errors';
import { EngineRefusal } from '../world/refusal';
import type { NodeObject } from './values';

export class ApiFault extends RunbookError {
  readonly status: number;
  readonly reason: string;
  readonly detail: string;
  readonly isEmptyBody: boolean;
  /** For actions: the echoed action body the failure is reported in. */
  readonly actionBody: NodeObject | undefined;

  constructor(
    status: number,
    reason: string,
    detail: string,
    options: { isEmptyBody?: boolean; cause?: unknown; actionBody?: NodeObject } = {}
  ) {
    super(`${status} ${reason}: ${detail}`, { code: 'LAB_API_FAULT', cause: options.cause });
    this.status = status;
    this.reason = reason;
    this.detail = detail;
    this.isEmptyBody = options.isEmptyBody ?? false;
    this.actionBody = options.actionBody;
  }

  /** The same fault, reported inside a failed action body. */
  inAction(actionBody: NodeObject): ApiFault {
    return new ApiFault(this.status, this.reason, this.detail, { cause: this, actionBody });
  }

  static notFound(): ApiFault {
    return new ApiFault(404, 'Not Found', '', { isEmptyBody: true });
  }

  static badRequest(reason: string, detail: string): ApiFault {
    return new ApiFault(400, reason, detail);
  }

  /** `Incomplete parameters`: e.g. "Host [name, address] required for add". */
  static incomplete(type: string, fields: readonly string[], operation: string): ApiFault {
    return new ApiFault(400, 'Incomplete parameters', `${type} [${fields.join(', ')}] required for ${operation}`);
  }

  static fromRefusal(refusal: EngineRefusal): ApiFault {
    const status = refusal.kind === 'conflict' ? 409 : refusal.kind === 'not_found' ? 404 : 400;
    return new ApiFault(status, 'Operation Failed', `[${refusal.messages.join(', ')}]`, { cause: refusal });
  }
}

export function toApiFault(error: unknown): ApiFault | undefined {
  if (error instanceof ApiFault) return error;
  if (error instanceof EngineRefusal) return ApiFault.fromRefusal(error);
  return undefined;
}
