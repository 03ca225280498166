/**
 * Polling until the engine shows what we wait for. The engine answers an action at once (`complete`) and the
 * world follows later (ovirt-api.md §7.1), so every apply ends in a wait. The timeout and the pauses between
 * probes are counted on the engine's clock when the wait is given one (`clock`: the client's, read from the
 * engine's `Date` header), so a lab running faster than the wall clock is waited for in its own time; the wait
 * also ends once the timeout has passed on the local clock, which on a real engine is the same. The interval
 * grows from `intervalMs` to `maxIntervalMs`. A retryable engine error during the wait (the API unreachable while
 * a self-hosted engine's VM restarts) is tolerated until the deadline; anything else ends the wait at once.
 */
import { formatDuration } from '../shared/duration';
import { RunbookError } from '../shared/errors';
import { sleep } from '../shared/promises';
import { LOCAL_CLOCK, monotonicNow } from './engine-clock';
import type { WaitClock } from './engine-clock';
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
  /** The clock the timeout and the pauses are counted on (the engine's); default the local clock. */
  clock?: WaitClock;
  /** Called after every probe (progress lines), the last one included. */
  onPoll?: (poll: PollState) => void;
}

/** Where a wait stands after a probe. */
export interface PollState {
  /** Since the wait began, on the wait's clock. */
  elapsedMs: number;
  timeoutMs: number;
  /** The wait's clock now (epoch ms). */
  now: number;
  /** The tolerated error of this probe (the engine did not answer), if any. */
  error?: unknown;
  /** This probe found what the wait waited for: the wait ends now. */
  isMet?: true;
}

export class OlvmWaitTimeoutError extends RunbookError {
  readonly description: string;
  readonly timeoutMs: number;
  /** What the wait observed, registered as the failed task's result when a module sets it. */
  result?: Record<string, unknown>;
  constructor(description: string, timeoutMs: number, detail?: string, cause?: unknown) {
    super(`gave up waiting for ${description} after ${formatDuration(timeoutMs)}${detail ? ` (${detail})` : ''}`, {
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
  /** What the wait observed until it was stopped, when a module sets it. */
  result?: Record<string, unknown>;
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
  const clock = options.clock ?? LOCAL_CLOCK;
  const started = clock.mark();
  const realStarted = monotonicNow();
  let interval = options.intervalMs ?? 1_000;
  const maxInterval = options.maxIntervalMs ?? interval * 4;
  let lastError: unknown;
  for (;;) {
    if (options.signal?.aborted) throw new OlvmWaitAbortedError(description, options.signal.reason);
    let error: unknown;
    let value: T | undefined | null | false;
    try {
      value = await probe();
    } catch (thrown) {
      if (!isTolerable(thrown)) throw thrown;
      lastError = error = thrown;
    }
    const isMet = value !== undefined && value !== null && value !== false;
    const now = clock.now();
    const elapsed = Math.max(clock.elapsedSince(started), monotonicNow() - realStarted);
    const poll = { elapsedMs: elapsed, timeoutMs: options.timeoutMs, now };
    options.onPoll?.({ ...poll, ...(error ? { error } : {}), ...(isMet ? { isMet } : {}) });
    if (isMet) return value as T;
    const remaining = options.timeoutMs - elapsed;
    if (remaining <= 0) throw new OlvmWaitTimeoutError(description, options.timeoutMs, describe(), lastError);
    await sleep(clock.realDelayFor(Math.min(interval, remaining)), options.signal).catch((reason: unknown) => {
      throw new OlvmWaitAbortedError(description, reason);
    });
    interval = Math.min(maxInterval, Math.ceil(interval * 1.5));
  }
}

/** An engine error a wait outlives: the engine unreachable, overloaded or restarting (retryable). */
export function isTolerable(error: unknown): boolean {
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
