/** Errors of commands run on the control machine. */
import { RunbookError } from '../../shared/errors';

export interface CommandResult {
  cmd: string;
  rc: number | null;
  stdout: string;
  stderr: string;
}

/** The arguments do not make a command (both cmd and shell, an empty argv, shell syntax in argv). */
export class InvalidCommandError extends RunbookError {
  readonly stepId: string;
  constructor(stepId: string, detail: string) {
    super(`step "${stepId}": local.command ${detail}`, {
      code: 'INVALID_COMMAND',
      hint: 'Use cmd: [program, arg, …] for a plain command, or shell: "…" for pipes, quoting and variables.',
    });
    this.stepId = stepId;
  }
}

/** The command ran and failed (or could not start). `result` is registered even so (for ignore_errors). */
export class CommandFailedError extends RunbookError {
  readonly stepId: string;
  readonly result: CommandResult;
  constructor(stepId: string, result: CommandResult, why: string, cause?: unknown) {
    const tail = lastLine(result.stderr) ?? lastLine(result.stdout);
    super(`local.command failed (step "${stepId}"): ${why}${tail ? `: ${tail}` : ''} [${result.cmd}]`, {
      code: 'COMMAND_FAILED',
      cause,
    });
    this.stepId = stepId;
    this.result = result;
  }
}

function lastLine(text: string): string | undefined {
  const lines = text.trimEnd().split('\n');
  const last = lines[lines.length - 1]?.trim();
  return last ? last : undefined;
}
