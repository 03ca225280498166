/**
 * A simulated host's filesystem: files and directories kept in its HostState, shared by SFTP and the shell.
 * Errors are errno-like codes (ENOENT, EISDIR, EACCES, ...) that each caller turns into its own message.
 */
import { posix } from 'node:path';
import type { FileEntry, HostState } from './types';

export const ROOT_UID = 0;
/** The uid the lab gives a non-root login user. */
export const USER_UID = 1000;

export type FsErrorCode = 'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EACCES' | 'EEXIST' | 'ENOTEMPTY';

export class FsError extends Error {
  constructor(
    readonly code: FsErrorCode,
    readonly path: string
  ) {
    super(`${path}: ${describeFsError(code)}`);
    this.name = 'FsError';
  }
}

export function describeFsError(code: FsErrorCode): string {
  const texts: Record<FsErrorCode, string> = {
    ENOENT: 'No such file or directory',
    EISDIR: 'Is a directory',
    ENOTDIR: 'Not a directory',
    EACCES: 'Permission denied',
    EEXIST: 'File exists',
    ENOTEMPTY: 'Directory not empty',
  };
  return texts[code];
}

export type PathKind = 'file' | 'directory';

export interface PathStat {
  kind: PathKind;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
}

const DIRECTORY_MODE = 0o755;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

export function resolvePath(cwd: string, path: string): string {
  return posix.resolve(cwd, path);
}

export function statPath(state: HostState, path: string): PathStat | undefined {
  if (state.directories.includes(path)) {
    return { kind: 'directory', size: 4096, mode: DIRECTORY_MODE, uid: ROOT_UID, gid: ROOT_UID, mtime: 0 };
  }
  const file = state.files[path];
  if (!file) return undefined;
  return {
    kind: 'file',
    size: fileContent(file).length,
    mode: file.mode,
    uid: file.uid,
    gid: file.gid,
    mtime: file.mtime,
  };
}

/** The mode with the file-type bits, as SFTP and `stat -c %f` report it. */
export function fullMode(stat: PathStat): number {
  return (stat.kind === 'directory' ? S_IFDIR : S_IFREG) | (stat.mode & 0o7777);
}

export function fileContent(file: FileEntry): Buffer {
  return Buffer.from(file.contentBase64, 'base64');
}

export function readFileAt(state: HostState, path: string, uid: number): Buffer {
  const stat = statPath(state, path);
  if (!stat) throw new FsError('ENOENT', path);
  if (stat.kind === 'directory') throw new FsError('EISDIR', path);
  if (!isReadable(path, stat, uid)) throw new FsError('EACCES', path);
  return fileContent(state.files[path] as FileEntry);
}

export interface WriteOptions {
  uid: number;
  mode?: number;
  isAppend?: boolean;
}

export function writeFileAt(state: HostState, path: string, content: Buffer, options: WriteOptions): void {
  assertParentDirectory(state, path);
  if (state.directories.includes(path)) throw new FsError('EISDIR', path);
  if (!isWritable(path, options.uid)) throw new FsError('EACCES', path);
  const existing = state.files[path];
  const body = options.isAppend && existing ? Buffer.concat([fileContent(existing), content]) : content;
  state.files[path] = {
    contentBase64: body.toString('base64'),
    mode: options.mode ?? existing?.mode ?? 0o644,
    uid: existing?.uid ?? options.uid,
    gid: existing?.gid ?? options.uid,
    mtime: Math.floor(Date.now() / 1000),
  };
}

export function makeDirectory(state: HostState, path: string, options: { uid: number; isRecursive: boolean }): void {
  if (state.directories.includes(path)) {
    if (options.isRecursive) return;
    throw new FsError('EEXIST', path);
  }
  if (state.files[path]) throw new FsError('EEXIST', path);
  const parent = posix.dirname(path);
  if (parent !== path && !state.directories.includes(parent)) {
    if (!options.isRecursive) throw new FsError('ENOENT', path);
    makeDirectory(state, parent, options);
  }
  if (!isWritable(path, options.uid)) throw new FsError('EACCES', path);
  state.directories.push(path);
}

