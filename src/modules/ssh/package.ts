/**
 * `ssh.package`: packages installed (or removed) with dnf. Plan asks `rpm -q` (read-only) which of them are
 * missing (or present) and reports only those; apply runs one `dnf install -y` / `dnf remove -y` for them.
 */
import { quoteShellWord } from '../../ssh/quote';
import type { StepModule } from '../types';
import { planChanges, planNone } from '../types';
import { SshModuleArgsError } from './errors';
import { probe, runRemote, sessionOf } from './target';

export const PackageState = { PRESENT: 'present', ABSENT: 'absent' } as const;
export type PackageState = (typeof PackageState)[keyof typeof PackageState];

export interface SshPackageArgs {
  name: string | string[];
  state?: PackageState;
  become?: boolean;
}

const NAME = 'ssh.package';

function namesOf(stepId: string, args: SshPackageArgs): string[] {
  const names = Array.isArray(args.name) ? args.name : [args.name];
  if (names.length === 0) throw new SshModuleArgsError(NAME, stepId, 'name is an empty list');
  return names;
}

/** The names rpm reports as not installed. */
function missingFrom(stdout: string): Set<string> {
  const missing = new Set<string>();
  for (const match of stdout.matchAll(/^package (\S+) is not installed$/gm)) missing.add(match[1] as string);
  return missing;
}

export const sshPackage: StepModule<SshPackageArgs, string[]> = {
  name: NAME,
  description: 'Install or remove packages with dnf; planned with rpm -q.',
  schema: {
    type: 'object',
    properties: {
      name: {
        anyOf: [
          { type: 'string', minLength: 1 },
          { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
        ],
        description: 'A package name, or a list of them (installed or removed in one dnf transaction).',
      },
      state: {
        type: 'string',
        enum: Object.values(PackageState),
        description: 'Whether the packages should be installed (default present) or removed.',
      },
      become: { type: 'boolean', description: 'Run dnf through sudo (default: the host’s `become`).' },
    },
    required: ['name'],
    additionalProperties: false,
  },
  async plan(ctx, args) {
    const names = namesOf(ctx.stepId, args);
    const session = await sessionOf(ctx, NAME);
    const query = await probe(ctx, session, `LC_ALL=C rpm -q ${names.map(quoteShellWord).join(' ')}`, args.become);
    if (query.exitCode === 127) {
      throw new SshModuleArgsError(
        NAME,
        ctx.stepId,
        `rpm is not available on ${session.host}`,
        'ssh.package manages RPM hosts (Oracle Linux)'
      );
    }
    const missing = missingFrom(query.stdout);
    const isRemoving = args.state === PackageState.ABSENT;
    const todo = names.filter((n) => missing.has(n) === !isRemoving);
    if (todo.length === 0) return planNone({ changed: false, packages: [] });
    const verb = isRemoving ? 'remove' : 'install';
    const changes = todo.map((n) => ({
      path: `package:${n}`,
      from: isRemoving ? 'installed' : 'absent',
      to: isRemoving ? 'absent' : 'installed',
      note: `would dnf ${verb} ${n}`,
    }));
    return planChanges(changes, todo);
  },
  async apply(ctx, args, plan) {
    const todo = plan.data ?? namesOf(ctx.stepId, args);
    const verb = args.state === PackageState.ABSENT ? 'remove' : 'install';
    const session = await sessionOf(ctx, NAME);
    const result = await runRemote(ctx, NAME, session, ['dnf', verb, '-y', ...todo], {
      ...(args.become !== undefined ? { become: args.become } : {}),
    });
    return { result: { ...result, changed: true, packages: todo } };
  },
};
