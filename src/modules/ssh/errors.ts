/** Errors of the ssh.* modules: bad arguments, and a remote command that ran and failed. */
import { RunbookError } from '../../shared/errors';
import { SshError, SshErrorCode } from '../../ssh/errors';

/** What a remote command left behind; registered even when it failed (for ignore_errors). */
export interface RemoteCommandResult {
  cmd: string;
  rc: number | null;
  stdout: string;
  stderr: string;
}

export class SshModuleArgsError extends RunbookError {
  readonly stepId: string;
  constructor(module: string, stepId: string, detail: string, hint?: string) {
    super(`step "${stepId}": ${module} ${detail}`, { code: 'INVALID_ARGS', ...(hint !== undefined ? { hint } : {}) });
    this.stepId = stepId;
  }
}

/** `ssh.command failed on kvm-a1 (step "engine-setup"): exit code 127: sh: foo: not found [foo --bar]` */
export class SshCommandFailedError extends SshError {
  readonly result: RemoteCommandResult;
  constructor(module: string, host: string, stepId: string, result: RemoteCommandResult) {
    const why = result.rc === null ? 'killed by a signal' : `exit code ${result.rc}`;
    const tail = lastLine(result.stderr) ?? lastLine(result.stdout);
    super(`${module} failed on ${host} (step "${stepId}"): ${why}${tail ? `: ${tail}` : ''} [${result.cmd}]`, {
      code: SshErrorCode.COMMAND_FAILED,
      host,
      stepId,
      command: result.cmd,
      exitStatus: result.rc,
      stderrTail: result.stderr.slice(-2000),
    });
    this.result = result;
  }
}

function lastLine(text: string): string | undefined {
  const last = text.trimEnd().split('\n').pop()?.trim();
  return last ? last : undefined;
}
