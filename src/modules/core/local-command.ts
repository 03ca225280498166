/**
 * `local.command`: run a command on the control machine. argv form by default (`cmd: [ls, -l]`, no shell);
 * `shell: "..."` for a shell string. `creates` / `removes` guards are checked in plan; plan never runs the
 * command (the dry-run guarantee). stdout, stderr and rc are registered; a non-zero exit fails unless listed
 * in `ok_codes`.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { planChanges, planNone } from '../types';
import type { ModuleContext, StepModule } from '../types';
import { CommandFailedError, InvalidCommandError } from './command-errors';
import { abortReason, settle } from '../../shared/promises';
import { spawnProcess } from './spawn-process';

export interface LocalCommandArgs {
  /** argv: a list, or a string split on spaces (no quoting: use `shell` for that). */
  cmd?: string | string[];
  /** A shell command line, run by /bin/sh -c. */
  shell?: string;
  /** Skip when this path exists. */
  creates?: string;
  /** Skip unless this path exists. */
  removes?: string;
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string;
  ok_codes?: number[];
}

const SHELL_SYNTAX = /["'`$|&;<>(){}*?\\]/;

export function argvOf(stepId: string, args: LocalCommandArgs): string[] {
  if (args.shell !== undefined && args.cmd !== undefined) {
    throw new InvalidCommandError(stepId, 'give either cmd (argv) or shell (a shell string), not both');
  }
  if (args.shell !== undefined) return ['/bin/sh', '-c', args.shell];
  if (Array.isArray(args.cmd)) {
    if (args.cmd.length === 0) throw new InvalidCommandError(stepId, 'cmd is an empty list');
    return args.cmd.map(String);
  }
  if (typeof args.cmd !== 'string' || args.cmd.trim() === '') {
    throw new InvalidCommandError(stepId, 'needs cmd (argv) or shell (a shell string)');
  }
  if (SHELL_SYNTAX.test(args.cmd)) {
    throw new InvalidCommandError(stepId, `cmd "${args.cmd}" uses shell syntax; write it as shell: "…" instead`);
  }
  return args.cmd.trim().split(/\s+/);
}

function pathFor(args: LocalCommandArgs, path: string): string {
  return isAbsolute(path) ? path : resolve(args.cwd ?? process.cwd(), path);
}

function guardSkip(args: LocalCommandArgs): string | undefined {
  if (args.creates !== undefined && existsSync(pathFor(args, args.creates))) return `${args.creates} exists`;
  if (args.removes !== undefined && !existsSync(pathFor(args, args.removes))) return `${args.removes} does not exist`;
  return undefined;
}

function display(args: LocalCommandArgs, argv: string[]): string {
  return args.shell ?? argv.map((a) => (/\s/.test(a) || a === '' ? JSON.stringify(a) : a)).join(' ');
}

async function runCommand(ctx: ModuleContext, args: LocalCommandArgs, argv: string[]) {
  const spawned = await spawnProcess({
    argv,
    ...(args.cwd !== undefined ? { cwd: args.cwd } : {}),
    ...(args.env !== undefined ? { env: args.env } : {}),
    ...(args.stdin !== undefined ? { stdin: args.stdin } : {}),
    signal: ctx.signal,
    onLine: (line) => ctx.output(line),
  });
  if (ctx.signal.aborted) throw abortReason(ctx.signal);
  const result = { cmd: display(args, argv), rc: spawned.rc, stdout: spawned.stdout, stderr: spawned.stderr };
  if (spawned.startError)
    throw new CommandFailedError(ctx.stepId, result, spawned.startError.message, spawned.startError);
  const okCodes = args.ok_codes ?? [0];
  if (spawned.rc === null || !okCodes.includes(spawned.rc)) {
    const why = spawned.rc === null ? `killed by ${spawned.signal ?? 'a signal'}` : `exit code ${spawned.rc}`;
    throw new CommandFailedError(ctx.stepId, result, why);
  }
  return result;
}

export const localCommand: StepModule<LocalCommandArgs, string[]> = {
  name: 'local.command',
  description: 'Run a command on the control machine (argv `cmd`, or `shell`), with creates/removes guards.',
  schema: {
    type: 'object',
    properties: {
      cmd: {
        type: ['string', 'array'],
        items: { type: 'string' },
        description: 'argv: a list, or a string split on spaces (no shell, no quoting). Give this or `shell`.',
      },
      shell: {
        type: 'string',
        minLength: 1,
        description: 'A shell command line, run by /bin/sh -c. Give this or `cmd`.',
      },
      creates: { type: 'string', minLength: 1, description: 'Skip when this local path exists.' },
      removes: { type: 'string', minLength: 1, description: 'Skip unless this local path exists.' },
      cwd: { type: 'string', minLength: 1, description: 'Working directory (default: the current one).' },
      env: {
        type: 'object',
        additionalProperties: { type: 'string' },
        description: 'Extra environment variables.',
      },
      stdin: { type: 'string', description: 'Text written to the command’s standard input.' },
      ok_codes: {
        type: 'array',
        items: { type: 'integer' },
        minItems: 1,
        description: 'Exit codes that count as success (default [0]).',
      },
    },
    additionalProperties: false,
  },
  plan(ctx, args) {
    return settle(() => {
      const argv = argvOf(ctx.stepId, args);
      const skip = guardSkip(args);
      if (skip !== undefined) return planNone<string[]>({ skipped: true, reason: skip, rc: 0, stdout: '', stderr: '' });
      return planChanges([{ path: 'run', note: `run: ${display(args, argv)}` }], argv);
    });
  },
  async apply(ctx, args, plan) {
    const result = await runCommand(ctx, args, plan.data ?? argvOf(ctx.stepId, args));
    return { result };
  },
};
