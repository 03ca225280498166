/**
 * The SFTP subsystem of a simulated host, over its in-memory filesystem: enough for reading, stat-ing and
 * atomically writing files (open/read/write/close, stat/lstat/fstat, setstat/fsetstat, rename, remove, mkdir,
 * rmdir, realpath, opendir/readdir). Permissions follow the login user, as they would with OpenSSH's sftp-server.
 */
import { posix } from 'node:path';
import { utils, type SFTPWrapper } from 'ssh2';
import {
  FsError,
  fullMode,
  listDirectory,
  makeDirectory,
  readFileAt,
  removeEmptyDirectory,
  removePath,
  renamePath,
  setAttributes,
  statPath,
  writeFileAt,
  type PathStat,
} from './filesystem';
import type { SimHost } from './world';

const { OPEN_MODE, STATUS_CODE } = utils.sftp;

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

export interface SftpLogin {
  uid: number;
  home: string;
}

export function serveSftp(sftp: SFTPWrapper, host: SimHost, login: SftpLogin): void {
  const handles = new Map<number, OpenFile | OpenDirectory>();
  let nextHandle = 1;
  const absolute = (path: string): string => posix.resolve(login.home, path || '.');
  const register = (entry: OpenFile | OpenDirectory): Buffer => {
    const handle = Buffer.alloc(4);
    handle.writeUInt32BE(nextHandle);
    handles.set(nextHandle++, entry);
    return handle;
  };
  const lookup = (handle: Buffer): OpenFile | OpenDirectory | undefined =>
    handle.length === 4 ? handles.get(handle.readUInt32BE(0)) : undefined;
  const changed = (operation: string, path: string): void => {
    host.world.markChanged();
    host.world.emit({ kind: 'sftp', host: host.name, operation, path });
  };
  const attempt = (reqid: number, action: () => void): void => {
    try {
      action();
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      sftp.status(reqid, statusOf(error), error.message);
    }
  };

  sftp.on('OPEN', (reqid, filename, flags, attrs) =>
    attempt(reqid, () => sftp.handle(reqid, register(openFile(host, login.uid, absolute(filename), flags, attrs.mode))))
  );
  sftp.on('READ', (reqid, handle, offset, length) => {
    const file = lookup(handle);
    if (!file || !('content' in file)) return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    if (offset >= file.content.length) return sftp.status(reqid, STATUS_CODE.EOF);
    sftp.data(reqid, file.content.subarray(offset, Math.min(file.content.length, offset + length)));
  });
  sftp.on('WRITE', (reqid, handle, offset, data) => {
    const file = lookup(handle);
    if (!file || !('content' in file) || !file.isWritable) return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    const end = offset + data.length;
    const grown =
      end > file.content.length ? Buffer.concat([file.content, Buffer.alloc(end - file.content.length)]) : file.content;
    data.copy(grown, offset);
    Object.assign(file, { content: grown, isDirty: true });
    sftp.status(reqid, STATUS_CODE.OK);
  });
  sftp.on('CLOSE', (reqid, handle) => {
    const entry = lookup(handle);
    if (!entry) return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    handles.delete(handle.readUInt32BE(0));
    attempt(reqid, () => {
      if ('content' in entry && entry.isDirty) {
        writeFileAt(host.state, entry.path, entry.content, { uid: login.uid });
        changed('write', entry.path);
      }
      sftp.status(reqid, STATUS_CODE.OK);
    });
  });
  sftp.on('FSTAT', (reqid, handle) => {
    const entry = lookup(handle);
    const stat = entry ? statPath(host.state, entry.path) : undefined;
    if (!entry || !stat) return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    sftp.attrs(reqid, attributesOf('content' in entry ? { ...stat, size: entry.content.length } : stat));
  });
  const statRequest = (reqid: number, path: string): void => {
    const stat = statPath(host.state, absolute(path));
    if (!stat) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE, 'No such file');
    sftp.attrs(reqid, attributesOf(stat));
  };
  sftp.on('STAT', statRequest);
  sftp.on('LSTAT', statRequest);
  sftp.on('SETSTAT', (reqid, path, attrs) =>
    attempt(reqid, () => {
      setAttributes(host.state, absolute(path), attrs, login.uid);
      changed('setstat', absolute(path));
      sftp.status(reqid, STATUS_CODE.OK);
    })
  );
  sftp.on('FSETSTAT', (reqid, handle, attrs) => {
    const entry = lookup(handle);
    if (!entry) return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    attempt(reqid, () => {
      if ('content' in entry && entry.isDirty) writeFileAt(host.state, entry.path, entry.content, { uid: login.uid });
      if ('content' in entry) entry.isDirty = false;
      setAttributes(host.state, entry.path, attrs, login.uid);
      changed('setstat', entry.path);
      sftp.status(reqid, STATUS_CODE.OK);
    });
  });
  sftp.on('REMOVE', (reqid, path) =>
    attempt(reqid, () => {
      if (statPath(host.state, absolute(path))?.kind === 'directory') throw new FsError('EISDIR', absolute(path));
      removePath(host.state, absolute(path), { uid: login.uid, isRecursive: false });
      changed('remove', absolute(path));
      sftp.status(reqid, STATUS_CODE.OK);
    })
  );
  sftp.on('RENAME', (reqid, from, to) =>
    attempt(reqid, () => {
      renamePath(host.state, absolute(from), absolute(to), login.uid);
      changed('rename', absolute(to));
      sftp.status(reqid, STATUS_CODE.OK);
    })
  );
  sftp.on('MKDIR', (reqid, path) =>
    attempt(reqid, () => {
      makeDirectory(host.state, absolute(path), { uid: login.uid, isRecursive: false });
      changed('mkdir', absolute(path));
      sftp.status(reqid, STATUS_CODE.OK);
    })
  );
  sftp.on('RMDIR', (reqid, path) =>
    attempt(reqid, () => {
      removeEmptyDirectory(host.state, absolute(path), login.uid);
      changed('rmdir', absolute(path));
      sftp.status(reqid, STATUS_CODE.OK);
    })
  );
  sftp.on('REALPATH', (reqid, path) =>
    sftp.name(reqid, [{ filename: absolute(path), longname: absolute(path), attrs: {} as never }])
  );
  sftp.on('OPENDIR', (reqid, path) => {
    if (statPath(host.state, absolute(path))?.kind !== 'directory')
      return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE, 'No such directory');
    sftp.handle(reqid, register({ path: absolute(path), isListed: false }));
  });
  sftp.on('READDIR', (reqid, handle) => {
    const entry = lookup(handle);
    if (!entry || 'content' in entry) return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    if (entry.isListed) return sftp.status(reqid, STATUS_CODE.EOF);
    entry.isListed = true;
    const names = listDirectory(host.state, entry.path).map((name) => {
      const stat = statPath(host.state, posix.join(entry.path, name)) as PathStat;
      return { filename: name, longname: name, attrs: attributesOf(stat) as never };
    });
    sftp.name(reqid, names);
  });
}

