/**
 * Finds the handler for a command name, the way PATH lookup would: `/usr/bin/dnf` is dnf; commands that come
 * with a package exist only once it is installed; anything else is "command not found" with a pointer to the list
 * of what the lab simulates.
 */
import { posix } from 'node:path';
import { packageProvidingCommand } from '../catalog';
import { COMMANDS } from '../commands';
import type { SimHost } from '../world';
import { readFileAt, resolvePath, statPath } from '../filesystem';
import type { CommandContext, CommandHandler, ShellSession } from './context';

export type ResolvedCommand =
  | { kind: 'found'; handler: CommandHandler }
  | { kind: 'missing'; message: string; status: number };

const NOT_FOUND = 127;
const NOT_EXECUTABLE = 126;
const SHELLS = /^#!\s*(\/usr)?\/bin\/(env\s+)?(ba)?sh\b/;

const BIN_DIRECTORIES = ['/usr/bin', '/usr/sbin', '/bin', '/sbin', '/usr/local/bin'];

export function resolveCommand(host: SimHost, session: ShellSession, name: string): ResolvedCommand {
  const base = commandName(name);
  if (base === undefined) return resolveScriptFile(host, session, name);
  const handler = Object.hasOwn(LOOKUP, base)
    ? LOOKUP[base]
    : Object.hasOwn(COMMANDS, base)
      ? COMMANDS[base]
      : undefined;
  if (!handler) {
    return {
      kind: 'missing',
      status: NOT_FOUND,
      message: `${base}: command not found (the runbook lab simulates only ${simulatedNames().join(', ')}; see docs/lab.md)`,
    };
  }
  const provider = packageProvidingCommand(base);
  if (provider && !host.state.packages[provider]) {
    return {
      kind: 'missing',
      status: NOT_FOUND,
      message: `${base}: command not found (it comes with package ${provider}, which is not installed on ${host.name})`,
    };
  }
  return { kind: 'found', handler };
}

/** A script run by its path (ssh.script uploads one and runs it): sh and bash scripts run in the lab shell. */
function resolveScriptFile(host: SimHost, session: ShellSession, name: string): ResolvedCommand {
  const path = resolvePath(session.cwd, name);
  const stat = statPath(host.state, path);
  if (!stat) return { kind: 'missing', status: NOT_FOUND, message: `${name}: No such file or directory` };
  if (stat.kind === 'directory') return { kind: 'missing', status: NOT_EXECUTABLE, message: `${name}: Is a directory` };
  if ((stat.mode & 0o111) === 0)
    return { kind: 'missing', status: NOT_EXECUTABLE, message: `${name}: Permission denied` };
  const script = readFileAt(host.state, path, session.uid).toString('utf8');
  const shebang = script.startsWith('#!') ? (script.split('\n')[0] ?? '') : '#!/bin/sh';
  if (!SHELLS.test(shebang)) {
    return {
      kind: 'missing',
      status: NOT_EXECUTABLE,
      message: `${name}: ${shebang.slice(2).trim()}: bad interpreter: the lab runs only sh and bash scripts`,
    };
  }
  return { kind: 'found', handler: (ctx, args) => ctx.runScript(script, { positional: [...args] }) };
}

/** `dnf` and `/usr/bin/dnf` name dnf; other paths name nothing the lab runs. */
function commandName(name: string): string | undefined {
  if (!name.includes('/')) return name;
  return BIN_DIRECTORIES.includes(posix.dirname(name)) ? posix.basename(name) : undefined;
}

function simulatedNames(): string[] {
  return [...Object.keys(COMMANDS), ...Object.keys(LOOKUP)].sort();
}

function commandPath(name: string): string {
  return ['ip', 'ping', 'engine-setup', 'hosted-engine', 'systemctl', 'sudo'].includes(name)
    ? `/usr/sbin/${name}`
    : `/usr/bin/${name}`;
}

/** `command -v NAME...` and `which NAME...`: print where each command is; fail if one is missing. */
function locateCommands(ctx: CommandContext, names: readonly string[], isWhich: boolean): number {
  let status = 0;
  for (const name of names) {
    if (resolveCommand(ctx.host, ctx.session, name).kind === 'found') {
      ctx.io.stdout.write(`${name.includes('/') ? name : commandPath(name)}\n`);
    } else {
      status = 1;
      if (isWhich) ctx.io.stderr.write(`which: no ${name} in (${ctx.session.env.PATH ?? ''})\n`);
    }
  }
  return status;
}

const LOOKUP: Record<string, CommandHandler> = {
  command: (ctx, args) => {
    if (args[0] === '-v' || args[0] === '-V') return locateCommands(ctx, args.slice(1), false);
    return ctx.runArgv(args);
  },
  which: (ctx, args) => locateCommands(ctx, args, true),
};
