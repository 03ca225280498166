/** Counts what happened to each task and keeps what the summary must name (failures, unknowns, dry-run changes). */
import type { TaskFinishedEvent, TaskKey, TaskStatus } from './events';
import type { TaskChanges, TaskFailure, TaskUnknown } from './options';

function keyOf(event: TaskKey): TaskKey {
  const key: TaskKey = { stepId: event.stepId };
  if (event.target !== undefined) key.target = event.target;
  if (event.item !== undefined) key.item = event.item;
  return key;
}

export class Tally {
  readonly counts: Record<TaskStatus, number> = { ok: 0, changed: 0, skipped: 0, failed: 0 };
  readonly failures: TaskFailure[] = [];
  readonly unknowns: TaskUnknown[] = [];
  readonly changes: TaskChanges[] = [];
  restored = 0;

  constructor(private readonly isDryRun: boolean) {}

  record(event: TaskFinishedEvent): void {
    this.counts[event.status] += 1;
    if (event.status === 'failed') {
      const failure: TaskFailure = {
        ...keyOf(event),
        message: event.error?.message ?? 'failed',
        isIgnored: !!event.isIgnored,
      };
      if (event.error?.code !== undefined) failure.code = event.error.code;
      if (event.error?.exitCode !== undefined) failure.exitCode = event.error.exitCode;
      this.failures.push(failure);
    }
    if (event.unknownReason !== undefined) this.unknowns.push({ ...keyOf(event), reason: event.unknownReason });
    if (this.isDryRun && event.changes.length > 0) this.changes.push({ ...keyOf(event), changes: event.changes });
  }
}
