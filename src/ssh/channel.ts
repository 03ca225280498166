/**
 * One command on one SSH channel: stdin in, stdout and stderr collected and split into lines as they arrive, the
 * exit status or signal out. A timeout or an abort kills the remote process group (see pid-marker.ts) and, if the
 * channel still has not closed after a grace period, abandons it.
 */
import type { Client, ClientChannel } from 'ssh2';
import { SshError, SshErrorCode } from './errors';
import { LineSplitter } from './lines';
import { PidMarkerFilter, withPidMarker } from './pid-marker';

/** How long a killed command may take to close its channel before we stop waiting. */
const KILL_GRACE_MS = 5000;

export interface ChannelRequest {
  /** The final command line (already quoted and wrapped). */
  command: string;
  /** The command as shown in messages (without the sudo wrapper). */
  label: string;
  host: string;
  stdin?: Buffer;
  timeoutMs?: number;
  signal?: AbortSignal;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Kills the command's process group (by a second command); enables the pid marker. */
  killGroup?: (pid: number) => Promise<void>;
}

export interface RawExecResult {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number | null;
  signal?: string;
  durationMs: number;
}

export function runChannel(client: Client, request: ChannelRequest): Promise<RawExecResult> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) return reject(abortedError(request));
    const startedAt = Date.now();
    const command = request.killGroup ? withPidMarker(request.command) : request.command;
    client.exec(command, (error, channel) => {
      if (error) return reject(channelError(request, error));
      collect(channel, request, startedAt).then(resolve, reject);
    });
  });
}

function collect(channel: ClientChannel, request: ChannelRequest, startedAt: number): Promise<RawExecResult> {
  return new Promise((resolve, reject) => new CommandRun(channel, request, startedAt, resolve, reject).start());
}

/** The life of one command on its channel: output in, exit out, or stopped by a timeout or an abort. */
class CommandRun {
  private readonly stdout: Buffer[] = [];
  private readonly stderr: Buffer[] = [];
  private readonly outLines: LineSplitter;
  private readonly errLines: LineSplitter;
  private readonly stderrFilter: PidMarkerFilter;
  private exit: { code: number | null; signal?: string } | undefined;
  private failure: SshError | undefined;
  private timer: NodeJS.Timeout | undefined;
  private isSettled = false;
  /** Stopped before the shell announced its pid: kill it as soon as it does. */
  private isKillPending = false;
  private readonly onAbort = (): void => this.stop(abortedError(this.request));

  constructor(
    private readonly channel: ClientChannel,
    private readonly request: ChannelRequest,
    private readonly startedAt: number,
    private readonly resolve: (result: RawExecResult) => void,
    private readonly reject: (error: SshError) => void
  ) {
    this.outLines = new LineSplitter((line) => request.onLine?.(line, 'stdout'));
    this.errLines = new LineSplitter((line) => request.onLine?.(line, 'stderr'));
    this.stderrFilter = new PidMarkerFilter(
      (chunk) => this.addStderr(chunk),
      (pid) => this.isKillPending && this.kill(pid)
    );
  }

  start(): void {
    const { channel, request } = this;
    if (request.timeoutMs) this.timer = setTimeout(() => this.stop(timeoutError(request)), request.timeoutMs);
    request.signal?.addEventListener('abort', this.onAbort, { once: true });
    // Aborted while the channel was being opened: the listener came too late to hear it.
    if (request.signal?.aborted) this.onAbort();
    channel.on('data', (chunk: Buffer) => this.addStdout(chunk));
    channel.stderr.on('data', (chunk: Buffer) =>
      request.killGroup ? this.stderrFilter.push(chunk) : this.addStderr(chunk)
    );
    channel.on('exit', (code: number | null, signal?: string) => {
      this.exit = code === null || code === undefined ? { code: null, signal: signal ?? 'UNKNOWN' } : { code };
    });
    channel.on('close', () => this.finish());
    channel.end(request.stdin ?? undefined);
  }

  private addStdout(chunk: Buffer): void {
    this.stdout.push(chunk);
    if (this.request.onLine) this.outLines.push(chunk);
  }

  private addStderr(chunk: Buffer): void {
    this.stderr.push(chunk);
    if (this.request.onLine) this.errLines.push(chunk);
  }

  private finish(): void {
    this.stderrFilter.flush();
    this.outLines.flush();
    this.errLines.flush();
    this.settle(() => {
      if (this.failure) return this.reject(this.failure);
      if (!this.exit) return this.reject(lostError(this.request));
      this.resolve({
        stdout: Buffer.concat(this.stdout),
        stderr: Buffer.concat(this.stderr),
        exitCode: this.exit.code,
        ...(this.exit.signal !== undefined ? { signal: this.exit.signal } : {}),
        durationMs: Date.now() - this.startedAt,
      });
    });
  }

  /** Kills the command; its channel then closes and the run fails with `error` (or is abandoned after a grace). */
  private stop(error: SshError): void {
    if (this.failure) return;
    this.failure = error;
    signalChannel(this.channel);
    const pid = this.stderrFilter.pid;
    if (!this.request.killGroup) this.channel.close();
    else if (pid !== undefined) this.kill(pid);
    else this.isKillPending = true;
    setTimeout(() => this.settle(() => (this.channel.close(), this.reject(error))), KILL_GRACE_MS).unref();
  }

  private kill(pid: number): void {
    this.request.killGroup?.(pid).catch(() => this.channel.close());
  }

  private settle(finish: () => void): void {
    if (this.isSettled) return;
    this.isSettled = true;
    if (this.timer) clearTimeout(this.timer);
    this.request.signal?.removeEventListener('abort', this.onAbort);
    finish();
  }
}

/** The SSH signal request; sshd honours it only for non-root logins (privilege separation). */
function signalChannel(channel: ClientChannel): void {
  try {
    channel.signal('KILL');
  } catch {
    // The channel may already be closing.
  }
}

function timeoutError(request: ChannelRequest): SshError {
  return new SshError(`${request.host}: command timed out after ${request.timeoutMs}ms: ${request.label}`, {
    code: SshErrorCode.COMMAND_TIMEOUT,
    host: request.host,
    command: request.label,
    hint: 'raise the step timeout, or find out why the command hangs',
  });
}

function abortedError(request: ChannelRequest): SshError {
  return new SshError(`${request.host}: command aborted: ${request.label}`, {
    code: SshErrorCode.COMMAND_ABORTED,
    host: request.host,
    command: request.label,
  });
}

function lostError(request: ChannelRequest): SshError {
  return new SshError(`${request.host}: connection lost while running: ${request.label}`, {
    code: SshErrorCode.CONNECTION_LOST,
    host: request.host,
    command: request.label,
    hint: 'the command may or may not have finished on the host; check it before retrying',
  });
}

function channelError(request: ChannelRequest, cause: Error): SshError {
  return new SshError(`${request.host}: could not open a channel for: ${request.label} (${cause.message})`, {
    code: SshErrorCode.CONNECTION_LOST,
    host: request.host,
    command: request.label,
    cause,
  });
}
