/** Shared wording of the renderers: task labels, changes, statuses. */
import type { TaskKey } from '../engine/events';
import type { Change } from '../modules/types';

/** `kvm-a1`, `kvm-a1 [db-1]`, `[db-1]`, or `(once)` for a run-once task. */
export function describeTarget(key: TaskKey): string {
  if (key.item === undefined) return key.target ?? '(once)';
  return key.target === undefined ? `[${key.item}]` : `${key.target} [${key.item}]`;
}

/** `spm_priority: 5 -> 8`, `run: touch /x` (a note alone), or both. */
export function formatChange(change: Change): string {
  const hasValues = change.from !== undefined || change.to !== undefined;
  if (!hasValues) return change.note !== undefined ? notePath(change) : change.path;
  const arrow = `${change.path}: ${formatValue(change.from)} -> ${formatValue(change.to)}`;
  return change.note === undefined ? arrow : `${arrow} (${change.note})`;
}

/** A note that already starts with its path (`run: …`) is shown as is. */
function notePath(change: Change): string {
  const note = change.note ?? '';
  return note.startsWith(`${change.path}:`) ? note : `${change.path}: ${note}`;
}

function formatValue(value: unknown): string {
  if (value === undefined) return '(none)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function formatChanges(changes: readonly Change[]): string {
  return changes.map(formatChange).join(', ');
}

/** The unified diffs of the changes that carry one (file contents), each ending with a newline. */
export function formatDiffs(changes: readonly Change[]): string {
  return changes.map((change) => change.diff ?? '').join('');
}
