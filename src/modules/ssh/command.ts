/**
 * `ssh.command`: run a command on the target host. `cmd` is a shell string, or an argv list quoted for the
 * remote shell. `creates` / `removes` / `unless` are checked in plan (read-only), so a dry-run says whether it
 * would run. stdout, stderr and rc are registered; a non-zero exit fails unless listed in `ok_codes`.
 */
import { parseSecretRef, resolveSecret } from '../../inventory/secrets';
import { quoteShellWord, toShellCommand } from '../../ssh/quote';
import { planChanges, planNone } from '../types';
import type { StepModule } from '../types';
import { SshModuleArgsError } from './errors';
import type { GuardArgs } from './guards';
import { GUARD_SCHEMA, evaluateGuards, skippedResult } from './guards';
import { runRemote, sessionOf } from './target';

export interface SshCommandArgs extends GuardArgs {
  cmd: string | string[];
  /** Working directory on the host. */
  chdir?: string;
  env?: Record<string, string>;
  stdin?: string;
  /** A secret by reference (`env:NAME`, `file:PATH`), written to stdin with a newline; masked everywhere. */
  stdin_secret?: string;
  /** Run through sudo (default: the host's `become`). */
  become?: boolean;
  ok_codes?: number[];
}

const NAME = 'ssh.command';

/** The command line actually sent: env assignments and chdir in front of the command. */
export function commandLine(stepId: string, args: SshCommandArgs): string {
  if (Array.isArray(args.cmd) && args.cmd.length === 0)
    throw new SshModuleArgsError(NAME, stepId, 'cmd is an empty list');
  const command = toShellCommand(args.cmd);
  if (command.trim() === '') throw new SshModuleArgsError(NAME, stepId, 'cmd is empty');
  const env = Object.entries(args.env ?? {}).map(([key, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      throw new SshModuleArgsError(NAME, stepId, `env name "${key}" is invalid`);
    return `${key}=${quoteShellWord(value)}; export ${key}; `;
  });
  const chdir = args.chdir !== undefined ? `cd ${quoteShellWord(args.chdir)} && ` : '';
  return env.length === 0 && chdir === '' ? command : `${env.join('')}${chdir}${command}`;
}

/** What the command reads on stdin: the text, or the secret (resolved now, so it is masked from here on). */
async function stdinOf(args: SshCommandArgs): Promise<string | undefined> {
  if (args.stdin_secret === undefined) return args.stdin;
  return `${await resolveSecret(parseSecretRef(args.stdin_secret, process.cwd()))}\n`;
}

export const sshCommand: StepModule<SshCommandArgs, string> = {
  name: NAME,
  description: 'Run a command on the target host (shell string or argv), with creates/removes/unless guards.',
  schema: {
    type: 'object',
    properties: {
      cmd: {
        anyOf: [
          { type: 'string', minLength: 1 },
          { type: 'array', items: { type: 'string' }, minItems: 1 },
        ],
        description: 'A shell command line, or an argv list (each word quoted for the remote shell).',
      },
      ...GUARD_SCHEMA,
      chdir: { type: 'string', minLength: 1, description: 'Working directory on the host.' },
      env: {
        type: 'object',
        additionalProperties: { type: 'string' },
        description: 'Environment variables set for the command.',
      },
      stdin: { type: 'string', description: 'Text written to the command’s standard input.' },
      stdin_secret: {
        type: 'string',
        pattern: '^(env|file):.+$',
        description:
          'A secret by reference (env:NAME or file:PATH), written to standard input with a newline (a password a ' +
          'command prompts for); read only when the command runs, masked in every output. Not with `stdin`.',
      },
      become: { type: 'boolean', description: 'Run through sudo (default: the host’s `become`).' },
      ok_codes: {
        type: 'array',
        items: { type: 'integer' },
        minItems: 1,
        description: 'Exit codes that count as success (default [0]).',
      },
    },
    required: ['cmd'],
    additionalProperties: false,
  },
  async plan(ctx, args) {
    const line = commandLine(ctx.stepId, args);
    if (args.stdin !== undefined && args.stdin_secret !== undefined) {
      throw new SshModuleArgsError(NAME, ctx.stepId, 'give stdin or stdin_secret, not both');
    }
    const session = await sessionOf(ctx, NAME);
    const skip = await evaluateGuards(ctx, session, args, args.become);
    if (skip !== undefined) return planNone(skippedResult(skip));
    return planChanges([{ path: 'run', note: `would run: ${toShellCommand(args.cmd)}` }], line);
  },
  async apply(ctx, args, plan) {
    const session = await sessionOf(ctx, NAME);
    const stdin = await stdinOf(args);
    const result = await runRemote(ctx, NAME, session, plan.data ?? commandLine(ctx.stepId, args), {
      ...(args.become !== undefined ? { become: args.become } : {}),
      ...(stdin !== undefined ? { stdin } : {}),
      ...(args.ok_codes ? { okCodes: args.ok_codes } : {}),
      label: toShellCommand(args.cmd),
    });
    return { result: { ...result } };
  },
};