export function removePath(state: HostState, path: string, options: { uid: number; isRecursive: boolean }): void {
  const stat = statPath(state, path);
  if (!stat) throw new FsError('ENOENT', path);
  if (!isWritable(path, options.uid)) throw new FsError('EACCES', path);
  if (stat.kind === 'file') {
    delete state.files[path];
    return;
  }
  if (!options.isRecursive) throw new FsError('EISDIR', path);
  const prefix = path === '/' ? '/' : path + '/';
  for (const file of Object.keys(state.files)) if (file.startsWith(prefix)) delete state.files[file];
  state.directories = state.directories.filter((dir) => dir !== path && !dir.startsWith(prefix));
}

export function removeEmptyDirectory(state: HostState, path: string, uid: number): void {
  if (!state.directories.includes(path)) throw new FsError(state.files[path] ? 'ENOTDIR' : 'ENOENT', path);
  if (listDirectory(state, path).length > 0) throw new FsError('ENOTEMPTY', path);
  removePath(state, path, { uid, isRecursive: true });
}

/** Moves a file over any existing file (POSIX rename semantics). */
export function renamePath(state: HostState, from: string, to: string, uid: number): void {
  const file = state.files[from];
  if (!file) throw new FsError(state.directories.includes(from) ? 'EISDIR' : 'ENOENT', from);
  assertParentDirectory(state, to);
  if (state.directories.includes(to)) throw new FsError('EISDIR', to);
  if (!isWritable(from, uid)) throw new FsError('EACCES', from);
  if (!isWritable(to, uid)) throw new FsError('EACCES', to);
  state.files[to] = file;
  delete state.files[from];
}

export function setAttributes(
  state: HostState,
  path: string,
  attrs: { mode?: number; uid?: number; gid?: number },
  uid: number
): void {
  const stat = statPath(state, path);
  if (!stat) throw new FsError('ENOENT', path);
  const file = state.files[path];
  if (!file) return; // directories keep their fixed attributes
  const isOwnerChange =
    (attrs.uid !== undefined && attrs.uid !== file.uid) || (attrs.gid !== undefined && attrs.gid !== file.gid);
  if (uid !== ROOT_UID && (file.uid !== uid || isOwnerChange)) throw new FsError('EACCES', path);
  if (attrs.mode !== undefined) file.mode = attrs.mode & 0o7777;
  if (attrs.uid !== undefined) file.uid = attrs.uid;
  if (attrs.gid !== undefined) file.gid = attrs.gid;
}

/** Names directly inside a directory. */
export function listDirectory(state: HostState, path: string): string[] {
  const prefix = path === '/' ? '/' : path + '/';
  const isChild = (candidate: string): boolean =>
    candidate !== path && candidate.startsWith(prefix) && !candidate.slice(prefix.length).includes('/');
  const names = [...state.directories.filter(isChild), ...Object.keys(state.files).filter(isChild)];
  return names.map((name) => name.slice(prefix.length)).sort();
}

function assertParentDirectory(state: HostState, path: string): void {
  const parent = posix.dirname(path);
  if (state.directories.includes(parent)) return;
  throw new FsError(state.files[parent] ? 'ENOTDIR' : 'ENOENT', path);
}

const USER_WRITABLE = ['/tmp/', '/var/tmp/', '/home/'];

/** root writes anywhere; other users only below /tmp, /var/tmp and /home. */
export function isWritable(path: string, uid: number): boolean {
  return uid === ROOT_UID || USER_WRITABLE.some((prefix) => path.startsWith(prefix));
}

function isReadable(path: string, stat: PathStat, uid: number): boolean {
  if (uid === ROOT_UID || stat.uid === uid) return true;
  if (path.startsWith('/root/')) return false;
  return (stat.mode & 0o004) !== 0;
}
