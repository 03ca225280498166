/**
 * The SFTP subsystem of a simulated host, on ssh2's SFTP server (the `sftp` session event and its request
 * events), over the host's in-memory filesystem: protocol version 3 with OpenSSH's posix-rename and fsync
 * extensions (sftp-version.ts). Permissions follow the login user, and requests behave as OpenSSH's sftp-server
 * answers them: a plain RENAME refuses an existing target (it links, then unlinks: sftp-server.c `process_rename`),
 * posix-rename replaces it atomically; written data reaches the file when it is closed. Replies wait until what
 * their request changed is saved (replyOnceSaved).
 */
import type { FileEntry as SftpName, SFTPWrapper } from 'ssh2';
import { utils } from 'ssh2';
import {
  FsError,
  makeDirectory,
  removeEmptyDirectory,
  removePath,
  renamePath,
  setAttributes,
  statPath,
} from './filesystem';
import { attributesOf, isFile, readTwoPaths, SftpSession } from './sftp-session';
import type { SftpLogin } from './sftp-session';
import { advertiseExtensions } from './sftp-version';
import type { SimHost } from './world';

const { STATUS_CODE } = utils.sftp;

export type { SftpLogin };

function serveFiles(sftp: SFTPWrapper, s: SftpSession): void {
  const badHandle = (id: number) => sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
  sftp.on('OPEN', (id, filename, flags, attrs) =>
    s.answer(id, () => {
      sftp.handle(id, s.register(s.open(s.absolute(filename), flags, attrs.mode)));
      return 'replied';
    })
  );
  sftp.on('READ', (id, handle, offset, length) => {
    const file = s.lookup(handle);
    if (!isFile(file)) return badHandle(id);
    if (offset >= file.content.length) return sftp.status(id, STATUS_CODE.EOF);
    sftp.data(id, file.content.subarray(offset, Math.min(file.content.length, offset + length)));
  });
  sftp.on('WRITE', (id, handle, offset, data) => {
    const file = s.lookup(handle);
    if (!isFile(file) || !file.isWritable) return badHandle(id);
    s.write(file, offset, data);
    sftp.status(id, STATUS_CODE.OK);
  });
  sftp.on('CLOSE', (id, handle) => {
    const entry = s.lookup(handle);
    if (entry === undefined) return badHandle(id);
    s.release(handle);
    s.answer(id, () => (isFile(entry) ? s.flush(entry) : undefined));
  });
  sftp.on('FSTAT', (id, handle) => {
    const entry = s.lookup(handle);
    const stat = entry ? statPath(s.state, entry.path) : undefined;
    if (!entry || !stat) return badHandle(id);
    sftp.attrs(id, attributesOf(isFile(entry) ? { ...stat, size: entry.content.length } : stat));
  });
  sftp.on('FSETSTAT', (id, handle, attrs) => {
    const entry = s.lookup(handle);
    if (!entry) return badHandle(id);
    s.answer(id, () => {
      if (isFile(entry)) s.flush(entry);
      s.change('setstat', entry.path, () => setAttributes(s.state, entry.path, attrs, s.uid));
    });
  });
}

function servePaths(sftp: SFTPWrapper, s: SftpSession): void {
  const stat = (id: number, path: string) => {
    const found = statPath(s.state, s.absolute(path));
    if (found) sftp.attrs(id, attributesOf(found));
    else sftp.status(id, STATUS_CODE.NO_SUCH_FILE, 'No such file');
  };
  sftp.on('STAT', stat);
  sftp.on('LSTAT', stat);
  sftp.on('SETSTAT', (id, path, attrs) =>
    s.answer(id, () =>
      s.change('setstat', s.absolute(path), () => setAttributes(s.state, s.absolute(path), attrs, s.uid))
    )
  );
  sftp.on('OPENDIR', (id, path) => {
    const directory = s.absolute(path);
    if (statPath(s.state, directory)?.kind !== 'directory')
      return sftp.status(id, STATUS_CODE.NO_SUCH_FILE, 'No such directory');
    sftp.handle(id, s.register({ path: directory, isListed: false }));
  });
  sftp.on('READDIR', (id, handle) => {
    const entry = s.lookup(handle);
    if (!entry || isFile(entry)) return sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
    if (entry.isListed) return sftp.status(id, STATUS_CODE.EOF);
    entry.isListed = true;
    sftp.name(id, s.names(entry.path));
  });
  sftp.on('REALPATH', (id, path) => {
    const absolute = s.absolute(path);
    const found = statPath(s.state, absolute);
    const attrs = found ? attributesOf(found) : {};
    sftp.name(id, [{ filename: absolute, longname: absolute, attrs: attrs as SftpName['attrs'] }]);
  });
}

