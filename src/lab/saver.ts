/**
 * Saves the lab world one write at a time: explicit saves queue up; `saveIfChanged` saves when a clock task fired
 * or something else changed the world (markChanged) since the last save. The lab answers only once what the answer
 * shows is on disk, so a crash never loses state a client saw (#12 item 8). Written to a temporary file and renamed
 * before it resolves: a killed process loses nothing written (the kernel keeps it); only a power cut could (no
 * fsync: the lab is a rehearsal, and the run's journal is what must survive one).
 */
import { setImmediate } from 'node:timers';
import { saveWorldState } from './world/persist';
import type { World } from './world/world';

export class Saver {
  private queue: Promise<unknown> = Promise.resolve();
  private changes = 0;
  private savedMark = '';
  /** The grouped save every change so far will be in, until it starts. */
  private grouped: Promise<void> | undefined;

  constructor(
    private readonly world: World,
    private readonly dir: string
  ) {}

  save(dir = this.dir): Promise<string> {
    const next = this.queue.then(() => saveWorldState(dir, this.world.snapshot()));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * The world changed other than by a clock task: an API write came (answered or refused: either may have logged
   * events or jobs), or a host's command changed it (hosted-engine --deploy).
   */
  markChanged(): void {
    this.changes += 1;
  }

  /**
   * Save if the world may have changed since the last save; else wait for the save under way. Answers that wait
   * together share one save (group commit): it starts on the next turn of the event loop, once the requests that
   * arrived together were handled, and snapshots the world then, so each of them is in it.
   */
  async saveIfChanged(): Promise<void> {
    if (this.markNow() === this.savedMark) {
      await this.queue;
      return;
    }
    this.grouped ??= this.saveGrouped();
    await this.grouped;
  }

  private saveGrouped(): Promise<void> {
    const next = this.queue
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(async () => {
        this.grouped = undefined;
        this.savedMark = this.markNow(); // the snapshot below is taken at once (no await before it)
        try {
          await saveWorldState(this.dir, this.world.snapshot());
        } catch (error) {
          this.savedMark = '';
          throw error;
        }
      });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private markNow(): string {
    return `${this.world.clock.revision}/${this.changes}`;
  }

  /** Wait for the saves under way. */
  async flush(): Promise<void> {
    await this.queue;
  }
}
