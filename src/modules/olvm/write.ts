/**
 * One engine write per call, tagged with a fresh correlation id from the engine (recorded in the journal). A
 * write that failed in a way that may still have reached the engine (`isMaybeApplied`) is never repeated: the
 * object is read again, and if it shows the change the write counts as done; otherwise the step fails with a
 * retryable error, and a retry plans again from a fresh read.
 */
import { OlvmApiError } from '../../olvm/errors';
import type { ModuleContext } from '../types';
import { WriteNotConfirmedError } from './errors';

export interface EngineWrite<T> {
  /** `update of VM db-1`, for messages. */
  operation: string;
  send: (correlationId: string) => Promise<T>;
  /** Read the object again: does it show the change? */
  isApplied: () => Promise<boolean>;
}

/** The correlation ids of one apply's writes, in order. */
export class WriteLog {
  readonly correlationIds: string[] = [];
  constructor(private readonly ctx: ModuleContext) {}

  /** The reply, or undefined when the reply was lost but a fresh read shows the change. */
  async write<T>(write: EngineWrite<T>): Promise<T | undefined> {
    const correlationId = this.ctx.correlationId();
    this.correlationIds.push(correlationId);
    try {
      return await write.send(correlationId);
    } catch (error) {
      if (!(error instanceof OlvmApiError) || !error.isMaybeApplied) throw error;
      if (!(await write.isApplied().catch(() => false))) {
        throw new WriteNotConfirmedError(write.operation, correlationId, error);
      }
      this.ctx.warn(`${write.operation}: the reply was lost (${error.message}), but the engine shows the change`);
      return undefined;
    }
  }
}
