/** SFTP file operations as promises: stat, read, and an atomic write (temp file in the same directory + rename). */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { SFTPWrapper, Stats } from 'ssh2';
import { SshError, SshErrorCode } from './errors';
import type { FileStat } from './types';

/** SFTP status code for a missing file. */
const NO_SUCH_FILE = 2;

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown }).code === NO_SUCH_FILE;
}

function sftpError(host: string, what: string, cause: Error): SshError {
  return new SshError(`${host}: SFTP ${what}: ${cause.message}`, { code: SshErrorCode.SFTP_FAILED, host, cause });
}

function call<T>(
  host: string,
  what: string,
  run: (done: (error: Error | null | undefined, value?: T) => void) => void
): Promise<T> {
  return new Promise((resolve, reject) => {
    run((error, value) => (error ? reject(sftpError(host, what, error)) : resolve(value as T)));
  });
}

export async function statPath(sftp: SFTPWrapper, host: string, path: string): Promise<FileStat | undefined> {
  try {
    const stats = await call<Stats>(host, `stat ${path}`, (done) => sftp.stat(path, done));
    return {
      size: stats.size,
      mode: stats.mode & 0o7777,
      uid: stats.uid,
      gid: stats.gid,
      isFile: stats.isFile(),
      isDirectory: stats.isDirectory(),
    };
  } catch (error) {
    if (isMissing((error as SshError).cause)) return undefined;
    throw error;
  }
}

export async function readPath(sftp: SFTPWrapper, host: string, path: string): Promise<Buffer | undefined> {
  try {
    return await call<Buffer>(host, `read ${path}`, (done) => sftp.readFile(path, done));
  } catch (error) {
    if (isMissing((error as SshError).cause)) return undefined;
    throw error;
  }
}

/** Uploads to a fresh temp name beside `path` (or in `directory`) and returns that name. */
export async function uploadTemp(
  sftp: SFTPWrapper,
  host: string,
  path: string,
  content: Buffer,
  directory?: string
): Promise<string> {
  const temp = posix.join(
    directory ?? posix.dirname(path),
    `.${posix.basename(path)}.runbook-${randomBytes(6).toString('hex')}`
  );
  await call<void>(host, `write ${temp}`, (done) => sftp.writeFile(temp, content, { mode: 0o600, flag: 'wx' }, done));
  return temp;
}

export async function chmodPath(sftp: SFTPWrapper, host: string, path: string, mode: number): Promise<void> {
  await call<void>(host, `chmod ${path}`, (done) => sftp.chmod(path, mode, done));
}

/** Replaces `path` by `temp` atomically (the OpenSSH posix-rename extension). */
export async function renamePath(sftp: SFTPWrapper, host: string, temp: string, path: string): Promise<void> {
  await call<void>(host, `rename ${temp} -> ${path}`, (done) => sftp.ext_openssh_rename(temp, path, done));
}

export async function removePath(sftp: SFTPWrapper, host: string, path: string): Promise<void> {
  await call<void>(host, `remove ${path}`, (done) => sftp.unlink(path, done)).catch(() => undefined);
}
