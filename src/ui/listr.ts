/**
 * The TTY display: a listr2 task per step, a subtask per target with its retries, timing and last output line.
 * Events drive the tasks: each subtask waits for its target's task.finished (or, for loops, the step's end).
 */
import { Listr, PRESET_TIMER } from 'listr2';
import type { ListrTaskWrapper } from 'listr2';
import type { EventSink, RunEvent, StepStartedEvent, TaskFinishedEvent, TaskKey } from '../engine/events';
import { describeTarget, formatChanges, formatDiffs } from './format';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Wrapper = ListrTaskWrapper<unknown, any, any>;

interface Outcome {
  title: string;
  skipReason?: string;
  error?: string;
}

/** One line on screen: a target of the current step (or the step itself when it runs once). */
class TargetView {
  wrapper: Wrapper | undefined;
  lastLine: string | undefined;
  readonly outcome: Promise<Outcome>;
  private settle!: (outcome: Outcome) => void;
  private isSettled = false;
  private readonly finished: TaskFinishedEvent[] = [];

  constructor(readonly name: string) {
    this.outcome = new Promise((resolve) => (this.settle = resolve));
  }

  attach(wrapper: Wrapper): void {
    this.wrapper = wrapper;
    if (this.lastLine !== undefined) wrapper.output = this.lastLine;
  }

  show(line: string): void {
    this.lastLine = line;
    if (this.wrapper) this.wrapper.output = line;
  }

  retitle(title: string): void {
    if (this.wrapper) this.wrapper.title = title;
  }

  record(event: TaskFinishedEvent): void {
    this.finished.push(event);
    if (event.item === undefined) this.finish();
  }

  finish(): void {
    if (this.isSettled) return;
    this.isSettled = true;
    this.settle(describeOutcome(this.name, this.finished));
  }
}

function describeOutcome(name: string, finished: readonly TaskFinishedEvent[]): Outcome {
  if (finished.length === 0) return { title: name, skipReason: `${name}: not started` };
  const last = finished[finished.length - 1] as TaskFinishedEvent;
  const failed = finished.find((e) => e.status === 'failed' && !e.isIgnored);
  if (failed) return { title: name, error: `${describeTarget(failed)}: ${failed.error?.message ?? 'failed'}` };
  if (finished.length === 1 && last.item === undefined) {
    if (last.status === 'skipped') return { title: name, skipReason: `${name}: skipped (${last.skipReason ?? ''})` };
    if (last.status === 'failed') return { title: `${name}: failed (ignored)  ${last.error?.message ?? ''}` };
    const detail = last.unknownReason ?? formatChanges(last.changes);
    const status = last.unknownReason !== undefined ? 'unknown' : last.status;
    return { title: `${name}: ${status}${detail ? `  ${detail}` : ''}` };
  }
  const counts = new Map<string, number>();
  for (const e of finished) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  const parts = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  return { title: `${name}: ${finished.length} items (${parts})` };
}

async function awaitOutcome(view: TargetView, wrapper: Wrapper): Promise<void> {
  view.attach(wrapper);
  const outcome = await view.outcome;
  wrapper.title = outcome.title;
  if (outcome.skipReason !== undefined) wrapper.skip(outcome.skipReason);
  if (outcome.error !== undefined) throw new Error(outcome.error);
}

export interface ListrRendererOptions {
  /** listr2's renderer: `default` on a terminal; `simple` or `test` in tests. */
  renderer?: 'default' | 'simple' | 'test' | 'silent';
  /** Where the unified diffs of file changes go once the live view is done (dry runs, --diff). */
  diffOut?: { write(text: string): void };
}

export class ListrRenderer implements EventSink {
  private views = new Map<string, TargetView>();
  private running: Promise<unknown> | undefined;
  /** Diffs to print after the live view (a tree redrawn in place cannot hold them). */
  private readonly diffs: string[] = [];

  constructor(private readonly options: ListrRendererOptions = {}) {}

  emit(event: RunEvent): void {
    switch (event.type) {
      case 'step.started':
        this.startStep(event);
        break;
      case 'task.output':
        this.viewOf(event)?.show(event.line);
        break;
      case 'task.retrying':
        this.viewOf(event)?.retitle(`${describeTarget(event)} (attempt ${event.attempt})`);
        break;
      case 'task.finished':
        this.viewOf(event)?.record(event);
        if (this.options.diffOut) this.collectDiffs(event);
        break;
      case 'step.finished':
        for (const view of this.views.values()) view.finish();
        break;
      case 'warning':
        if (event.stepId !== undefined) this.viewOf(event as TaskKey)?.show(`warning: ${event.message}`);
        break;
      default:
        break;
    }
  }

  /** Resolves once the current step is drawn to its end. */
  async flush(): Promise<void> {
    await this.running;
  }

  settle(): Promise<void> {
    return this.flush();
  }

  /** After the last step is drawn: the diffs collected, under their task. */
  async close(): Promise<void> {
    await this.running;
    if (this.diffs.length > 0) this.options.diffOut?.write(`\n${this.diffs.splice(0).join('')}`);
  }

  private collectDiffs(event: TaskFinishedEvent): void {
    const diff = formatDiffs(event.changes);
    if (diff !== '') this.diffs.push(`[${event.stepId}] ${describeTarget(event)}:\n${diff}`);
  }

  private viewOf(key: TaskKey): TargetView | undefined {
    return this.views.get(key.target ?? '');
  }

  private startStep(event: StepStartedEvent): void {
    const title = event.name !== undefined ? `${event.stepId}: ${event.name}` : event.stepId;
    const names = event.targets.length > 0 ? event.targets : [''];
    this.views = new Map(names.map((name) => [name, new TargetView(name || title)]));
    const views = [...this.views.values()];
    const listr = new Listr(
      [
        {
          title,
          task: (_ctx, task) =>
            event.targets.length === 0
              ? awaitOutcome(views[0] as TargetView, task)
              : task.newListr(
                  views.map((view) => ({
                    title: view.name,
                    task: (_c: unknown, sub: Wrapper) => awaitOutcome(view, sub),
                  })),
                  { concurrent: true, exitOnError: false }
                ),
        },
      ],
      {
        renderer: this.options.renderer ?? 'default',
        exitOnError: false,
        registerSignalListeners: false,
        rendererOptions: { collapseSubtasks: false, timer: PRESET_TIMER },
      }
    );
    this.running = listr.run().catch(() => undefined);
  }
}
