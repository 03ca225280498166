/** File commands on the host's in-memory filesystem: cat, tee, touch, mkdir, rm, mv, cp, chmod, chown, base64. */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import {
  describeFsError,
  FsError,
  makeDirectory,
  readFileAt,
  removePath,
  renamePath,
  resolvePath,
  setAttributes,
  statPath,
  USER_UID,
  writeFileAt,
  type PathStat,
} from '../filesystem';
import type { CommandContext, CommandHandler } from '../shell/context';
import { fail, print, splitArgs } from './output';

export function pathOf(ctx: CommandContext, path: string): string {
  return resolvePath(ctx.session.cwd, path);
}

function changed(ctx: CommandContext): void {
  ctx.host.world.markChanged();
}

/** Runs `action` on each operand; reports `tool: cannot VERB 'x': reason` and keeps going, like coreutils. */
function forEachPath(
  ctx: CommandContext,
  tool: string,
  verb: string,
  operands: readonly string[],
  action: (path: string) => void
): number {
  let status = 0;
  for (const operand of operands) {
    try {
      action(pathOf(ctx, operand));
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      status = fail(ctx, `${tool}: ${verb ? `cannot ${verb} '${operand}'` : operand}: ${describeFsError(error.code)}`);
    }
  }
  if (operands.length > 0) changed(ctx);
  return status;
}

async function cat(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const { operands } = splitArgs(args);
  if (operands.length === 0 || operands.every((operand) => operand === '-')) {
    ctx.io.stdout.write(await ctx.io.stdin.readAll());
    return 0;
  }
  return forEachPath(ctx, 'cat', '', operands, (path) =>
    ctx.io.stdout.write(readFileAt(ctx.host.state, path, ctx.session.uid))
  );
}

async function tee(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const { flags, operands } = splitArgs(args);
  const input = await ctx.io.stdin.readAll();
  ctx.io.stdout.write(input);
  const isAppend = flags.has('a') || flags.has('append');
  return forEachPath(ctx, 'tee', '', operands, (path) =>
    writeFileAt(ctx.host.state, path, input, { uid: ctx.session.uid, isAppend })
  );
}

function touch(ctx: CommandContext, args: readonly string[]): number {
  const { operands } = splitArgs(args);
  return forEachPath(ctx, 'touch', 'touch', operands, (path) => {
    if (!statPath(ctx.host.state, path)) writeFileAt(ctx.host.state, path, Buffer.alloc(0), { uid: ctx.session.uid });
  });
}

function mkdir(ctx: CommandContext, args: readonly string[]): number {
  const { flags, operands } = splitArgs(args, ['m', 'mode']);
  const isRecursive = flags.has('p') || flags.has('parents');
  if (operands.length === 0) return fail(ctx, "mkdir: missing operand\nTry 'mkdir --help' for more information.");
  return forEachPath(ctx, 'mkdir', 'create directory', operands, (path) =>
    makeDirectory(ctx.host.state, path, { uid: ctx.session.uid, isRecursive })
  );
}

function rm(ctx: CommandContext, args: readonly string[]): number {
  const { flags, operands } = splitArgs(args);
  const isForced = flags.has('f') || flags.has('force');
  const isRecursive = flags.has('r') || flags.has('R') || flags.has('recursive');
  if (operands.length === 0 && !isForced)
    return fail(ctx, "rm: missing operand\nTry 'rm --help' for more information.");
  return forEachPath(ctx, 'rm', 'remove', operands, (path) => {
    if (isForced && !statPath(ctx.host.state, path)) return;
    removePath(ctx.host.state, path, { uid: ctx.session.uid, isRecursive });
  });
}

/** The destination path: into a directory keeps the source's name. */
function destinationOf(ctx: CommandContext, source: string, target: string): string {
  const resolved = pathOf(ctx, target);
  return statPath(ctx.host.state, resolved)?.kind === 'directory'
    ? posix.join(resolved, posix.basename(source))
    : resolved;
}

function mv(ctx: CommandContext, args: readonly string[]): number {
  const { operands } = splitArgs(args);
  const [source, target] = operands;
  if (source === undefined || target === undefined)
    return fail(ctx, "mv: missing file operand\nTry 'mv --help' for more information.");
  return forEachPath(ctx, 'mv', 'move', [source], (path) =>
    renamePath(ctx.host.state, path, destinationOf(ctx, source, target), ctx.session.uid)
  );
}

function cp(ctx: CommandContext, args: readonly string[]): number {
  const { flags, operands } = splitArgs(args);
  const [source, target] = operands;
  if (source === undefined || target === undefined)
    return fail(ctx, "cp: missing file operand\nTry 'cp --help' for more information.");
  return forEachPath(ctx, 'cp', 'stat', [source], (path) => {
    const content = readFileAt(ctx.host.state, path, ctx.session.uid);
    const mode = flags.has('p') || flags.has('a') ? statPath(ctx.host.state, path)?.mode : undefined;
    writeFileAt(ctx.host.state, destinationOf(ctx, source, target), content, {
      uid: ctx.session.uid,
      ...(mode !== undefined ? { mode } : {}),
    });
  });
}

