/** Errors the engine raises about steps and tasks (module errors are wrapped or passed through). */
import { ExitCode, RunbookError } from '../shared/errors';
import { formatDuration } from '../shared/duration';

function where(stepId: string, target: string | undefined): string {
  return target === undefined ? `step "${stepId}"` : `step "${stepId}" on ${target}`;
}

/** The rendered arguments do not fit the module's schema. */
export class InvalidArgsError extends RunbookError {
  readonly stepId: string;
  readonly target: string | undefined;
  readonly problems: readonly string[];
  constructor(stepId: string, target: string | undefined, problems: readonly string[]) {
    super(`${where(stepId, target)}: ${problems.join('; ')}`, {
      code: 'INVALID_ARGS',
      hint: 'Check the step arguments against docs/modules.md (templates are rendered before the check).',
    });
    this.stepId = stepId;
    this.target = target;
    this.problems = problems;
  }
}

/** A task ran past its step's `timeout`. */
export class TaskTimeoutError extends RunbookError {
  readonly stepId: string;
  readonly target: string | undefined;
  readonly timeoutMs: number;
  constructor(stepId: string, target: string | undefined, timeoutMs: number) {
    super(`${where(stepId, target)}: timed out after ${formatDuration(timeoutMs)}`, {
      code: 'TASK_TIMEOUT',
      isRetryable: true,
      hint: 'Raise the step timeout if the work is slow but healthy.',
    });
    this.stepId = stepId;
    this.target = target;
    this.timeoutMs = timeoutMs;
  }
}

/** The run was interrupted while this task ran. */
export class TaskInterruptedError extends RunbookError {
  constructor(stepId: string, target: string | undefined) {
    super(`${where(stepId, target)}: interrupted`, { code: 'INTERRUPTED', exitCode: ExitCode.INTERRUPTED });
  }
}

/** `retry.until` never became true. */
export class UntilNotMetError extends RunbookError {
  readonly condition: string;
  constructor(stepId: string, target: string | undefined, condition: string, attempts: number) {
    super(`${where(stepId, target)}: "${condition}" was still false after ${attempts} attempt(s)`, {
      code: 'UNTIL_NOT_MET',
    });
    this.condition = condition;
  }
}

/** A module answered `unknown` in a real run, where everything it depends on has been applied. */
export class UnknownPlanError extends RunbookError {
  constructor(stepId: string, target: string | undefined, reason: string) {
    super(`${where(stepId, target)}: the module could not plan: ${reason}`, { code: 'UNKNOWN_PLAN' });
  }
}

/** `loop` did not render to a list, or `when` / `loop` could not be evaluated. */
export class StepExpressionError extends RunbookError {
  constructor(stepId: string, target: string | undefined, detail: string, cause?: unknown) {
    super(`${where(stepId, target)}: ${detail}`, { code: 'STEP_EXPRESSION', cause });
  }
}

/** `--start-at` / `--only` name a step the runbook does not have. */
export class UnknownStepError extends RunbookError {
  constructor(option: string, ids: readonly string[], known: readonly string[]) {
    const list = known.slice(0, 12).join(', ') + (known.length > 12 ? ', …' : '');
    super(`${option}: no step ${ids.map((id) => `"${id}"`).join(', ')} in the runbook (known: ${list})`, {
      code: 'UNKNOWN_STEP',
      exitCode: ExitCode.USAGE,
      hint: 'Run `runbook validate FILE` to list the step ids.',
    });
  }
}

export { where as describeTask };
