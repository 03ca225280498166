/** Text tools for pipelines and scripts: echo, printf, grep, head, tail, wc -l, cut, dirname, basename. */
import { posix } from 'node:path';
import { readFileAt } from '../filesystem';
import type { CommandContext, CommandHandler } from '../shell/context';
import { pathOf } from './files';
import { fail, print, printLine, splitArgs } from './output';

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Backslash escapes as printf and echo -e read them, octal (`\036`, `\0036`) and hex (`\x1e`) included. */
export function unescapeText(text: string): string {
  return text.replace(/\\(0[0-7]{0,3}|[1-7][0-7]{0,2}|x[0-9a-fA-F]{1,2}|.)/g, (whole, code: string) => {
    if (/^[0-7]/.test(code)) return String.fromCharCode(Number.parseInt(code, 8));
    if (code.startsWith('x') && code.length > 1) return String.fromCharCode(Number.parseInt(code.slice(1), 16));
    return ESCAPES[code] ?? whole;
  });
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
  print(ctx, (isEscapes ? unescapeText(text) : text) + (isNewline ? '\n' : ''));
  return 0;
}

/** printf FORMAT ARGS: %s, %d, %%, escapes; the format repeats while arguments remain. */
function printf(ctx: CommandContext, args: readonly string[]): number {
  const [format = '', ...values] = args;
  const conversions = (format.match(/%[sdi]/g) ?? []).length;
  do {
    print(
      ctx,
      unescapeText(format).replace(/%([sdi%])/g, (_, kind: string) => {
        if (kind === '%') return '%';
        const value = values.shift() ?? '';
        return kind === 's' ? value : String(Number.parseInt(value, 10) || 0);
      })
    );
  } while (conversions > 0 && values.length > 0);
  return 0;
}

/** Lines of the named files, or of stdin. */
async function inputLines(ctx: CommandContext, operands: readonly string[]): Promise<string[]> {
  const content =
    operands.length > 0
      ? Buffer.concat(operands.map((operand) => readFileAt(ctx.host.state, pathOf(ctx, operand), ctx.session.uid)))
      : await ctx.io.stdin.readAll();
  const text = content.toString('utf8');
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/** grep [-q] [-v] [-i] [-c] [-x] [-E|-F] [-e PATTERN] PATTERN [FILE...] */
async function grep(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const { flags, operands } = splitArgs(args, ['e']);
  const pattern = flags.get('e') ?? operands.shift() ?? '';
  const source = flags.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : pattern;
  const regex = new RegExp(flags.has('x') ? `^(?:${source})$` : source, flags.has('i') ? 'i' : '');
  const matches = (await inputLines(ctx, operands)).filter((line) => regex.test(line) !== flags.has('v'));
  if (flags.has('c')) printLine(ctx, String(matches.length));
  else if (!flags.has('q')) for (const line of matches) printLine(ctx, line);
  return matches.length > 0 ? 0 : 1;
}

/** head / tail [-n N | -N] [FILE...] */
async function printEnd(ctx: CommandContext, args: readonly string[], isHead: boolean): Promise<number> {
  const { flags, operands } = splitArgs(
    args.map((arg) => (/^-\d+$/.test(arg) ? `-n${arg.slice(1)}` : arg)),
    ['n']
  );
  const count = Number(flags.get('n') ?? 10);
  const lines = await inputLines(ctx, operands);
  for (const line of isHead ? lines.slice(0, count) : lines.slice(Math.max(0, lines.length - count)))
    printLine(ctx, line);
  return 0;
}

/** wc -l: the number of lines. */
async function wc(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const { flags, operands } = splitArgs(args);
  if (!flags.has('l')) return fail(ctx, 'wc: the lab simulates only wc -l');
  printLine(ctx, String((await inputLines(ctx, operands)).length));
  return 0;
}

/** cut -d DELIM -f LIST (fields like 1, 2-3, 1,3). */
async function cut(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const { flags, operands } = splitArgs(args, ['d', 'f', 'delimiter', 'fields']);
  const list = flags.get('f') ?? flags.get('fields');
  if (list === undefined) return fail(ctx, 'cut: the lab simulates only cut -d DELIM -f LIST');
  const delimiter = flags.get('d') ?? flags.get('delimiter') ?? '\t';
  const wanted = (index: number): boolean =>
    list.split(',').some((range) => {
      const [from = '', to] = range.split('-');
      const low = from === '' ? 1 : Number(from);
      const high = to === undefined ? low : to === '' ? Infinity : Number(to);
      return index >= low && index <= high;
    });
  for (const line of await inputLines(ctx, operands)) {
    const fields = line.split(delimiter);
    printLine(ctx, fields.length === 1 ? line : fields.filter((_, index) => wanted(index + 1)).join(delimiter));
  }
  return 0;
}

export const TEXT_COMMANDS: Record<string, CommandHandler> = {
  echo,
  printf,
  grep,
  head: (ctx, args) => printEnd(ctx, args, true),
  tail: (ctx, args) => printEnd(ctx, args, false),
  wc,
  cut,
  dirname: (ctx, args) => {
    for (const operand of args.filter((arg) => arg !== '--')) printLine(ctx, posix.dirname(operand));
    return 0;
  },
  basename: (ctx, args) => {
    const [name = '', suffix] = args.filter((arg) => arg !== '--');
    const base = posix.basename(name);
    printLine(ctx, suffix && base !== suffix && base.endsWith(suffix) ? base.slice(0, -suffix.length) : base);
    return 0;
  },
};