/** `--reference=FILE` among the arguments: that file's stat, and the other arguments. */
function splitReference(ctx: CommandContext, args: readonly string[]): { reference?: PathStat; rest: string[] } {
  const rest = args.filter((arg) => arg !== '-R' && arg !== '--' && !arg.startsWith('--reference='));
  const option = args.find((arg) => arg.startsWith('--reference='));
  if (option === undefined) return { rest };
  const path = pathOf(ctx, option.slice('--reference='.length));
  const reference = statPath(ctx.host.state, path);
  if (!reference) throw new FsError('ENOENT', path);
  return { reference, rest };
}

function chmod(ctx: CommandContext, args: readonly string[]): number {
  const { reference, rest } = splitReference(ctx, args);
  const [mode = '', ...operands] = reference ? ['', ...rest] : rest;
  return forEachPath(ctx, 'chmod', 'access', operands, (path) => {
    const current = statPath(ctx.host.state, path)?.mode ?? 0o644;
    setAttributes(
      ctx.host.state,
      path,
      { mode: reference ? reference.mode : applyMode(current, mode) },
      ctx.session.uid
    );
  });
}

/** Octal modes, and the symbolic `+x`, `-w`, `u+x`, `go-rwx` forms. */
function applyMode(current: number, mode: string): number {
  if (/^[0-7]{3,4}$/.test(mode)) return Number.parseInt(mode, 8);
  const match = /^([ugoa]*)([+-=])([rwx]+)$/.exec(mode);
  if (!match) return current;
  const who = match[1] || 'a';
  const bits = [...(match[3] ?? '')].reduce((sum, perm) => sum | ({ r: 4, w: 2, x: 1 }[perm] ?? 0), 0);
  const shifts = [...who].flatMap((w) => (w === 'a' ? [6, 3, 0] : [{ u: 6, g: 3, o: 0 }[w] ?? 0]));
  const mask = shifts.reduce((sum, shift) => sum | (bits << shift), 0);
  if (match[2] === '+') return current | mask;
  if (match[2] === '-') return current & ~mask;
  return (current & ~shifts.reduce((sum, shift) => sum | (7 << shift), 0)) | mask;
}

function chown(ctx: CommandContext, args: readonly string[]): number {
  const { reference, rest } = splitReference(ctx, args);
  const [owner = '', ...operands] = reference ? ['', ...rest] : rest;
  const [user, group] = owner.split(/[:.]/);
  const uid = reference ? reference.uid : user ? idOf(ctx, user) : undefined;
  const gid = reference ? reference.gid : group ? idOf(ctx, group) : undefined;
  if ((user && uid === undefined) || (group && gid === undefined)) return fail(ctx, `chown: invalid user: '${owner}'`);
  return forEachPath(ctx, 'chown', 'access', operands, (path) =>
    setAttributes(
      ctx.host.state,
      path,
      { ...(uid !== undefined ? { uid } : {}), ...(gid !== undefined ? { gid } : {}) },
      ctx.session.uid
    )
  );
}

/** mktemp [-d] [TEMPLATE]: a new file (or directory) named by replacing the trailing X's. */
function mktemp(ctx: CommandContext, args: readonly string[]): number {
  const { flags, operands } = splitArgs(args, ['p', 'tmpdir']);
  const template = pathOf(ctx, operands[0] ?? posix.join(flags.get('p') ?? '/tmp', 'tmp.XXXXXXXXXX'));
  const xs = /X{3,}$/.exec(template)?.[0];
  if (!xs) return fail(ctx, `mktemp: too few X's in template '${operands[0] ?? template}'`);
  const path = template.slice(0, -xs.length) + randomBytes(xs.length).toString('base64url').slice(0, xs.length);
  if (flags.has('d') || flags.has('directory'))
    makeDirectory(ctx.host.state, path, { uid: ctx.session.uid, isRecursive: false });
  else writeFileAt(ctx.host.state, path, Buffer.alloc(0), { uid: ctx.session.uid, mode: 0o600 });
  changed(ctx);
  print(ctx, path + '\n');
  return 0;
}

/** root is 0, the inventory's login user is 1000, numbers are themselves. */
export function idOf(ctx: CommandContext, name: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  if (name === 'root') return 0;
  return name === ctx.host.entry.user ? USER_UID : undefined;
}

export function nameOfId(ctx: CommandContext, id: number): string {
  if (id === 0) return 'root';
  return id === USER_UID && ctx.host.entry.user !== 'root' ? ctx.host.entry.user : String(id);
}

async function base64(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const { flags, operands } = splitArgs(args, ['w', 'wrap']);
  const file = operands[0];
  const input =
    file && file !== '-'
      ? readFileAt(ctx.host.state, pathOf(ctx, file), ctx.session.uid)
      : await ctx.io.stdin.readAll();
  if (flags.has('d') || flags.has('decode')) {
    ctx.io.stdout.write(Buffer.from(input.toString('utf8'), 'base64'));
    return 0;
  }
  const encoded = input.toString('base64');
  const isWrapped = (flags.get('w') ?? flags.get('wrap')) !== '0';
  print(ctx, (isWrapped ? (encoded.match(/.{1,76}/g) ?? []).join('\n') : encoded) + '\n');
  return 0;
}

export const FILE_COMMANDS: Record<string, CommandHandler> = {
  cat,
  tee,
  touch,
  mkdir,
  mktemp,
  rm,
  mv,
  cp,
  chmod,
  chown,
  base64,
};
