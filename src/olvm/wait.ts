/**
 * Polling until the engine shows what we wait for. The engine answers an action at once (`complete`) and the
 * world follows later (ovirt-api.md §7.1), so every apply ends in a wait. The interval grows from `intervalMs`
 * to `maxIntervalMs`; a retryable engine error during the wait (the API briefly unreachable while a self-hosted
 * engine moves) is tolerated until the deadline; anything else ends the wait at once.
 */
import { RunbookError } from '../shared/errors';
import { sleep } from '../shared/promises';
import { OlvmApiError } from './errors';

export interface WaitOptions {
  timeoutMs: number;
  /** First pause between probes; default 1 s. */
  intervalMs?: number;
  /** The pause grows by half each time up to this; default 4 × intervalMs. */
  maxIntervalMs?: number;
  signal?: AbortSignal;
  /** What is awaited, for the timeout message: `host kvm-a1 to reach maintenance`. */
  description?: string;
}

export class OlvmWaitTimeoutError extends RunbookError {
  readonly description: string;
  readonly timeoutMs: number;
  constructor(description: string, timeoutMs: number, detail?: string, cause?: unknown) {
    super(`gave up waiting for ${description} after ${timeoutMs} ms${detail ? ` (${detail})` : ''}`, {
      code: 'OLVM_WAIT_TIMEOUT',
      isRetryable: true,
      hint: 'look at the engine events for this object; raise the timeout if the engine is merely slow',
      ...(cause !== undefined ? { cause } : {}),
    });
    this.description = description;
    this.timeoutMs = timeoutMs;
  }
}

export class OlvmWaitAbortedError extends RunbookError {
  constructor(description: string, cause?: unknown) {
    super(`stopped waiting for ${description}: interrupted`, { code: 'OLVM_WAIT_ABORTED', cause });
  }
}

/** Resolves with the first truthy value `probe` returns; `describe` adds what was last seen to a timeout. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  options: WaitOptions,
  describe: () => string | undefined = () => undefined
): Promise<T> {
  const description = options.description ?? 'the engine';
  const deadline = Date.now() + options.timeoutMs;
  let interval = options.intervalMs ?? 1_000;
  const maxInterval = options.maxIntervalMs ?? interval * 4;
  let lastError: unknown;
  for (;;) {
    if (options.signal?.aborted) throw new OlvmWaitAbortedError(description, options.signal.reason);
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      if (!isTolerable(error)) throw error;
      lastError = error;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new OlvmWaitTimeoutError(description, options.timeoutMs, describe(), lastError);
    await sleep(Math.min(interval, remaining), options.signal).catch((reason: unknown) => {
      throw new OlvmWaitAbortedError(description, reason);
    });
    interval = Math.min(maxInterval, Math.ceil(interval * 1.5));
  }
}

function isTolerable(error: unknown): boolean {
  return error instanceof OlvmApiError && error.isRetryable;
}

/** Appends `status` to `trail` unless it repeats the last entry. */
export function recordTransition<S>(trail: S[], status: S): void {
  if (trail[trail.length - 1] !== status) trail.push(status);
}

/** Thrown when a wait sees a state that cannot lead to the one awaited (`install_failed` while awaiting `up`). */
export class OlvmUnexpectedStatusError extends RunbookError {
  readonly status: string;
  readonly trail: readonly string[];
  constructor(subject: string, status: string, awaited: readonly string[], trail: readonly string[]) {
    super(`${subject} went ${status} while waiting for ${awaited.join(' or ')} (seen: ${trail.join(' → ')})`, {
      code: 'OLVM_UNEXPECTED_STATUS',
      isRetryable: false,
    });
    this.status = status;
    this.trail = trail;
  }
}
