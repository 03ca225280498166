/**
 * When the run waits for its journal (the sink's flush: one write and one fdatasync, shared by the tasks that finish
 * together). A task that may have changed the world (changed, or failed, in a real run) is durable before anything
 * after it starts: the next task of its target, the next step. Resume and the audit trail then know of every change
 * that anything later could build on. A task that changed nothing (ok, skipped, restored, any task of a dry run) is
 * not waited for: its lines go out with the next sync, at most GROUP_TASKS tasks or GROUP_MS later, or at the end of
 * the run. A crash can lose only such lines, and resume simply runs those tasks again (they change nothing).
 */
import type { EventSink } from './events';
import type { TaskResult } from './task-types';

/** At most this many tasks wait for a sync... */
export const GROUP_TASKS = 1000;
/** ...or this long. */
export const GROUP_MS = 1000;

export class Durability {
  private pending = 0;
  private pendingSince = 0;

  constructor(
    private readonly sink: EventSink,
    private readonly isDryRun: boolean
  ) {}

  /** After a task finished: sync now if it may have changed something, else when the group is full or old. */
  async afterTask(result: TaskResult): Promise<void> {
    if (result.isRestored === true) return;
    if (this.isChange(result)) return this.sync();
    if (this.pending === 0) this.pendingSince = Date.now();
    this.pending += 1;
    if (this.pending >= GROUP_TASKS || Date.now() - this.pendingSince >= GROUP_MS) await this.sync();
  }

  /** Everything emitted so far is durable when this resolves. */
  async sync(): Promise<void> {
    this.pending = 0;
    await this.sink.flush?.();
  }

  private isChange(result: TaskResult): boolean {
    return !this.isDryRun && (result.status === 'changed' || result.status === 'failed');
  }
}
