/** Read-only probes the SSH modules use: test / [, stat -c, sha256sum, plus grep, head, tail and wc for pipelines. */
import { createHash } from 'node:crypto';
import { fullMode, readFileAt, statPath, type PathStat } from '../filesystem';
import type { CommandContext, CommandHandler } from '../shell/context';
import { fail, print, printLine, splitArgs } from './output';
import { nameOfId, pathOf } from './files';

const UNARY_TESTS: Record<string, (stat: PathStat | undefined, operand: string) => boolean> = {
  '-e': (stat) => stat !== undefined,
  '-f': (stat) => stat?.kind === 'file',
  '-d': (stat) => stat?.kind === 'directory',
  '-s': (stat) => (stat?.size ?? 0) > 0,
  '-r': (stat) => stat !== undefined,
  '-w': (stat) => stat !== undefined,
  '-x': (stat) => stat !== undefined && (stat.kind === 'directory' || (stat.mode & 0o111) !== 0),
  '-L': () => false,
  '-h': () => false,
  '-n': (_, operand) => operand.length > 0,
  '-z': (_, operand) => operand.length === 0,
};

const BINARY_TESTS: Record<string, (a: string, b: string) => boolean> = {
  '=': (a, b) => a === b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '-eq': (a, b) => Number(a) === Number(b),
  '-ne': (a, b) => Number(a) !== Number(b),
  '-lt': (a, b) => Number(a) < Number(b),
  '-le': (a, b) => Number(a) <= Number(b),
  '-gt': (a, b) => Number(a) > Number(b),
  '-ge': (a, b) => Number(a) >= Number(b),
};

/** test EXPR and [ EXPR ]: exit 0 true, 1 false, 2 for an expression it cannot read. */
function test(ctx: CommandContext, args: readonly string[], isBracket: boolean): number {
  const words = [...args];
  if (isBracket && words.pop() !== ']') return fail(ctx, "[: missing `]'", 2);
  let isNegated = false;
  while (words[0] === '!' && words.length > 1) {
    isNegated = !isNegated;
    words.shift();
  }
  const result = evaluateTest(ctx, words);
  if (result === undefined)
    return fail(ctx, `${isBracket ? '[' : 'test'}: ${words.join(' ')}: unary operator expected`, 2);
  return result !== isNegated ? 0 : 1;
}

function evaluateTest(ctx: CommandContext, words: string[]): boolean | undefined {
  const [a = '', b = '', c = ''] = words;
  if (words.length === 0) return false;
  if (words.length === 1) return a.length > 0;
  if (words.length === 2) {
    const unary = UNARY_TESTS[a];
    return unary ? unary(statPath(ctx.host.state, pathOf(ctx, b)), b) : undefined;
  }
  const binary = words.length === 3 ? BINARY_TESTS[b] : undefined;
  return binary ? binary(a, c) : undefined;
}

function sha256sum(ctx: CommandContext, args: readonly string[]): number {
  const { operands } = splitArgs(args);
  let status = 0;
  for (const operand of operands) {
    const stat = statPath(ctx.host.state, pathOf(ctx, operand));
    if (stat?.kind !== 'file') {
      status = fail(ctx, `sha256sum: ${operand}: ${stat ? 'Is a directory' : 'No such file or directory'}`);
      continue;
    }
    const digest = createHash('sha256')
      .update(readFileAt(ctx.host.state, pathOf(ctx, operand), ctx.session.uid))
      .digest('hex');
    printLine(ctx, `${digest}  ${operand}`);
  }
  return status;
}

function stat(ctx: CommandContext, args: readonly string[]): number {
  const { flags, operands } = splitArgs(args, ['c', 'format', 'printf']);
  const format = flags.get('c') ?? flags.get('format');
  const printfFormat = flags.get('printf');
  let status = 0;
  for (const operand of operands) {
    const found = statPath(ctx.host.state, pathOf(ctx, operand));
    if (!found) {
      status = fail(ctx, `stat: cannot statx '${operand}': No such file or directory`);
      continue;
    }
    if (printfFormat !== undefined) print(ctx, formatStat(ctx, operand, found, printfFormat).replace(/\\n/g, '\n'));
    else printLine(ctx, formatStat(ctx, operand, found, format ?? DEFAULT_STAT_FORMAT));
  }
  return status;
}

const DEFAULT_STAT_FORMAT =
  '  File: %n\n  Size: %s\tBlocks: 8\tIO Block: 4096   %F\nAccess: (0%a/%A)  Uid: (%u/%U)   Gid: (%g/%G)\nModify: %y';

function formatStat(ctx: CommandContext, name: string, found: PathStat, format: string): string {
  const fields: Record<string, () => string> = {
    n: () => name,
    s: () => String(found.size),
    a: () => (found.mode & 0o7777).toString(8),
    A: () => symbolicMode(found),
    f: () => fullMode(found).toString(16),
    F: () => (found.kind === 'directory' ? 'directory' : found.size === 0 ? 'regular empty file' : 'regular file'),
    u: () => String(found.uid),
    U: () => nameOfId(ctx, found.uid),
    g: () => String(found.gid),
    G: () => nameOfId(ctx, found.gid),
    Y: () => String(found.mtime),
    y: () => new Date(found.mtime * 1000).toISOString().replace('T', ' ').replace('Z', '000000 +0000'),
    h: () => (found.kind === 'directory' ? '2' : '1'),
    i: () => '1024',
    '%': () => '%',
  };
  return format.replace(/%(.)/g, (whole, code: string) => fields[code]?.() ?? whole);
}

function symbolicMode(found: PathStat): string {
  const perms = [6, 3, 0].map((shift) => {
    const bits = (found.mode >> shift) & 7;
    return (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (bits & 1 ? 'x' : '-');
  });
  return (found.kind === 'directory' ? 'd' : '-') + perms.join('');
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

/** grep [-q] [-v] [-i] [-c] [-E|-F] [-e PATTERN] PATTERN [FILE...] */
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

export const PROBE_COMMANDS: Record<string, CommandHandler> = {
  test: (ctx, args) => test(ctx, args, false),
  '[': (ctx, args) => test(ctx, args, true),
  sha256sum,
  stat,
  grep,
  head: (ctx, args) => printEnd(ctx, args, true),
  tail: (ctx, args) => printEnd(ctx, args, false),
  wc,
};
