/** Shell builtins: cd, exit, exec, set, export, unset, trap, umask, true/false, sleep, kill. */
import { resolvePath, statPath } from '../filesystem';
import type { CommandContext, CommandHandler } from '../shell/context';
import { ShellExit } from '../shell/context';
import { fail } from './output';

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

/** exec COMMAND: run it, then end the shell with its status (the lab has no processes to replace). */
async function execCommand(ctx: CommandContext, args: readonly string[]): Promise<number> {
  if (args.length === 0) return 0;
  throw new ShellExit(await ctx.runArgv(args));
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

/** trap ACTION EXIT (or 0) keeps ACTION for the end of the shell; `trap - EXIT` clears it. Signals never come. */
function trap(ctx: CommandContext, args: readonly string[]): number {
  const operands = args[0] === '--' ? args.slice(1) : args;
  const [action, ...conditions] = operands;
  if (action === undefined || conditions.length === 0) return 0;
  if (!conditions.some((condition) => condition === 'EXIT' || condition === '0')) return 0;
  if (action === '-') delete ctx.session.exitTrap;
  else ctx.session.exitTrap = action;
  return 0;
}

/** Nothing in the lab runs in the background, so there is never a process to signal. */
function kill(ctx: CommandContext, args: readonly string[], tool: string): number {
  const target = args.filter((arg) => arg !== '--' && !/^-[A-Z]+$|^-\d$/.test(arg)).pop() ?? '';
  return fail(ctx, tool === 'kill' ? `bash: kill: (${target}) - No such process` : '', 1);
}

export const SHELL_BUILTINS: Record<string, CommandHandler> = {
  cd: changeDirectory,
  exit: exitShell,
  exec: execCommand,
  set: setOptions,
  export: exportVariables,
  unset: (ctx, args) => {
    for (const name of args) delete ctx.session.env[name];
    return 0;
  },
  trap,
  umask: () => 0,
  true: () => 0,
  ':': () => 0,
  false: () => 1,
  sleep: () => 0,
  kill: (ctx, args) => kill(ctx, args, 'kill'),
  pkill: () => 1,
};
