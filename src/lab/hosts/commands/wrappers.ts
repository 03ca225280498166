/** Commands that run other commands: sh and bash (-c, a script file, or stdin), sudo, env. */
import { timingSafeEqual } from 'node:crypto';
import { readFileAt } from '../filesystem';
import type { CommandContext, CommandHandler } from '../shell/context';
import { pathOf } from './files';
import { fail } from './output';

/** sh/bash [-e] [-x] [-l] -c SCRIPT [NAME ARGS...] | FILE [ARGS...] | (script on stdin) */
async function runShell(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const options = readShellOptions(args);
  let script = options.script;
  let positional = options.positional;
  if (script === undefined && positional.length > 0) {
    const [file = '', ...rest] = positional;
    script = readFileAt(ctx.host.state, pathOf(ctx, file), ctx.session.uid).toString('utf8');
    positional = rest;
  }
  script ??= (await ctx.io.stdin.readAll()).toString('utf8');
  return ctx.runScript((options.isErrexit ? 'set -e\n' : '') + script, { positional });
}

function readShellOptions(args: readonly string[]): { script?: string; isErrexit: boolean; positional: string[] } {
  let isErrexit = false;
  let isCommand = false;
  let index = 0;
  for (; index < args.length; index += 1) {
    const flag = args[index] as string;
    if (flag === '--') {
      index += 1;
      break;
    }
    if (flag.startsWith('--')) continue;
    if (!flag.startsWith('-') || flag === '-') break;
    if (flag === '-o') index += 1;
    else if (flag.includes('e')) isErrexit = true;
    if (flag.includes('c')) isCommand = true;
  }
  if (!isCommand) return { isErrexit, positional: args.slice(index) };
  // After -c: the script, then $0, then $1...
  return { script: args[index] ?? '', isErrexit, positional: args.slice(index + 2) };
}

const SUDO_VALUE_FLAGS = ['p', 'u', 'g', 'C', 'D', 'h', 'r', 't', 'U'];

/** sudo [-k] [-S] [-n] [-p PROMPT] [-u USER] [--] COMMAND...: root needs no password; others give the lab's. */
async function sudo(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const flags = new Set<string>();
  let index = 0;
  for (; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === '--') {
      index += 1;
      break;
    }
    if (!arg.startsWith('-') || arg.length === 1) break;
    for (const flag of arg.slice(1)) flags.add(flag);
    if (SUDO_VALUE_FLAGS.some((flag) => arg.endsWith(flag))) index += 1;
  }
  const command = args.slice(index);
  if (command.length === 0)
    return fail(ctx, 'usage: sudo -h | -K | -k | -V\nusage: sudo [-ABknS] [-p prompt] [-u user] command');
  const authenticated = ctx.session.uid === 0 ? 0 : await authenticateSudo(ctx, flags);
  if (authenticated !== 0) return authenticated;
  return ctx.runArgv(command, { uid: 0, user: 'root' });
}

async function authenticateSudo(ctx: CommandContext, flags: Set<string>): Promise<number> {
  if (flags.has('n')) return fail(ctx, 'sudo: a password is required');
  if (!flags.has('S')) {
    return fail(
      ctx,
      'sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper'
    );
  }
  const given = Buffer.from((await ctx.io.stdin.readLine()) ?? '');
  const expected = Buffer.from(ctx.host.world.password);
  if (given.length === expected.length && timingSafeEqual(given, expected)) return 0;
  return fail(ctx, 'Sorry, try again.\nsudo: 1 incorrect password attempt');
}

/** env [NAME=value...] [COMMAND...]: without a command, print the environment. */
async function env(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const assignments = args.filter(
    (arg, index) => /^[A-Za-z_]\w*=/.test(arg) && args.slice(0, index).every((a) => /^[A-Za-z_]\w*=/.test(a))
  );
  const command = args.slice(assignments.length);
  if (command.length === 0) {
    const all = {
      ...ctx.session.env,
      ...Object.fromEntries(assignments.map((a) => a.split(/=(.*)/s, 2) as [string, string])),
    };
    for (const [name, value] of Object.entries(all)) ctx.io.stdout.write(`${name}=${value}\n`);
    return 0;
  }
  const saved = { ...ctx.session.env };
  for (const assignment of assignments) {
    const [name = '', value = ''] = assignment.split(/=(.*)/s, 2);
    ctx.session.env[name] = value;
  }
  try {
    return await ctx.runArgv(command);
  } finally {
    ctx.session.env = saved;
  }
}

export const WRAPPER_COMMANDS: Record<string, CommandHandler> = { sh: runShell, bash: runShell, sudo, env };
