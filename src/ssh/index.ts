/** The SSH transport: a pool of one connection per host, sessions for commands and files, SshError. */
export { createSshPool } from './pool';
export { SshError, SshErrorCode } from './errors';
export { HostKeyChecking } from './host-key';
export { quoteShellWord, toShellCommand } from './quote';
export type { ExecOptions, ExecResult, FileStat, SshPool, SshPoolOptions, SshSession, WriteFileOptions } from './types';
