import { backoffDelay } from '../../../src/olvm/backoff';
import { OlvmApiError, OlvmFailure } from '../../../src/olvm/errors';
import { OlvmWaitAbortedError, OlvmWaitTimeoutError, waitFor } from '../../../src/olvm/wait';

describe('backoff', () => {
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

  it.each([
    [1, 0.5, 100],
    [2, 0.5, 200],
    [3, 0.5, 400],
    [5, 0.5, 1000],
    [1, 0, 75],
    [1, 1, 125],
  ])('after attempt %p with jitter draw %p waits %p ms', (attempt, draw, expected) => {
    expect(backoffDelay(attempt, policy, () => draw)).toBe(expected);
  });
});

describe('waitFor', () => {
  it('resolves with the first truthy probe result', async () => {
    const answers = [undefined, false, null, 'ready'];
    await expect(waitFor(() => Promise.resolve(answers.shift()), { timeoutMs: 5_000, intervalMs: 1 })).resolves.toBe(
      'ready'
    );
  });

  it('tolerates retryable engine errors while waiting', async () => {
    let calls = 0;
    const probe = (): Promise<string | undefined> => {
      calls++;
      if (calls < 3) {
        return Promise.reject(
          new OlvmApiError({
            failure: OlvmFailure.HTTP,
            status: 503,
            operation: 'get',
            method: 'GET',
            path: '/',
            isRetryable: true,
          })
        );
      }
      return Promise.resolve('up');
    };
    await expect(waitFor(probe, { timeoutMs: 5_000, intervalMs: 1 })).resolves.toBe('up');
  });

  it('stops at once on an error that retrying cannot fix', async () => {
    const fatal = new OlvmApiError({
      failure: OlvmFailure.HTTP,
      status: 404,
      operation: 'get',
      method: 'GET',
      path: '/',
      isRetryable: false,
    });
    await expect(waitFor(() => Promise.reject(fatal), { timeoutMs: 5_000, intervalMs: 1 })).rejects.toBe(fatal);
  });

  it('gives up after the timeout and says what it saw', async () => {
    const error = await waitFor(
      () => Promise.resolve(undefined),
      { timeoutMs: 20, intervalMs: 5, description: 'host kvm-a1 to reach up' },
      () => 'seen: connecting'
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OlvmWaitTimeoutError);
    expect((error as Error).message).toBe('gave up waiting for host kvm-a1 to reach up after 20ms (seen: connecting)');
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const waiting = waitFor(() => Promise.resolve(undefined), {
      timeoutMs: 60_000,
      intervalMs: 10_000,
      signal: controller.signal,
      description: 'x',
    });
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(OlvmWaitAbortedError);
  });
});
