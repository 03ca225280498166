/**
 * `ssh.script`: upload a local script to the target host (a private temp file), run it with `args`, remove it.
 * Its shebang picks the interpreter. Guards and registered values as in ssh.command.
 */
import { randomBytes } from 'node:crypto';
import { quoteShellWord } from '../../ssh/quote';
import type { StepModule } from '../types';
import { planChanges, planNone } from '../types';
import { readLocalFile } from './copy';
import type { GuardArgs } from './guards';
import { GUARD_SCHEMA, evaluateGuards, skippedResult } from './guards';
import { runRemote, sessionOf } from './target';

export interface SshScriptArgs extends GuardArgs {
  /** The local script (relative to the runbook file that holds the step). */
  script: string;
  args?: string[];
  become?: boolean;
  ok_codes?: number[];
}

const NAME = 'ssh.script';

function display(args: SshScriptArgs): string {
  return [args.script, ...(args.args ?? [])].map(quoteShellWord).join(' ');
}

export const sshScript: StepModule<SshScriptArgs, string> = {
  name: NAME,
  description: 'Upload a local script to the target host and run it (its shebang picks the interpreter).',
  schema: {
    type: 'object',
    properties: {
      script: {
        type: 'string',
        minLength: 1,
        description: 'A local script file (relative to the runbook file that holds the step).',
      },
      args: { type: 'array', items: { type: 'string' }, description: 'Arguments passed to the script.' },
      ...GUARD_SCHEMA,
      become: { type: 'boolean', description: 'Run through sudo (default: the host’s `become`).' },
      ok_codes: {
        type: 'array',
        items: { type: 'integer' },
        minItems: 1,
        description: 'Exit codes that count as success (default [0]).',
      },
    },
    required: ['script'],
    additionalProperties: false,
  },
  async plan(ctx, args) {
    const body = readLocalFile(NAME, ctx, args.script);
    const session = await sessionOf(ctx, NAME);
    const skip = await evaluateGuards(ctx, session, args, args.become);
    if (skip !== undefined) return planNone(skippedResult(skip));
    return planChanges([{ path: 'run', note: `would upload and run: ${display(args)}` }], body);
  },
  async apply(ctx, args, plan) {
    const session = await sessionOf(ctx, NAME);
    const remote = `/tmp/.runbook-script-${randomBytes(8).toString('hex')}`;
    await session.writeFile(remote, plan.data ?? readLocalFile(NAME, ctx, args.script), {
      mode: 0o700,
      become: false,
    });
    const argv = [remote, ...(args.args ?? [])].map(quoteShellWord).join(' ');
    const command = `${argv}; rc=$?; rm -f ${quoteShellWord(remote)}; exit $rc`;
    const result = await runRemote(ctx, NAME, session, command, {
      ...(args.become !== undefined ? { become: args.become } : {}),
      ...(args.ok_codes ? { okCodes: args.ok_codes } : {}),
      label: display(args),
    });
    return { result: { ...result } };
  },
};
