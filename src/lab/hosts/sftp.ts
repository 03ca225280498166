/**
 * The SFTP subsystem of a simulated host (protocol version 3, with OpenSSH's posix-rename and fsync
 * extensions), over its in-memory filesystem. Permissions follow the login user, as with OpenSSH's sftp-server.
 */
import { posix } from 'node:path';
import type { Duplex } from 'node:stream';
import {
  FsError,
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
import {
  OpenFlag,
  PacketFramer,
  PacketReader,
  PacketWriter,
  SftpBadMessage,
  SftpPacket,
  SftpStatus,
  type SftpAttrs,
} from './sftp-packets';
import { attributesOf, badHandle, encodeReply, type Reply } from './sftp-replies';
import type { SimHost } from './world';

const EXTENSIONS: [string, string][] = [
  ['posix-rename@openssh.com', '1'],
  ['fsync@openssh.com', '1'],
];

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

/** Serves SFTP on a subsystem channel until it closes. */
export function serveSftp(channel: Duplex, host: SimHost, login: SftpLogin): void {
  const server = new SftpServer(host, login);
  const framer = new PacketFramer();
  // Replies go out in order, each once what its request changed is saved.
  let replies = Promise.resolve();
  channel.on('data', (chunk: Buffer) => {
    for (const packet of framer.push(chunk)) {
      const reply = server.answer(packet);
      replies = replies
        .then(() => host.world.persist())
        .then(
          () => void channel.write(reply),
          () => void channel.destroy()
        );
    }
  });
  // The client's EOF ends the session, as sftp-server exits on it: close our side so the client can disconnect.
  channel.on('end', () => void replies.then(() => channel.end()));
  channel.on('error', () => undefined);
}

class SftpServer {
  private readonly handles = new Map<number, OpenFile | OpenDirectory>();
  private nextHandle = 1;

  constructor(
    private readonly host: SimHost,
    private readonly login: SftpLogin
  ) {}

  answer(packet: Buffer): Buffer {
    const reader = new PacketReader(packet);
    const type = reader.byte();
    if (type === SftpPacket.INIT) {
      const version = new PacketWriter(SftpPacket.VERSION).uint32(3);
      for (const [name, data] of EXTENSIONS) version.bytes(name).bytes(data);
      return version.finish();
    }
    const id = reader.uint32();
    let reply: Reply;
    try {
      reply = this.handle(type, reader);
    } catch (error) {
      if (error instanceof FsError) reply = { status: statusOf(error), message: error.message };
      else if (error instanceof SftpBadMessage) reply = { status: SftpStatus.BAD_MESSAGE, message: error.message };
      else throw error;
    }
    return encodeReply(id, reply);
  }

  private handle(type: number, reader: PacketReader): Reply {
    switch (type) {
      case SftpPacket.OPEN:
        return {
          handle: this.register(this.openFile(this.absolute(reader.text()), reader.uint32(), reader.attrs().mode)),
        };
      case SftpPacket.READ:
        return this.read(reader.bytes(), reader.uint64(), reader.uint32());
      case SftpPacket.WRITE:
        return this.write(reader.bytes(), reader.uint64(), reader.bytes());
      case SftpPacket.CLOSE:
        return this.close(reader.bytes());
      case SftpPacket.FSTAT:
        return this.fstat(reader.bytes());
      case SftpPacket.STAT:
      case SftpPacket.LSTAT:
        return this.stat(this.absolute(reader.text()));
      case SftpPacket.SETSTAT:
        return this.setstat(this.absolute(reader.text()), reader.attrs());
      case SftpPacket.FSETSTAT:
        return this.fsetstat(reader.bytes(), reader.attrs());
      case SftpPacket.OPENDIR:
        return this.opendir(this.absolute(reader.text()));
      case SftpPacket.READDIR:
        return this.readdir(reader.bytes());
      case SftpPacket.REMOVE:
        return this.remove(this.absolute(reader.text()));
      case SftpPacket.MKDIR:
        return this.change('mkdir', this.absolute(reader.text()), (path) =>
          makeDirectory(this.host.state, path, { uid: this.login.uid, isRecursive: false })
        );
      case SftpPacket.RMDIR:
        return this.change('rmdir', this.absolute(reader.text()), (path) =>
          removeEmptyDirectory(this.host.state, path, this.login.uid)
        );
      case SftpPacket.REALPATH: {
        const path = this.absolute(reader.text());
        return {
          names: [
            {
              name: path,
              stat: statPath(this.host.state, path) ?? {
                kind: 'directory',
                size: 0,
                mode: 0o755,
                uid: 0,
                gid: 0,
                mtime: 0,
              },
            },
          ],
        };
      }
      case SftpPacket.RENAME:
        return this.rename(this.absolute(reader.text()), this.absolute(reader.text()));
      case SftpPacket.EXTENDED:
        return this.extended(reader.text(), reader);
      default:
        return { status: SftpStatus.OP_UNSUPPORTED, message: `the lab's SFTP server does not support request ${type}` };
    }
  }

  private extended(name: string, reader: PacketReader): Reply {
    if (name === 'posix-rename@openssh.com')
      return this.rename(this.absolute(reader.text()), this.absolute(reader.text()));
    if (name === 'fsync@openssh.com') return this.lookup(reader.bytes()) ? { status: SftpStatus.OK } : badHandle();
    return { status: SftpStatus.OP_UNSUPPORTED, message: `the lab's SFTP server does not support ${name}` };
  }

  private absolute(path: string): string {
    return posix.resolve(this.login.home, path || '.');
  }

  private register(entry: OpenFile | OpenDirectory): Buffer {
    const handle = Buffer.alloc(4);
    handle.writeUInt32BE(this.nextHandle);
    this.handles.set(this.nextHandle++, entry);
    return handle;
  }

  private lookup(handle: Buffer): OpenFile | OpenDirectory | undefined {
    return handle.length === 4 ? this.handles.get(handle.readUInt32BE(0)) : undefined;
  }

  private openFile(path: string, flags: number, mode: number | undefined): OpenFile {
    const stat = statPath(this.host.state, path);
    const isWritable = (flags & (OpenFlag.WRITE | OpenFlag.APPEND)) !== 0;
    if (stat?.kind === 'directory') throw new FsError('EISDIR', path);
    if (!isWritable)
      return { path, content: readFileAt(this.host.state, path, this.login.uid), isWritable, isDirty: false };
    if (stat && (flags & OpenFlag.EXCL) !== 0) throw new FsError('EEXIST', path);
    if (!stat && (flags & OpenFlag.CREAT) === 0) throw new FsError('ENOENT', path);
    const isTruncating = !stat || (flags & OpenFlag.TRUNC) !== 0;
    const content = isTruncating ? Buffer.alloc(0) : readFileAt(this.host.state, path, this.login.uid);
    // Create (or truncate) now so that the file exists for stat and rename while it is being written.
    writeFileAt(this.host.state, path, content, {
      uid: this.login.uid,
      ...(mode !== undefined ? { mode: mode & 0o7777 } : {}),
    });
    return { path, content, isWritable, isDirty: false };
  }

  private read(handle: Buffer, offset: number, length: number): Reply {
    const file = this.lookup(handle);
    if (!file || !('content' in file)) return badHandle();
    if (offset >= file.content.length) return { status: SftpStatus.EOF };
    return { data: file.content.subarray(offset, Math.min(file.content.length, offset + length)) };
  }

  private write(handle: Buffer, offset: number, data: Buffer): Reply {
    const file = this.lookup(handle);
    if (!file || !('content' in file) || !file.isWritable) return badHandle();
    const end = offset + data.length;
    const grown =
      end > file.content.length
        ? Buffer.concat([file.content, Buffer.alloc(end - file.content.length)])
        : Buffer.from(file.content);
    data.copy(grown, offset);
    Object.assign(file, { content: grown, isDirty: true });
    return { status: SftpStatus.OK };
  }

  private close(handle: Buffer): Reply {
    const entry = this.lookup(handle);
    if (!entry) return badHandle();
    this.handles.delete(handle.readUInt32BE(0));
    if ('content' in entry) this.flush(entry);
    return { status: SftpStatus.OK };
  }

  private flush(file: OpenFile): void {
    if (!file.isDirty) return;
    writeFileAt(this.host.state, file.path, file.content, { uid: this.login.uid });
    file.isDirty = false;
    this.changed('write', file.path);
  }

  private fstat(handle: Buffer): Reply {
    const entry = this.lookup(handle);
    const stat = entry ? statPath(this.host.state, entry.path) : undefined;
    if (!entry || !stat) return badHandle();
    return { attrs: attributesOf('content' in entry ? { ...stat, size: entry.content.length } : stat) };
  }

  private stat(path: string): Reply {
    const stat = statPath(this.host.state, path);
    return stat ? { attrs: attributesOf(stat) } : { status: SftpStatus.NO_SUCH_FILE, message: 'No such file' };
  }

  private setstat(path: string, attrs: SftpAttrs): Reply {
    return this.change('setstat', path, () => setAttributes(this.host.state, path, attrs, this.login.uid));
  }

  private fsetstat(handle: Buffer, attrs: SftpAttrs): Reply {
    const entry = this.lookup(handle);
    if (!entry) return badHandle();
    if ('content' in entry) this.flush(entry);
    return this.setstat(entry.path, attrs);
  }

  private opendir(path: string): Reply {
    if (statPath(this.host.state, path)?.kind !== 'directory')
      return { status: SftpStatus.NO_SUCH_FILE, message: 'No such directory' };
    return { handle: this.register({ path, isListed: false }) };
  }

  private readdir(handle: Buffer): Reply {
    const entry = this.lookup(handle);
    if (!entry || 'content' in entry) return badHandle();
    if (entry.isListed) return { status: SftpStatus.EOF };
    entry.isListed = true;
    const names = listDirectory(this.host.state, entry.path).map((name) => ({
      name,
      stat: statPath(this.host.state, posix.join(entry.path, name)) as PathStat,
    }));
    return { names };
  }

  private remove(path: string): Reply {
    return this.change('remove', path, () => {
      if (statPath(this.host.state, path)?.kind === 'directory') throw new FsError('EISDIR', path);
      removePath(this.host.state, path, { uid: this.login.uid, isRecursive: false });
    });
  }

  /** Replaces the target if it exists (POSIX rename), for both RENAME and posix-rename@openssh.com. */
  private rename(from: string, to: string): Reply {
    return this.change('rename', to, () => renamePath(this.host.state, from, to, this.login.uid));
  }

  private change(operation: string, path: string, action: (path: string) => void): Reply {
    action(path);
    this.changed(operation, path);
    return { status: SftpStatus.OK };
  }

  private changed(operation: string, path: string): void {
    this.host.world.markChanged();
    this.host.world.emit({ kind: 'sftp', host: this.host.name, operation, path });
  }
}

function statusOf(error: FsError): number {
  if (error.code === 'ENOENT') return SftpStatus.NO_SUCH_FILE;
  if (error.code === 'EACCES') return SftpStatus.PERMISSION_DENIED;
  return SftpStatus.FAILURE;
}
