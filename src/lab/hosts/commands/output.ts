/** Small helpers every simulated command uses to talk like a Linux tool. */
import type { CommandContext } from '../shell/context';

export function print(ctx: CommandContext, text: string): void {
  ctx.io.stdout.write(text);
}

export function printLine(ctx: CommandContext, line = ''): void {
  ctx.io.stdout.write(line + '\n');
}

/** Writes `message` to stderr and returns `status`, so handlers can `return fail(ctx, ..., 1)`. */
export function fail(ctx: CommandContext, message: string, status = 1): number {
  ctx.io.stderr.write(message.endsWith('\n') ? message : message + '\n');
  return status;
}

export function isRoot(ctx: CommandContext): boolean {
  return ctx.session.uid === 0;
}

/** Splits short and long flags from operands: `-qy --now a b` -> flags {q,y,now}, operands [a, b]. */
export function splitArgs(
  args: readonly string[],
  valueFlags: readonly string[] = []
): { flags: Map<string, string>; operands: string[] } {
  const flags = new Map<string, string>();
  const operands: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === '--') {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name = '', value] = arg.slice(2).split(/=(.*)/s, 2);
      const needsValue = valueFlags.includes(name) && value === undefined;
      flags.set(name, needsValue ? (args[++index] ?? '') : (value ?? ''));
    } else if (arg.startsWith('-') && arg.length > 1) {
      index = readShortFlags(args, index, valueFlags, flags);
    } else {
      operands.push(arg);
    }
  }
  return { flags, operands };
}

function readShortFlags(
  args: readonly string[],
  index: number,
  valueFlags: readonly string[],
  flags: Map<string, string>
): number {
  const arg = args[index] as string;
  for (let position = 1; position < arg.length; position += 1) {
    const flag = arg[position] as string;
    if (!valueFlags.includes(flag)) {
      flags.set(flag, '');
      continue;
    }
    const inline = arg.slice(position + 1);
    if (inline) {
      flags.set(flag, inline);
      return index;
    }
    flags.set(flag, args[index + 1] ?? '');
    return index + 1;
  }
  return index;
}
