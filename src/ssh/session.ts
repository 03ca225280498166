/**
 * The SshSession modules use: commands (argv or shell string, optionally through sudo) and files, on the host's
 * pooled connection. In dry-run it refuses, before anything is sent, every command not declared read-only and
 * every write.
 */
import { ReadOnlyViolationError } from '../shared/errors';
import { redactText } from '../shared/redact';
import type { HostEntry } from '../inventory/types';
import { assertBecameRoot, becomeStdin, wrapInSudo } from './become';
import type { RawExecResult } from './channel';
import type { HostConnection } from './connection';
import { SshError, SshErrorCode } from './errors';
import { killGroupCommand } from './pid-marker';
import { quoteShellWord, toShellCommand } from './quote';
import { readPath, statPath } from './sftp';
import type { ExecOptions, ExecResult, FileStat, SshSession, WriteFileOptions } from './types';
import { writeFileAs, writeFileDirect } from './write-file';

/** Exit status of the read-as-root helper when the file does not exist. */
const MISSING_STATUS = 3;

export interface SessionOptions {
  isDryRun: boolean;
  /** The become password, resolved (and registered as a secret) on first use. */
  becomePassword: () => Promise<string | undefined>;
}

export class PooledSession implements SshSession {
  readonly host: string;

  constructor(
    private readonly entry: HostEntry,
    private readonly connection: HostConnection,
    private readonly options: SessionOptions
  ) {
    this.host = entry.name;
  }

  async exec(command: string | readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const label = toShellCommand(command);
    this.refuseWriteInDryRun(options.isReadOnly === true, `running "${label}"`);
    const raw = await this.run(label, options);
    return {
      stdout: raw.stdout.toString('utf8'),
      stderr: raw.stderr.toString('utf8'),
      exitCode: raw.exitCode,
      ...(raw.signal !== undefined ? { signal: raw.signal } : {}),
      durationMs: raw.durationMs,
    };
  }

  async readFile(path: string, options: { become?: boolean } = {}): Promise<Buffer | undefined> {
    if (!this.isBecome(options.become)) return readPath(await this.connection.sftp(), this.host, path);
    const p = quoteShellWord(path);
    const raw = await this.run(`test -e ${p} || exit ${MISSING_STATUS}; exec cat -- ${p}`, { become: true });
    if (raw.exitCode === MISSING_STATUS) return undefined;
    if (raw.exitCode !== 0) throw this.commandFailed(`cat ${path}`, raw);
    return raw.stdout;
  }

  async stat(path: string): Promise<FileStat | undefined> {
    return statPath(await this.connection.sftp(), this.host, path);
  }

  async writeFile(path: string, content: Buffer | string, options: WriteFileOptions = {}): Promise<void> {
    this.refuseWriteInDryRun(false, `writing ${path}`);
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const sftp = await this.connection.sftp();
    const runAsRoot = (script: string): Promise<RawExecResult> => this.run(script, { become: true });
    const runPlain = (script: string): Promise<RawExecResult> => this.run(script, { become: false });
    if (this.isBecome(options.become)) await writeFileAs(sftp, this.host, path, data, options, runAsRoot);
    else await writeFileDirect(sftp, this.host, path, data, options, runPlain);
  }

  /** Whether a command runs through sudo: asked for (or the host's default) and not already root. */
  private isBecome(requested: boolean | undefined): boolean {
    return (requested ?? this.entry.become) && this.entry.user !== 'root';
  }

  private refuseWriteInDryRun(isReadOnly: boolean, operation: string): void {
    if (this.options.isDryRun && !isReadOnly) throw new ReadOnlyViolationError(`${operation} on ${this.host}`);
  }

  private async run(label: string, options: ExecOptions): Promise<RawExecResult> {
    const isBecome = this.isBecome(options.become);
    const password = isBecome ? await this.options.becomePassword() : undefined;
    const stdin = typeof options.stdin === 'string' ? Buffer.from(options.stdin, 'utf8') : options.stdin;
    const onLine = options.onLine;
    const wrap = (command: string): string => (isBecome ? wrapInSudo(command, password !== undefined) : command);
    const killGroup = async (pid: number): Promise<void> => {
      const command = killGroupCommand(pid);
      const input = isBecome ? becomeStdin(password, undefined) : undefined;
      await this.connection.execUrgent({
        command: wrap(command),
        label: command,
        host: this.host,
        ...(input ? { stdin: input } : {}),
      });
    };
    const raw = await this.connection.exec({
      command: wrap(label),
      label,
      host: this.host,
      killGroup,
      ...(isBecome ? { stdin: becomeStdin(password, stdin) } : stdin ? { stdin } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(onLine ? { onLine: (line: string, stream: 'stdout' | 'stderr') => onLine(redactText(line), stream) } : {}),
    });
    if (isBecome) assertBecameRoot(raw, this.host, label);
    return raw;
  }

  private commandFailed(label: string, raw: RawExecResult): SshError {
    const stderr = raw.stderr.toString('utf8').trim();
    return new SshError(`${this.host}: ${label} failed with exit code ${raw.exitCode}: ${stderr}`, {
      code: SshErrorCode.COMMAND_FAILED,
      host: this.host,
      command: label,
      exitStatus: raw.exitCode,
      stderrTail: stderr.slice(-2000),
    });
  }
}
