/**
 * The ModuleContext of one task, and the record of what the task said: output lines (streamed as events and
 * kept as a short excerpt) and the correlation ids of its writes. Methods live on the prototype: creating one
 * per task costs an object, not a set of closures.
 */
import type { HostEntry, Inventory } from '../inventory/types';
import type { ModuleServices } from '../modules/services';
import type { ModuleContext } from '../modules/types';
import { dirname } from 'node:path';
import { redactText } from '../shared/redact';
import { evaluate } from '../template';
import type { TaskKey } from './events';
import type { RunState } from './state';
import type { AttemptSpec } from './task-types';

type Dict = Record<string, unknown>;

export const EXCERPT_LINES = 40;
export const EXCERPT_BYTES = 8 * 1024;

export class TaskContext implements ModuleContext {
  readonly stepId: string;
  readonly inventory: Inventory;
  readonly isDryRun: boolean;
  readonly services: ModuleServices;
  readonly baseDir: string;
  /** Replaced per attempt when the step has a timeout. */
  signal: AbortSignal;
  /** The scope templates and `evaluate` see; replaced once the loop variable is known. */
  scope: Dict;
  isFinished = false;
  private isWaiting = false;
  private lines: string[] | undefined;
  private correlationIds: string[] | undefined;

  private readonly module: string;

  constructor(
    private readonly state: RunState,
    readonly key: TaskKey,
    readonly target: HostEntry | undefined,
    private readonly spec: AttemptSpec,
    scope: Dict
  ) {
    this.module = spec.step.module;
    this.baseDir = dirname(spec.step.source.file);
    this.stepId = key.stepId;
    this.inventory = state.options.inventory;
    this.isDryRun = state.options.isDryRun;
    this.services = state.options.services;
    this.signal = state.options.signal;
    this.scope = scope;
  }

  output(line: string): void {
    if (this.isFinished) return;
    const text = redactText(line);
    const lines = (this.lines ??= []);
    lines.push(text);
    if (lines.length > EXCERPT_LINES) lines.shift();
    this.state.emit({ type: 'task.output', at: Date.now(), ...this.key, line: text });
  }

  progress(line: string): void {
    if (this.isFinished) return;
    this.state.emit({ type: 'task.output', at: Date.now(), ...this.key, line: redactText(line), isProgress: true });
  }

  warn(message: string): void {
    this.state.emit({ type: 'warning', at: Date.now(), message: redactText(message), ...this.keyWhere() });
  }

  correlationId(): string {
    const id = this.state.nextCorrelationId();
    (this.correlationIds ??= []).push(id);
    return id;
  }

  evaluate(expression: string): unknown {
    return evaluate(expression, this.scope, { stepId: this.stepId, field: this.module });
  }

  confirm(question: string): Promise<boolean> {
    return this.state.confirm(question);
  }

  /** Runs `work` (a wait on the engine) in a wait slot, lending this task's fork to another target meanwhile. */
  async waiting<T>(work: () => Promise<T>): Promise<T> {
    if (this.isWaiting) return work();
    this.isWaiting = true;
    try {
      return await this.spec.slots.whileWaiting(work);
    } finally {
      this.isWaiting = false;
    }
  }

  /** Ids handed out plus those the module reported. */
  collectCorrelationIds(reported: readonly string[] | undefined): string[] | undefined {
    if (!reported || reported.length === 0) return this.correlationIds;
    return [...new Set([...(this.correlationIds ?? []), ...reported])];
  }

  /** The last lines of output, capped at EXCERPT_BYTES (the tail is kept). */
  excerpt(): string | undefined {
    if (this.lines === undefined) return undefined;
    const text = this.lines.join('\n');
    return Buffer.byteLength(text) <= EXCERPT_BYTES ? text : tailBytes(text, EXCERPT_BYTES);
  }

  private keyWhere(): { stepId: string; target?: string } {
    return this.key.target === undefined ? { stepId: this.stepId } : { stepId: this.stepId, target: this.key.target };
  }
}

/** The longest tail of `text` that fits in `limit` UTF-8 bytes. */
function tailBytes(text: string, limit: number): string {
  const bytes = Buffer.from(text);
  let start = bytes.length - limit;
  while (start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80) start += 1;
  return bytes.subarray(start).toString();
}
