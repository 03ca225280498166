/**
 * The `creates` / `removes` / `unless` guards of ssh.command and ssh.script, evaluated in plan with one read-only
 * probe, so a dry-run says whether the command would run.
 */
import type { SshSession } from '../../ssh/types';
import { quoteShellWord } from '../../ssh/quote';
import type { ModuleContext } from '../types';
import { probe } from './target';

export interface GuardArgs {
  /** Skip when this remote path exists. */
  creates?: string;
  /** Skip unless this remote path exists. */
  removes?: string;
  /** Skip when this read-only shell command succeeds (exit 0). */
  unless?: string;
}

export const GUARD_SCHEMA = {
  creates: { type: 'string', minLength: 1, description: 'Skip when this remote path exists (checked in plan).' },
  removes: { type: 'string', minLength: 1, description: 'Skip unless this remote path exists (checked in plan).' },
  unless: {
    type: 'string',
    minLength: 1,
    description: 'Skip when this read-only shell command succeeds on the host (checked in plan).',
  },
} as const;

/** Why the command is skipped, or undefined when it would run. */
export async function evaluateGuards(
  ctx: ModuleContext,
  session: SshSession,
  args: GuardArgs,
  become?: boolean
): Promise<string | undefined> {
  const checks: string[] = [];
  if (args.creates !== undefined) checks.push(`test -e ${quoteShellWord(args.creates)} && echo creates`);
  if (args.removes !== undefined) checks.push(`test -e ${quoteShellWord(args.removes)} || echo removes`);
  if (args.unless !== undefined) checks.push(`(${args.unless}) >/dev/null 2>&1 && echo unless`);
  if (checks.length === 0) return undefined;
  const result = await probe(ctx, session, checks.map((c) => `{ ${c}; }`).join('; ') + '; true', become);
  const fired = new Set(result.stdout.split('\n'));
  if (fired.has('creates')) return `${args.creates} exists`;
  if (fired.has('removes')) return `${args.removes} does not exist`;
  if (fired.has('unless')) return `unless succeeded: ${args.unless}`;
  return undefined;
}

export function skippedResult(reason: string): Record<string, unknown> {
  return { skipped: true, reason, rc: 0, stdout: '', stderr: '' };
}
