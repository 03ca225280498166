/** Saves the lab world one write at a time: explicit saves queue up; `saveSoon` coalesces autosaves after writes. */
import { saveWorldState } from './world/persist';
import type { World } from './world/world';

const AUTOSAVE_DELAY_MS = 100;

export class Saver {
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly world: World,
    private readonly dir: string
  ) {}

  save(dir = this.dir): Promise<string> {
    const next = this.queue.then(() => saveWorldState(dir, this.world.snapshot()));
    this.queue = next.catch(() => undefined);
    return next;
  }

  saveSoon(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save().catch(() => undefined);
    }, AUTOSAVE_DELAY_MS);
    this.timer.unref();
  }

  /** Cancel a pending autosave and wait for the saves under way. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.queue;
  }
}
