/**
 * The SSH transport's public surface, as modules see it. Implemented in src/ssh on ssh2.
 * (Owned by the SSH layer; modules and the engine depend only on this file.)
 */
import type { HostEntry } from '../inventory/types.js';

export interface ExecOptions {
  /** Bytes fed to the command's stdin. */
  stdin?: string | Buffer;
  timeoutMs?: number;
  /** Run through sudo (the become password is fed on stdin and redacted). */
  become?: boolean;
  signal?: AbortSignal;
  /** Called with each complete line of stdout / stderr as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Whether this command only reads (allowed in dry-run). */
  isReadOnly?: boolean;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** null when the command was killed by a signal. */
  exitCode: number | null;
  signal?: string;
  durationMs: number;
}

export interface FileStat {
  size: number;
  mode: number;
  uid: number;
  gid: number;
  isFile: boolean;
  isDirectory: boolean;
}

export interface SshSession {
  readonly host: string;
  /** A command as an argv array (quoted for the remote shell) or a shell string. */
  exec(command: string | readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Read a remote file; undefined when it does not exist. */
  readFile(path: string, options?: { become?: boolean }): Promise<Buffer | undefined>;
  stat(path: string): Promise<FileStat | undefined>;
  /** Write a remote file atomically (temp file + rename), with an optional mode and owner. */
  writeFile(path: string, content: Buffer | string, options?: WriteFileOptions): Promise<void>;
}

export interface WriteFileOptions {
  /** Permission bits; default: the replaced file's, else 0644. */
  mode?: number;
  owner?: string;
  group?: string;
  become?: boolean;
}

export interface SshPoolOptions {
  /** Sessions refuse every command not marked `isReadOnly` and every write. */
  isDryRun: boolean;
  /** Overrides the inventory's `ssh.connect_timeout`. */
  connectTimeoutMs?: number;
  /** Channels open at once on one host's connection (sshd's MaxSessions defaults to 10). Default 8. */
  maxChannelsPerHost?: number;
  /** Keepalive probe interval; the connection is dropped after 3 unanswered. Default 15 s. */
  keepaliveIntervalMs?: number;
}

/** One connection per host for a whole run, reused by every step. */
export interface SshPool {
  /** The host's session, connected (host key verified, authenticated) before it resolves. */
  session(host: HostEntry): Promise<SshSession>;
  /** Closes every connection; sessions fail afterwards. */
  close(): Promise<void>;
}
