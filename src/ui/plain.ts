/**
 * Plain lines, for CI logs and pipes: one line per finished task, retries, warnings and output lines.
 * `[spm-priority] kvm-a1: changed (1.2s)  spm_priority: 5 -> 8`. With `isDiffShown`, a file change is followed
 * by its unified diff; `-v` adds each task's registered result, `-vv` its start and plan.
 */
import type { EventSink, RunEvent, TaskFinishedEvent } from '../engine/events';
import { formatDuration } from '../shared/duration';
import { describeTarget, formatChanges, formatDiffs } from './format';

export interface TextOutput {
  write(text: string): void;
}

export interface PlainOptions {
  /** Unified diffs of file contents after the task line (dry runs, --diff). */
  isDiffShown?: boolean;
  /** `-v` count: 1 results, 2 starts and plans too. */
  verbosity?: number;
}

export class PlainRenderer implements EventSink {
  constructor(
    private readonly out: TextOutput,
    private readonly options: PlainOptions = {}
  ) {}

  emit(event: RunEvent): void {
    const line = describeEvent(event) ?? this.describeVerbose(event);
    if (line !== undefined) this.out.write(`${line}\n`);
    if (event.type !== 'task.finished') return;
    if ((this.options.verbosity ?? 0) >= 1 && event.result !== undefined) {
      this.out.write(`[${event.stepId}] ${describeTarget(event)} | result: ${JSON.stringify(event.result)}\n`);
    }
    if (this.options.isDiffShown === true) this.out.write(formatDiffs(event.changes));
  }

  private describeVerbose(event: RunEvent): string | undefined {
    if ((this.options.verbosity ?? 0) < 2) return undefined;
    if (event.type === 'task.started')
      return `[${event.stepId}] ${describeTarget(event)}: started (attempt ${event.attempt})`;
    if (event.type !== 'task.planned') return undefined;
    const detail = event.reason ?? formatChanges(event.changes);
    return `[${event.stepId}] ${describeTarget(event)}: planned ${event.status}${detail ? `  ${detail}` : ''}`;
  }
}

function describeEvent(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'step.started': {
      const title = event.name !== undefined ? `${event.stepId}: ${event.name}` : event.stepId;
      const on = event.targets.length > 0 ? ` on ${event.targets.join(', ')}` : '';
      return `== ${title} (${event.module})${on}`;
    }
    case 'task.output':
      if (event.isProgress) return undefined;
      return `[${event.stepId}] ${describeTarget(event)} | ${event.line}`;
    case 'task.retrying':
      return `[${event.stepId}] ${describeTarget(event)}: retrying (attempt ${event.attempt} in ${formatDuration(event.delayMs)})${event.error !== undefined ? `: ${event.error}` : ''}`;
    case 'task.finished':
      return describeFinished(event);
    case 'warning':
      return `warning${event.stepId !== undefined ? ` [${event.stepId}]` : ''}${event.target !== undefined ? ` ${event.target}` : ''}: ${event.message}`;
    default:
      return undefined;
  }
}

function describeFinished(event: TaskFinishedEvent): string {
  const head = `[${event.stepId}] ${describeTarget(event)}: `;
  const took = ` (${formatDuration(event.durationMs)})`;
  if (event.status === 'skipped')
    return `${head}skipped${event.skipReason !== undefined ? `  ${event.skipReason}` : ''}`;
  if (event.unknownReason !== undefined) return `${head}unknown${took}  ${event.unknownReason}`;
  if (event.status === 'failed') {
    const ignored = event.isIgnored ? ' (ignored)' : '';
    return `${head}failed${ignored}${took}  ${event.error?.message ?? ''}`;
  }
  const changes = event.changes.length > 0 ? `  ${formatChanges(event.changes)}` : '';
  return `${head}${event.status}${took}${changes}`;
}
