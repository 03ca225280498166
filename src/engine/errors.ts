/** Errors the engine raises about steps and tasks (module errors are wrapped or passed through). */
import { ExitCode, RunbookError } from '../shared/errors';
import type { RunbookErrorOptions } from '../shared/errors';
import { formatDuration } from '../shared/duration';

/** `step "x"` or `step "x" on host`: where a task error happened, as messages name it. */
export function describeTask(stepId: string, target: string | undefined): string {
  return target === undefined ? `step "${stepId}"` : `step "${stepId}" on ${target}`;
}

/** An error of one task: it names the step and the target (undefined for a step without `hosts`). */
export abstract class TaskError extends RunbookError {
  readonly stepId: string;
  readonly target: string | undefined;
  protected constructor(stepId: string, target: string | undefined, detail: string, options: RunbookErrorOptions) {
    super(`${describeTask(stepId, target)}: ${detail}`, options);
    this.stepId = stepId;
    this.target = target;
  }
}

/** The rendered arguments do not fit the module's schema. */
export class InvalidArgsError extends TaskError {
  readonly problems: readonly string[];
  constructor(stepId: string, target: string | undefined, problems: readonly string[]) {
    super(stepId, target, problems.join('; '), {
      code: 'INVALID_ARGS',
      hint: 'Check the step arguments against docs/modules.md (templates are rendered before the check).',
    });
    this.problems = problems;
  }
}

/** A task ran past its step's `timeout`. */
export class TaskTimeoutError extends TaskError {
  readonly timeoutMs: number;
  constructor(stepId: string, target: string | undefined, timeoutMs: number) {
    super(stepId, target, `timed out after ${formatDuration(timeoutMs)}`, {
      code: 'TASK_TIMEOUT',
      isRetryable: true,
      hint: 'Raise the step timeout if the work is slow but healthy.',
    });
    this.timeoutMs = timeoutMs;
  }
}

/** The run was interrupted while this task ran. */
export class TaskInterruptedError extends TaskError {
  constructor(stepId: string, target: string | undefined) {
    super(stepId, target, 'interrupted', { code: 'INTERRUPTED', exitCode: ExitCode.INTERRUPTED });
  }
}

/** `retry.until` never became true. */
export class UntilNotMetError extends TaskError {
  readonly condition: string;
  readonly attempts: number;
  constructor(stepId: string, target: string | undefined, condition: string, attempts: number) {
    super(stepId, target, `"${condition}" was still false after ${attempts} attempt(s)`, { code: 'UNTIL_NOT_MET' });
    this.condition = condition;
    this.attempts = attempts;
  }
}

/** A module answered `unknown` in a real run, where everything it depends on has been applied. */
export class UnknownPlanError extends TaskError {
  readonly reason: string;
  constructor(stepId: string, target: string | undefined, reason: string) {
    super(stepId, target, `the module could not plan: ${reason}`, { code: 'UNKNOWN_PLAN' });
    this.reason = reason;
  }
}

/** `loop` did not render to a list, or `when` / `loop` could not be evaluated. */
export class StepExpressionError extends TaskError {
  constructor(stepId: string, target: string | undefined, detail: string, cause?: unknown) {
    super(stepId, target, detail, { code: 'STEP_EXPRESSION', cause });
  }
}

/** A step names a module the run does not have (the loader checks the registry; this guards other callers). */
export class UnknownModuleError extends RunbookError {
  readonly stepId: string;
  readonly module: string;
  constructor(stepId: string, module: string) {
    super(`step "${stepId}": no module "${module}"`, { code: 'UNKNOWN_MODULE', exitCode: ExitCode.INVALID_INPUT });
    this.stepId = stepId;
    this.module = module;
  }
}

/** `--start-at` / `--only` name a step the runbook does not have. */
export class UnknownStepError extends RunbookError {
  readonly option: string;
  readonly stepIds: readonly string[];
  constructor(option: string, ids: readonly string[], known: readonly string[]) {
    const list = known.slice(0, 12).join(', ') + (known.length > 12 ? ', …' : '');
    super(`${option}: no step ${ids.map((id) => `"${id}"`).join(', ')} in the runbook (known: ${list})`, {
      code: 'UNKNOWN_STEP',
      exitCode: ExitCode.USAGE,
      hint: 'Run `runbook validate FILE` or `runbook exec FILE --list-steps` to list the step ids.',
    });
    this.option = option;
    this.stepIds = ids;
  }
}
