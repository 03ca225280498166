/**
 * One SFTP session of a simulated host over its in-memory filesystem: the open handles, path resolution against
 * the login's home, and the operations with OpenSSH's sftp-server semantics (sftp.ts wires them to ssh2's request
 * events). Every change marks the lab world changed and emits an `sftp` lab event.
 */
import { posix } from 'node:path';
import type { Attributes, FileEntry as SftpName, SFTPWrapper } from 'ssh2';
import { utils } from 'ssh2';
import {
  FsError,
  fullMode,
  listDirectory,
  readFileAt,
  renamePath,
  statPath,
  writeFileAt,
  type PathStat,
} from './filesystem';
import type { SimHost } from './world';

const { OPEN_MODE, STATUS_CODE } = utils.sftp;

export interface SftpLogin {
  uid: number;
  home: string;
}

interface OpenFile {
  path: string;
  content: Buffer;
  isWritable: boolean;
  isDirty: boolean;
}

interface OpenDirectory {
  path: string;
  isListed: boolean;
}

type Handle = OpenFile | OpenDirectory;

export function isFile(handle: Handle | undefined): handle is OpenFile {
  return handle !== undefined && 'content' in handle;
}

function statusOf(error: FsError): number {
  if (error.code === 'ENOENT') return STATUS_CODE.NO_SUCH_FILE;
  if (error.code === 'EACCES') return STATUS_CODE.PERMISSION_DENIED;
  return STATUS_CODE.FAILURE;
}

export function attributesOf(stat: PathStat): Attributes {
  return { mode: fullMode(stat), uid: stat.uid, gid: stat.gid, size: stat.size, atime: stat.mtime, mtime: stat.mtime };
}

/** An `ls -l` style line, as OpenSSH's sftp client shows it. */
function longName(name: string, stat: PathStat): string {
  const perms = [6, 3, 0].map((shift) => {
    const bits = (stat.mode >> shift) & 7;
    return (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (bits & 1 ? 'x' : '-');
  });
  const kind = stat.kind === 'directory' ? 'd' : '-';
  return `${kind}${perms.join('')}    1 ${stat.uid}     ${stat.gid}     ${String(stat.size).padStart(8)} Jan  7 10:00 ${name}`;
}

/** The two paths of a posix-rename@openssh.com request (string oldpath, string newpath). */
export function readTwoPaths(data: Buffer | undefined): [string, string] | undefined {
  if (data === undefined || data.length < 4) return undefined;
  const first = data.readUInt32BE(0);
  if (data.length < 8 + first) return undefined;
  const second = data.readUInt32BE(4 + first);
  if (data.length < 8 + first + second) return undefined;
  return [data.subarray(4, 4 + first).toString('utf8'), data.subarray(8 + first, 8 + first + second).toString('utf8')];
}

export class SftpSession {
  private readonly handles = new Map<number, Handle>();
  private nextHandle = 1;

  constructor(
    private readonly sftp: SFTPWrapper,
    private readonly host: SimHost,
    private readonly login: SftpLogin
  ) {}

  /** Answers one request: `work` returns nothing (status OK) or sends its own reply; filesystem errors become statuses. */
  answer(id: number, work: () => void | 'replied'): void {
    try {
      if (work() !== 'replied') this.sftp.status(id, STATUS_CODE.OK);
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      this.sftp.status(id, statusOf(error), error.message);
    }
  }

  absolute(path: string): string {
    return posix.resolve(this.login.home, path || '.');
  }

  lookup(handle: Buffer): Handle | undefined {
    return handle.length === 4 ? this.handles.get(handle.readUInt32BE(0)) : undefined;
  }

  register(entry: Handle): Buffer {
    const handle = Buffer.alloc(4);
    handle.writeUInt32BE(this.nextHandle);
    this.handles.set(this.nextHandle++, entry);
    return handle;
  }

  release(handle: Buffer): void {
    this.handles.delete(handle.readUInt32BE(0));
  }

  open(path: string, flags: number, mode: number | undefined): OpenFile {
    const { state } = this.host;
    const stat = statPath(state, path);
    const isWritable = (flags & (OPEN_MODE.WRITE | OPEN_MODE.APPEND)) !== 0;
    if (stat?.kind === 'directory') throw new FsError('EISDIR', path);
    if (!isWritable) return { path, content: readFileAt(state, path, this.login.uid), isWritable, isDirty: false };
    if (stat && (flags & OPEN_MODE.EXCL) !== 0) throw new FsError('EEXIST', path);
    if (!stat && (flags & OPEN_MODE.CREAT) === 0) throw new FsError('ENOENT', path);
    const isTruncating = !stat || (flags & OPEN_MODE.TRUNC) !== 0;
    const content = isTruncating ? Buffer.alloc(0) : readFileAt(state, path, this.login.uid);
    // Created (or truncated) now, so that the file exists for stat and rename while it is being written.
    writeFileAt(state, path, content, { uid: this.login.uid, ...(mode !== undefined ? { mode: mode & 0o7777 } : {}) });
    return { path, content, isWritable, isDirty: false };
  }

  write(file: OpenFile, offset: number, data: Buffer): void {
    const end = offset + data.length;
    const grown =
      end > file.content.length
        ? Buffer.concat([file.content, Buffer.alloc(end - file.content.length)])
        : Buffer.from(file.content);
    data.copy(grown, offset);
    Object.assign(file, { content: grown, isDirty: true });
  }

  flush(file: OpenFile): void {
    if (!file.isDirty) return;
    writeFileAt(this.host.state, file.path, file.content, { uid: this.login.uid });
    file.isDirty = false;
    this.changed('write', file.path);
  }

  names(directory: string): SftpName[] {
    return listDirectory(this.host.state, directory).flatMap((name) => {
      const stat = statPath(this.host.state, posix.join(directory, name));
      return stat ? [{ filename: name, longname: longName(name, stat), attrs: attributesOf(stat) }] : [];
    });
  }

  /** RENAME as sftp-server does it for a file: never over an existing target. */
  renameNoReplace(from: string, to: string): void {
    if (statPath(this.host.state, to) !== undefined) throw new FsError('EEXIST', to);
    this.change('rename', to, () => renamePath(this.host.state, from, to, this.login.uid));
  }

  change(operation: string, path: string, action: () => void): void {
    action();
    this.changed(operation, path);
  }

  changed(operation: string, path: string): void {
    this.host.world.markChanged();
    this.host.world.emit({ kind: 'sftp', host: this.host.name, operation, path });
  }

  get state() {
    return this.host.state;
  }

  get uid(): number {
    return this.login.uid;
  }
}
