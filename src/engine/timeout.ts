/** Runs one attempt under the step's timeout: the attempt's signal aborts when the time is up or the run is interrupted. */
import { abortReason } from '../shared/promises';
import type { TaskContext } from './context';
import { TaskTimeoutError } from './errors';

/** Rejects with the signal's reason as soon as it aborts, even if `work` ignores the signal. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    );
  });
}

export async function withTimeout<T>(
  ctx: TaskContext,
  runSignal: AbortSignal,
  timeoutMs: number | undefined,
  work: () => Promise<T>
): Promise<T> {
  if (timeoutMs === undefined) return work();
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new TaskTimeoutError(ctx.stepId, ctx.key.target, timeoutMs)),
    timeoutMs
  );
  ctx.signal = AbortSignal.any([runSignal, controller.signal]);
  try {
    return await raceAbort(work(), ctx.signal);
  } finally {
    clearTimeout(timer);
    ctx.signal = runSignal;
  }
}
