/**
 * Finds the handler for a command name, the way PATH lookup would: `/usr/bin/dnf` is dnf; commands that come
 * with a package exist only once it is installed; anything else is "command not found" with a pointer to the list
 * of what the lab simulates.
 */
import { posix } from 'node:path';
import { packageProvidingCommand } from '../catalog';
import { COMMANDS } from '../commands';
import type { SimHost } from '../world';
import type { CommandContext, CommandHandler } from './context';

export type ResolvedCommand = { kind: 'found'; handler: CommandHandler } | { kind: 'missing'; message: string };

const BIN_DIRECTORIES = ['/usr/bin', '/usr/sbin', '/bin', '/sbin', '/usr/local/bin'];

export function resolveCommand(host: SimHost, name: string): ResolvedCommand {
  const base = commandName(name);
  if (base === undefined) return { kind: 'missing', message: `${name}: No such file or directory` };
  const handler = Object.hasOwn(LOOKUP, base)
    ? LOOKUP[base]
    : Object.hasOwn(COMMANDS, base)
      ? COMMANDS[base]
      : undefined;
  if (!handler) {
    return {
      kind: 'missing',
      message: `${base}: command not found (the runbook lab simulates only ${simulatedNames().join(', ')}; see docs/lab.md)`,
    };
  }
  const provider = packageProvidingCommand(base);
  if (provider && !host.state.packages[provider]) {
    return {
      kind: 'missing',
      message: `${base}: command not found (it comes with package ${provider}, which is not installed on ${host.name})`,
    };
  }
  return { kind: 'found', handler };
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
    if (resolveCommand(ctx.host, name).kind === 'found') {
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
