/**
 * The step module contract (DESIGN.md "The step module contract"). A module is one file exporting one
 * `StepModule`: its name, the JSON Schema of its arguments, `plan` (read-only) and `apply` (makes exactly the
 * planned changes). Dry-run runs only `plan`; idempotence comes from the split.
 */
import type { JSONSchemaType } from 'ajv';
import type { HostEntry, Inventory } from '../inventory/types.js';
import type { ModuleServices } from './services.js';

/** One field-level change a module would make, e.g. `spm_priority: 5 -> 8`. */
export interface Change {
  /** What changes: a field path (`spm_priority`), a file (`/etc/foo.conf`) or an action (`run`). */
  path: string;
  from?: unknown;
  to?: unknown;
  /** A human note: `would run: dnf install -y ovirt-engine` (in the past tense once applied: `ran: …`). */
  note?: string;
  /** A file's content change as a unified diff (shown in dry runs and with --diff; never in the journal). */
  diff?: string;
}

export const PlanStatus = {
  /** Nothing to do: the world already matches. */
  NONE: 'none',
  /** These changes would be made. */
  CHANGES: 'changes',
  /** Cannot tell without an earlier apply (dry-run); `reason` says why. */
  UNKNOWN: 'unknown',
} as const;
export type PlanStatus = (typeof PlanStatus)[keyof typeof PlanStatus];

export interface Plan<D = unknown> {
  status: PlanStatus;
  changes: Change[];
  /** Why the plan is unknown. */
  reason?: string;
  /** The value to register when nothing is applied (checks, facts, guards that skip). */
  result?: Record<string, unknown>;
  /** Module-private data carried from plan to apply (ids looked up during plan, for example). */
  data?: D;
}

export interface ApplyResult {
  /** The value registered under the step's `register` name (stdout, rc, ids, …). */
  result?: Record<string, unknown>;
  /**
   * The changes as they were made, notes already in the past tense, when they differ from the plan (an election
   * put the SPM on the site, so nothing was force-selected). Without it the planned changes are reported with
   * their notes in the past tense.
   */
  changes?: Change[];
  /** Engine correlation ids of the writes made; recorded in the journal. */
  correlationIds?: string[];
}

export interface ModuleContext {
  readonly stepId: string;
  /** The inventory host this task acts for; undefined for a step that runs once. */
  readonly target: HostEntry | undefined;
  readonly inventory: Inventory;
  readonly isDryRun: boolean;
  /** The directory of the file the step is written in: local paths in arguments (`src`, `script`) resolve here. */
  readonly baseDir: string;
  /** Aborted on timeout or interrupt; pass it to every I/O. */
  readonly signal: AbortSignal;
  readonly services: ModuleServices;
  /** Stream a line of output (shown live, excerpted in the journal). */
  output(line: string): void;
  /** Show a passing state in the live view only (a wait's elapsed time); not printed in plain mode, not journaled. */
  progress(line: string): void;
  /** A warning shown to the operator and recorded in the journal. */
  warn(message: string): void;
  /** A new correlation id for a write; the engine records it. */
  correlationId(): string;
  /**
   * Evaluate a template expression (written without braces) in this task's scope, e.g. an `assert` condition.
   * Throws TemplateError; in dry-run, an expression that needs an earlier step's unapplied result makes the
   * engine report the plan as unknown.
   */
  evaluate(expression: string): unknown;
  /**
   * Ask the operator a yes/no question (`pause`). Resolves true at once under --yes; rejects when no one can
   * answer (no terminal and no --yes).
   */
  confirm(question: string): Promise<boolean>;
  /**
   * Run `work`, a wait on the engine (a status to reach, a host install, an election, a pause), without holding one of
   * the step's forks: the task waits in one of the run's wait slots (a separate, larger bound) while another target
   * uses its fork. A step with its own `parallel` keeps the slot. Resolves or rejects as `work` does.
   */
  waiting<T>(work: () => Promise<T>): Promise<T>;
}

export interface StepModule<A = unknown, D = unknown> {
  /** `ssh.command`, `olvm.host`, `assert`, … */
  readonly name: string;
  /** One line for docs and --help. */
  readonly description: string;
  /**
   * The module never changes a host or the engine, not even in apply (checks, facts, waits, messages): a run whose
   * steps are all such modules takes no engine lock, so it may run while another run changes the engine.
   */
  readonly isReadOnly?: boolean;
  /** JSON Schema of the (rendered) arguments; part of the published runbook schema. */
  readonly schema: JSONSchemaType<A> | Record<string, unknown>;
  /** Arguments that name a local template file (ssh.template's `src`): the loader checks its syntax. */
  readonly localTemplates?: readonly string[];
  /** Read-only: what would change. Never writes. */
  plan(ctx: ModuleContext, args: A): Promise<Plan<D>>;
  /** Make exactly the planned changes, wait for them to take effect, return the result. */
  apply(ctx: ModuleContext, args: A, plan: Plan<D>): Promise<ApplyResult>;
}

export const NO_CHANGES: Plan<never> = Object.freeze({ status: PlanStatus.NONE, changes: [] }) as Plan<never>;

export function planNone<D = unknown>(result?: Record<string, unknown>): Plan<D> {
  return result ? { status: PlanStatus.NONE, changes: [], result } : { status: PlanStatus.NONE, changes: [] };
}

export function planChanges<D = unknown>(changes: Change[], data?: D): Plan<D> {
  if (changes.length === 0) return planNone();
  return data === undefined ? { status: PlanStatus.CHANGES, changes } : { status: PlanStatus.CHANGES, changes, data };
}

export function planUnknown<D = unknown>(reason: string, changes: Change[] = []): Plan<D> {
  return { status: PlanStatus.UNKNOWN, changes, reason };
}
