/** Read-only probes the SSH modules use: test / [, stat -c, sha256sum. */
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

export const PROBE_COMMANDS: Record<string, CommandHandler> = {
  test: (ctx, args) => test(ctx, args, false),
  '[': (ctx, args) => test(ctx, args, true),
  sha256sum,
  stat,
};
