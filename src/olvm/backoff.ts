/** Exponential backoff with jitter for repeated reads and polling. */

export interface BackoffPolicy {
  /** Total attempts for a read, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 5_000 };

/** The pause after failed attempt `attempt` (1-based): base·2^(attempt-1), capped, with ±25% jitter. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const jitter = 0.75 + random() * 0.5;
  return Math.round(capped * jitter);
}