function openFile(host: SimHost, uid: number, path: string, flags: number, mode: number | undefined): OpenFile {
  const stat = statPath(host.state, path);
  const isWritable = (flags & (OPEN_MODE.WRITE | OPEN_MODE.APPEND)) !== 0;
  if (stat?.kind === 'directory') throw new FsError('EISDIR', path);
  if (!isWritable) return { path, content: readFileAt(host.state, path, uid), isWritable, isDirty: false };
  if (stat && (flags & OPEN_MODE.EXCL) !== 0) throw new FsError('EEXIST', path);
  if (!stat && (flags & OPEN_MODE.CREAT) === 0) throw new FsError('ENOENT', path);
  const isTruncating = !stat || (flags & OPEN_MODE.TRUNC) !== 0;
  const content = isTruncating ? Buffer.alloc(0) : readFileAt(host.state, path, uid);
  // Create (or truncate) now so that the file exists for stat and rename while it is being written.
  writeFileAt(host.state, path, content, { uid, ...(mode !== undefined ? { mode: mode & 0o7777 } : {}) });
  return { path, content, isWritable, isDirty: false };
}

function attributesOf(stat: PathStat): {
  mode: number;
  uid: number;
  gid: number;
  size: number;
  atime: number;
  mtime: number;
} {
  return { mode: fullMode(stat), uid: stat.uid, gid: stat.gid, size: stat.size, atime: stat.mtime, mtime: stat.mtime };
}

function statusOf(error: FsError): number {
  if (error.code === 'ENOENT') return STATUS_CODE.NO_SUCH_FILE;
  if (error.code === 'EACCES') return STATUS_CODE.PERMISSION_DENIED;
  return STATUS_CODE.FAILURE;
}
