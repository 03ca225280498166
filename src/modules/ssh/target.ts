/** Helpers every ssh.* module shares: the session to the step's target, and running a command with output. */
import type { SshSession } from '../../ssh/types';
import type { ModuleContext } from '../types';
import type { RemoteCommandResult } from './errors';
import { SshCommandFailedError, SshModuleArgsError } from './errors';

export async function sessionOf(ctx: ModuleContext, module: string): Promise<SshSession> {
  if (!ctx.target) {
    throw new SshModuleArgsError(module, ctx.stepId, 'needs a target host', 'add `hosts:` to the step');
  }
  return ctx.services.ssh(ctx.target);
}

export interface RunOptions {
  become?: boolean;
  stdin?: string;
  okCodes?: number[];
  /** The command as shown in messages and registered (default: the command). */
  label?: string;
}

/** Runs a changing command, streaming its output into the step's events; fails on an exit code not in okCodes. */
export async function runRemote(
  ctx: ModuleContext,
  module: string,
  session: SshSession,
  command: string | string[],
  options: RunOptions = {}
): Promise<RemoteCommandResult> {
  const raw = await session.exec(command, {
    signal: ctx.signal,
    onLine: (line) => ctx.output(line),
    ...(options.become !== undefined ? { become: options.become } : {}),
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
  });
  const cmd = options.label ?? (typeof command === 'string' ? command : command.join(' '));
  const result = { cmd, rc: raw.exitCode, stdout: raw.stdout, stderr: raw.stderr };
  if (raw.exitCode === null || !(options.okCodes ?? [0]).includes(raw.exitCode)) {
    throw new SshCommandFailedError(module, session.host, ctx.stepId, result);
  }
  return result;
}

/** Runs a read-only probe (allowed in dry-run); returns its result whatever the exit code. */
export async function probe(ctx: ModuleContext, session: SshSession, command: string, become?: boolean) {
  return session.exec(command, { isReadOnly: true, signal: ctx.signal, ...(become !== undefined ? { become } : {}) });
}
