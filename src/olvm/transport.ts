/**
 * The request pipeline every resource call goes through:
 *   read-only guard (before any I/O) → concurrency slot → bearer token → HTTP → one re-login on 401
 *   → reads: retried with backoff on connection errors, timeouts and 502/503/504
 *   → writes: never repeated; a failure after sending says the write may have been applied
 *   → faults become OlvmApiError.
 * It counts reads, writes, retries and re-logins for benchmarks and reports every exchange to `onRequest`.
 */
import { ReadOnlyViolationError } from '../shared/errors';
import { redactText } from '../shared/redact';
import { sleep } from '../shared/promises';
import type { ConcurrencyLimiter } from '../shared/limiter';
import type { SsoSession } from './auth';
import { monotonicNow } from './engine-clock';
import type { EngineClock } from './engine-clock';
import { backoffDelay } from './backoff';
import type { BackoffPolicy } from './backoff';
import {
  OlvmApiError,
  OlvmFailure,
  OlvmUsageError,
  hintForFailure,
  isRetryableStatus,
  isStatusMaybeApplied,
} from './errors';
import { classifyNetworkError, excerptText } from './http';
import type { HttpMethod, HttpReply, HttpRequest } from './http';
import { readObject, readString } from './scalars';
import { encodeQuery } from './search';

export interface ApiRequest {
  method: HttpMethod;
  /** Below the API base: `/hosts/123/deactivate`. */
  path: string;
  query?: ReadonlyArray<readonly [string, string]>;
  body?: unknown;
  /** For messages: `deactivate of host kvm-a1`. */
  operation: string;
  /** Writes only; already normalized. */
  correlationId?: string;
  signal?: AbortSignal;
}

export interface ApiReply {
  status: number;
  body: unknown;
}

export interface RequestInfo {
  method: string;
  path: string;
  /** 0 when no HTTP status came back (connection error, timeout). */
  status: number;
  durationMs: number;
  correlationId?: string;
}

export interface TransportStats {
  reads: number;
  writes: number;
  retries: number;
  reLogins: number;
  failures: number;
}

export interface TransportConfig {
  /** `https://engine.example.com/ovirt-engine/api` without a trailing slash. */
  apiBase: string;
  isReadOnly: boolean;
  send: (request: HttpRequest) => Promise<HttpReply>;
  session: SsoSession;
  limiter: ConcurrencyLimiter;
  backoff: BackoffPolicy;
  timeoutMs: number;
  onRequest: (info: RequestInfo) => void;
  /** Set from the `Date` header of every reply. */
  clock: EngineClock;
}

export class Transport {
  readonly stats: TransportStats = { reads: 0, writes: 0, retries: 0, reLogins: 0, failures: 0 };
  private isClosed = false;

  constructor(private readonly config: TransportConfig) {}

  close(): void {
    this.isClosed = true;
  }

  /** The engine's clock, read from every reply. */
  get clock(): EngineClock {
    return this.config.clock;
  }

  async request(request: ApiRequest): Promise<ApiReply> {
    const isRead = request.method === 'GET';
    if (!isRead && this.config.isReadOnly) throw new ReadOnlyViolationError(`${request.operation} (engine API)`);
    if (this.isClosed) throw new OlvmUsageError(`${request.operation}: the engine client is closed`);
    if (request.signal?.aborted) throw this.abortedBeforeSending(request);
    try {
      return isRead ? await this.readWithRetries(request) : await this.attempt(request);
    } catch (error) {
      this.stats.failures++;
      throw error;
    }
  }

