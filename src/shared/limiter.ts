/** At most `limit` tasks in flight at once (requests per engine, channels per connection); the others wait in arrival order. */
export class ConcurrencyLimiter {
  private active = 0;
  private peak = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }

  /** Requests running right now (for tests and stats). */
  get inFlight(): number {
    return this.active;
  }

  /** The most requests that were ever in flight at once. */
  get peakInFlight(): number {
    return this.peak;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      this.peak = Math.max(this.peak, this.active);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiter, so `active` never dips and lets a newcomer jump the queue. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
