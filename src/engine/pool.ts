/**
 * How many tasks run at once. A step's targets each hold one of the step's fork slots while they work (`--forks`, or
 * the step's `parallel`). A task that waits on the engine (`ctx.waiting`: a host install, a status to reach, a
 * `wait`) gives its fork back for the time of the wait and holds one of the run's wait slots instead: waits do not
 * count against `--forks`; they have their own, larger bound (`--waits`). A step's `parallel` is kept whole: its
 * tasks keep their slot while they wait (a rolling maintenance one host at a time stays one host at a time).
 */

/** A counting semaphore. `acquire(true)` goes to the head of the queue (a task coming back from a wait). */
export class Slots {
  private free: number;
  private readonly queue: Array<() => void> = [];

  constructor(readonly size: number) {
    this.free = Math.max(1, size);
  }

  acquire(isFirst = false): Promise<void> {
    if (this.free > 0 && this.queue.length === 0) {
      this.free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      if (isFirst) this.queue.unshift(resolve);
      else this.queue.push(resolve);
    });
  }

  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.free += 1;
  }
}

/** The slots of a step's tasks: the step's forks and the run's wait slots. */
export class StepSlots {
  constructor(
    readonly forks: Slots,
    readonly waits: Slots,
    /** Whether a waiting task gives its fork back (not for a step with its own `parallel`). */
    readonly isForkLentToWaits: boolean
  ) {}

  /** Runs `work` holding a wait slot instead of the task's fork; the task has its fork again when this resolves. */
  async whileWaiting<T>(work: () => Promise<T>): Promise<T> {
    if (!this.isForkLentToWaits) return work();
    this.forks.release();
    try {
      await this.waits.acquire();
      try {
        return await work();
      } finally {
        this.waits.release();
      }
    } finally {
      await this.forks.acquire(true);
    }
  }
}

/**
 * Runs `work` for each item in order, each holding one of `slots` from start to end (it may lend it out while it
 * waits, see StepSlots); stops starting items once `shouldStop()` says so.
 */
export async function runEach<T>(
  items: readonly T[],
  slots: Slots,
  work: (item: T) => Promise<void>,
  shouldStop: () => boolean
): Promise<void> {
  const running: Promise<void>[] = [];
  for (const item of items) {
    await slots.acquire();
    if (shouldStop()) {
      slots.release();
      break;
    }
    const done = work(item).finally(() => slots.release());
    done.catch(() => undefined); // awaited below; a failure must not count as unhandled meanwhile
    running.push(done);
  }
  await Promise.all(running);
}