  private async readWithRetries(request: ApiRequest): Promise<ApiReply> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(request);
      } catch (error) {
        if (attempt >= this.config.backoff.attempts || !isRepeatableRead(error)) throw error;
      }
      this.stats.retries++;
      await sleep(backoffDelay(attempt, this.config.backoff), request.signal).catch(() => {
        throw this.abortedBeforeSending(request);
      });
    }
  }

  /** One logical attempt: a slot, a token, the exchange, and one re-login if the token was refused. */
  private attempt(request: ApiRequest): Promise<ApiReply> {
    return this.config.limiter.run(async () => {
      const token = await this.config.session.token(request.signal);
      let reply = await this.exchange(request, token);
      if (reply.status === 401) {
        this.config.session.invalidate(token);
        this.stats.reLogins++;
        reply = await this.exchange(request, await this.config.session.token(request.signal));
      }
      if (reply.status >= 400) throw this.httpError(request, reply);
      return { status: reply.status, body: reply.body };
    });
  }

  private async exchange(request: ApiRequest, token: string): Promise<HttpReply> {
    const isRead = request.method === 'GET';
    if (isRead) this.stats.reads++;
    else this.stats.writes++;
    const started = Date.now();
    const path = this.pathOf(request);
    const report = (status: number): void =>
      this.config.onRequest({
        method: request.method,
        path: redactText(path),
        status,
        durationMs: Date.now() - started,
        ...(request.correlationId !== undefined ? { correlationId: request.correlationId } : {}),
      });
    try {
      const sentAt = monotonicNow();
      const reply = await this.config.send(this.toHttpRequest(request, token, path));
      this.config.clock.observe(reply.headers['date'], sentAt, monotonicNow());
      report(reply.status);
      return reply;
    } catch (error) {
      report(0);
      throw this.networkError(request, error);
    }
  }

  private toHttpRequest(request: ApiRequest, token: string, path: string): HttpRequest {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Version: '4',
      Authorization: `Bearer ${token}`,
    };
    if (request.correlationId !== undefined) headers['Correlation-Id'] = request.correlationId;
    const hasBody = request.body !== undefined;
    if (hasBody) headers['Content-Type'] = 'application/json';
    return {
      method: request.method,
      url: `${new URL(this.config.apiBase).origin}${path}`,
      headers,
      ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    };
  }

  private pathOf(request: ApiRequest): string {
    const query = request.query && request.query.length > 0 ? `?${encodeQuery(request.query)}` : '';
    return `${new URL(this.config.apiBase).pathname}${request.path}${query}`;
  }

  private httpError(request: ApiRequest, reply: HttpReply): OlvmApiError {
    const isRead = request.method === 'GET';
    const fault = readFault(reply.body);
    return new OlvmApiError({
      failure: OlvmFailure.HTTP,
      operation: request.operation,
      method: request.method,
      path: this.pathOf(request),
      status: reply.status,
      ...fault,
      ...(request.correlationId !== undefined ? { correlationId: request.correlationId } : {}),
      isRetryable: isRetryableStatus(reply.status, isRead),
      isMaybeApplied: !isRead && isStatusMaybeApplied(reply.status),
      ...hintFor(reply.status, isRead),
    });
  }

  private networkError(request: ApiRequest, error: unknown): OlvmApiError {
    if (error instanceof OlvmApiError) return error;
    const isRead = request.method === 'GET';
    const { failure, isNeverSent } = classifyNetworkError(error);
    const isTransient = failure === OlvmFailure.CONNECTION || failure === OlvmFailure.TIMEOUT;
    return new OlvmApiError({
      failure,
      operation: request.operation,
      method: request.method,
      path: this.pathOf(request),
      ...(request.correlationId !== undefined ? { correlationId: request.correlationId } : {}),
      isRetryable: isTransient,
      isMaybeApplied: !isRead && !isNeverSent,
      timeoutMs: this.config.timeoutMs,
      cause: error,
      ...hintOf(isRead || isNeverSent ? hintForFailure(failure) : 're-read the object and re-plan before repeating'),
    });
  }

  private abortedBeforeSending(request: ApiRequest): OlvmApiError {
    return new OlvmApiError({
      failure: OlvmFailure.ABORTED,
      operation: request.operation,
      method: request.method,
      path: this.pathOf(request),
      isRetryable: false,
    });
  }
}

/** A read is repeated on connection errors, timeouts and 502/503/504; nothing else. */
function isRepeatableRead(error: unknown): boolean {
  if (!(error instanceof OlvmApiError)) return false;
  if (error.failure === OlvmFailure.CONNECTION || error.failure === OlvmFailure.TIMEOUT) return true;
  return error.failure === OlvmFailure.HTTP && error.status !== 409 && error.isRetryable;
}

/** `{reason, detail}` at top level (CRUD), under `fault` (actions), or an HTML/text page. */
export function readFault(body: unknown): { reason?: string; detail?: string } {
  if (typeof body === 'string') return { detail: excerptText(body) };
  const source = readObject(body, 'fault') ?? body;
  const reason = readString(source, 'reason');
  const detail = readString(source, 'detail');
  return { ...(reason !== undefined ? { reason } : {}), ...(detail !== undefined ? { detail } : {}) };
}

function hintFor(status: number, isRead: boolean): { hint?: string } {
  if (status === 401) return { hint: 'the engine refused a fresh token too: check engine.username and its password' };
  if (status === 403) return { hint: 'the engine user lacks the permission for this operation' };
  if (!isRead && isStatusMaybeApplied(status)) return { hint: 're-read the object and re-plan before repeating' };
  return {};
}

function hintOf(hint: string | undefined): { hint?: string } {
  return hint === undefined ? {} : { hint };
}
