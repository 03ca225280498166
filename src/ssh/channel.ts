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
  return new Promise((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const outLines = new LineSplitter((line) => request.onLine?.(line, 'stdout'));
    const errLines = new LineSplitter((line) => request.onLine?.(line, 'stderr'));
    const forwardStderr = (chunk: Buffer): void => {
      stderr.push(chunk);
      if (request.onLine) errLines.push(chunk);
    };
    let isKillPending = false;
    const kill = (pid: number): void => {
      request.killGroup?.(pid).catch(() => channel.close());
    };
    // A command stopped before its shell announced its pid is killed as soon as it does.
    const stderrFilter = new PidMarkerFilter(forwardStderr, (pid) => isKillPending && kill(pid));
    let exit: { code: number | null; signal?: string } | undefined;
    let failure: SshError | undefined;
    let isSettled = false;
    const settle = (finish: () => void): void => {
      if (isSettled) return;
      isSettled = true;
      if (timer) clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      finish();
    };
    const stop = (error: SshError): void => {
      if (failure) return;
      failure = error;
      signalChannel(channel);
      if (!request.killGroup) channel.close();
      else if (stderrFilter.pid !== undefined) kill(stderrFilter.pid);
      else isKillPending = true;
      setTimeout(() => settle(() => (channel.close(), reject(error))), KILL_GRACE_MS).unref();
    };
    const timer = request.timeoutMs ? setTimeout(() => stop(timeoutError(request)), request.timeoutMs) : undefined;
    const onAbort = (): void => stop(abortedError(request));
    request.signal?.addEventListener('abort', onAbort, { once: true });

    channel.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      if (request.onLine) outLines.push(chunk);
    });
    channel.stderr.on('data', request.killGroup ? (chunk: Buffer) => stderrFilter.push(chunk) : forwardStderr);
    channel.on('exit', (code: number | null, signal?: string) => {
      exit = code === null || code === undefined ? { code: null, signal: signal ?? 'UNKNOWN' } : { code };
    });
    channel.on('close', () => {
      stderrFilter.flush();
      outLines.flush();
      errLines.flush();
      settle(() => {
        if (failure) return reject(failure);
        if (!exit) return reject(lostError(request));
        resolve({
          stdout: Buffer.concat(stdout),
          stderr: Buffer.concat(stderr),
          exitCode: exit.code,
          ...(exit.signal !== undefined ? { signal: exit.signal } : {}),
          durationMs: Date.now() - startedAt,
        });
      });
    });
    channel.end(request.stdin ?? undefined);
  });
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
