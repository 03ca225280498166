import { ConcurrencyLimiter } from '../../../src/shared/limiter';
import { sleep } from '../../../src/shared/promises';

describe('concurrency limiter', () => {
  it('never runs more tasks at once than its limit and runs them all', async () => {
    const limiter = new ConcurrencyLimiter(2);
    let running = 0;
    let peak = 0;
    const task = async (n: number): Promise<number> => {
      running++;
      peak = Math.max(peak, running);
      await sleep(1);
      running--;
      return n;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => limiter.run(() => task(n))));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(limiter.peakInFlight).toBe(2);
    expect(limiter.inFlight).toBe(0);
  });

  it('frees the slot of a task that failed', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it.each([0, -1, 1.5])('refuses a limit of %p', (limit) => {
    expect(() => new ConcurrencyLimiter(limit)).toThrow(RangeError);
  });
});