function serveChanges(sftp: SFTPWrapper, s: SftpSession): void {
  sftp.on('REMOVE', (id, path) =>
    s.answer(id, () => {
      const absolute = s.absolute(path);
      if (statPath(s.state, absolute)?.kind === 'directory') throw new FsError('EISDIR', absolute);
      s.change('remove', absolute, () => removePath(s.state, absolute, { uid: s.uid, isRecursive: false }));
    })
  );
  sftp.on('MKDIR', (id, path) =>
    s.answer(id, () =>
      s.change('mkdir', s.absolute(path), () =>
        makeDirectory(s.state, s.absolute(path), { uid: s.uid, isRecursive: false })
      )
    )
  );
  sftp.on('RMDIR', (id, path) =>
    s.answer(id, () =>
      s.change('rmdir', s.absolute(path), () => removeEmptyDirectory(s.state, s.absolute(path), s.uid))
    )
  );
  sftp.on('RENAME', (id, from, to) => s.answer(id, () => s.renameNoReplace(s.absolute(from), s.absolute(to))));
  sftp.on('EXTENDED', (id, name, data) => {
    if (name === 'posix-rename@openssh.com') {
      const paths = readTwoPaths(data);
      if (paths === undefined) return sftp.status(id, STATUS_CODE.BAD_MESSAGE, 'malformed posix-rename');
      const [from, to] = paths.map((path) => s.absolute(path)) as [string, string];
      return s.answer(id, () => s.change('rename', to, () => renamePath(s.state, from, to, s.uid)));
    }
    if (name === 'fsync@openssh.com') {
      const handle = data !== undefined && data.length >= 4 ? data.subarray(4, 4 + data.readUInt32BE(0)) : undefined;
      return handle !== undefined && s.lookup(handle) !== undefined
        ? sftp.status(id, STATUS_CODE.OK)
        : sftp.status(id, STATUS_CODE.FAILURE, 'bad handle');
    }
    sftp.status(id, STATUS_CODE.OP_UNSUPPORTED, `the lab's SFTP server does not support ${name}`);
  });
}

const REPLIES = ['status', 'handle', 'data', 'name', 'attrs'] as const;

/**
 * Makes every reply go out in order, each once what its request changed is saved (the lab answers only once what
 * it answers is on disk: docs/lab.md). Requests are still handled as they come; a save that fails closes the channel.
 * Returns what is left to send (the session ends after it).
 */
function replyOnceSaved(sftp: SFTPWrapper, host: SimHost): () => Promise<void> {
  let replies = Promise.resolve();
  for (const method of REPLIES) {
    const send = (sftp[method] as (...args: unknown[]) => void).bind(sftp);
    Object.assign(sftp, {
      [method]: (...args: unknown[]) => {
        replies = replies
          .then(() => host.world.persist())
          .then(
            () => send(...args),
            () => sftp.destroy()
          );
      },
    });
  }
  return () => replies;
}

/** Serves SFTP on a session's `sftp` channel until it closes. */
export function serveSftp(sftp: SFTPWrapper, host: SimHost, login: SftpLogin): void {
  advertiseExtensions(sftp);
  const pending = replyOnceSaved(sftp, host);
  const session = new SftpSession(sftp, host, login);
  serveFiles(sftp, session);
  servePaths(sftp, session);
  serveChanges(sftp, session);
  // The client's EOF ends the session, as sftp-server exits on it: close our side (after the replies left to send)
  // so the client can disconnect.
  sftp.on('end', () => void pending().then(() => sftp.end()));
  sftp.on('error', () => undefined);
}
