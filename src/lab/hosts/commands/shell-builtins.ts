/** Shell builtins and wrappers: cd, exit, set, export, echo, printf, true/false, sleep, and sh/bash/sudo. */
import { timingSafeEqual } from 'node:crypto';
import { statPath, resolvePath } from '../filesystem';
import type { CommandContext, CommandHandler } from '../shell/context';
import { ShellExit } from '../shell/context';
import { fail, print } from './output';

function changeDirectory(ctx: CommandContext, args: readonly string[]): number {
  const target = resolvePath(ctx.session.cwd, args[0] ?? ctx.session.env.HOME ?? '/');
  if (statPath(ctx.host.state, target)?.kind !== 'directory')
    return fail(ctx, `bash: cd: ${args[0]}: No such file or directory`);
  ctx.session.cwd = target;
  return 0;
}

function exitShell(ctx: CommandContext, args: readonly string[]): never {
  throw new ShellExit(args[0] === undefined ? ctx.session.lastStatus : Number(args[0]) & 255);
}

function setOptions(ctx: CommandContext, args: readonly string[]): number {
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === '-o' || arg === '+o')
      index += 1; // pipefail and friends: pipelines already report the last status
    else if (/^[-+][euxv]+$/.test(arg) && arg.includes('e')) ctx.session.isErrexit = arg.startsWith('-');
  }
  return 0;
}

function exportVariables(ctx: CommandContext, args: readonly string[]): number {
  for (const arg of args) {
    const [name = '', value] = arg.split(/=(.*)/s, 2);
    if (value !== undefined) ctx.session.env[name] = value;
  }
  return 0;
}

function echo(ctx: CommandContext, args: readonly string[]): number {
  let words = [...args];
  let isNewline = true;
  let isEscapes = false;
  while (words[0] !== undefined && /^-[neE]+$/.test(words[0])) {
    isNewline &&= !words[0].includes('n');
    isEscapes = words[0].includes('e');
    words = words.slice(1);
  }
  const text = words.join(' ');
  print(ctx, (isEscapes ? unescape(text) : text) + (isNewline ? '\n' : ''));
  return 0;
}

function unescape(text: string): string {
  const escapes: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', r: '\r', '0': '\0' };
  return text.replace(/\\([ntr\\0])/g, (_, char: string) => escapes[char] ?? char);
}

/** printf FORMAT ARGS: %s, %d, %%, and backslash escapes; the format repeats while arguments remain. */
function printf(ctx: CommandContext, args: readonly string[]): number {
  const [format = '', ...values] = args;
  const conversions = (format.match(/%[sdi]/g) ?? []).length;
  do {
    print(
      ctx,
      unescape(format).replace(/%([sdi%])/g, (_, kind: string) => {
        if (kind === '%') return '%';
        const value = values.shift() ?? '';
        return kind === 's' ? value : String(Number.parseInt(value, 10) || 0);
      })
    );
  } while (conversions > 0 && values.length > 0);
  return 0;
}

/** sh/bash [-e] [-x] [-l] -c SCRIPT [NAME ARGS...], or a script on stdin. */
async function runShell(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const options = readShellOptions(args);
  const script = options.script ?? (await ctx.io.stdin.readAll()).toString('utf8');
  return ctx.runScript((options.isErrexit ? 'set -e\n' : '') + script, { positional: options.positional });
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
    if (!flag.startsWith('-') || flag.startsWith('--')) {
      if (flag.startsWith('--')) continue;
      break;
    }
    if (flag === '-o') index += 1;
    else if (flag.includes('e')) isErrexit = true;
    if (flag.includes('c')) isCommand = true;
  }
  if (!isCommand) return { isErrexit, positional: args.slice(index) };
  // After -c: the script, then $0, then $1...
  return { script: args[index] ?? '', isErrexit, positional: args.slice(index + 2) };
}

const SUDO_VALUE_FLAGS = ['p', 'u', 'g', 'C', 'D', 'h', 'r', 't', 'U'];

/** sudo [-S] [-n] [-p PROMPT] [-u USER] [--] COMMAND...: root needs no password; others give the lab password. */
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

export const SHELL_BUILTINS: Record<string, CommandHandler> = {
  cd: changeDirectory,
  exit: exitShell,
  set: setOptions,
  export: exportVariables,
  unset: (ctx, args) => {
    for (const name of args) delete ctx.session.env[name];
    return 0;
  },
  umask: () => 0,
  true: () => 0,
  ':': () => 0,
  false: () => 1,
  echo,
  printf,
  sleep: () => 0,
  sh: runShell,
  bash: runShell,
  sudo,
};
