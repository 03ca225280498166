/**
 * The SSO session: a bearer token from `POST /ovirt-engine/sso/oauth/token` (grant_type=password,
 * scope=ovirt-app-api), fetched on first use, shared by concurrent requests, replaced when the engine answers
 * 401, and revoked with `POST /ovirt-engine/services/sso-logout` at the end (ovirt-api.md §1). The password and
 * every token are registered as secrets before they can appear anywhere.
 */
import { registerSecret } from '../shared/redact';
import { sleep } from '../shared/promises';
import { backoffDelay } from './backoff';
import type { BackoffPolicy } from './backoff';
import { OlvmApiError, OlvmFailure, hintForFailure, isRetryableStatus } from './errors';
import { classifyNetworkError, excerptText } from './http';
import type { HttpReply, HttpRequest } from './http';
import { isObject, readString } from './scalars';

const SCOPE = 'ovirt-app-api';

export interface SsoOptions {
  /** The engine base, e.g. `https://engine.example.com/ovirt-engine`. */
  engineBase: string;
  username: string;
  password: string;
  send: (request: HttpRequest) => Promise<HttpReply>;
  backoff: BackoffPolicy;
  timeoutMs: number;
  onExchange: (info: { method: string; path: string; status: number; durationMs: number }) => void;
}

export class SsoSession {
  private current: string | undefined;
  private pending: Promise<string> | undefined;
  logins = 0;
  logouts = 0;

  constructor(private readonly options: SsoOptions) {
    registerSecret(options.password);
  }

  get hasToken(): boolean {
    return this.current !== undefined;
  }

  /** The current token, logging in first if there is none (one login shared by concurrent callers). */
  token(signal?: AbortSignal): Promise<string> {
    if (this.current !== undefined) return Promise.resolve(this.current);
    this.pending ??= this.loginWithRetries(signal).finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Forget `token` after the engine refused it, unless a newer one already replaced it. */
  invalidate(token: string): void {
    if (this.current === token) this.current = undefined;
  }

  /** Revoke the token; failures are returned, not thrown (the run is over either way). */
  async logout(): Promise<Error | undefined> {
    const token = this.current;
    this.current = undefined;
    if (token === undefined) return undefined;
    try {
      const reply = await this.post('/services/sso-logout', { scope: SCOPE, token });
      this.logouts++;
      return reply.status < 400 ? undefined : new Error(`logout answered HTTP ${reply.status}`);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  private async loginWithRetries(signal?: AbortSignal): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.login(signal);
      } catch (error) {
        const isLast = attempt >= this.options.backoff.attempts;
        if (isLast || !(error instanceof OlvmApiError) || !error.isRetryable) throw error;
        await sleep(backoffDelay(attempt, this.options.backoff), signal);
      }
    }
  }

  private async login(signal?: AbortSignal): Promise<string> {
    const { username, password } = this.options;
    const form = { grant_type: 'password', scope: SCOPE, username, password };
    let reply: HttpReply;
    try {
      reply = await this.post('/sso/oauth/token', form, signal);
    } catch (error) {
      throw this.networkError(error);
    }
    this.logins++;
    const token = readAccessToken(reply.body);
    if (reply.status === 200 && token) {
      registerSecret(token);
      this.current = token;
      return token;
    }
    throw this.refusal(reply);
  }

  private async post(path: string, form: Record<string, string>, signal?: AbortSignal): Promise<HttpReply> {
    const started = Date.now();
    const url = `${this.options.engineBase}${path}`;
    const reply = await this.options.send({
      method: 'POST',
      url,
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      ...(signal ? { signal } : {}),
    });
    const durationMs = Date.now() - started;
    this.options.onExchange({ method: 'POST', path: new URL(url).pathname, status: reply.status, durationMs });
    return reply;
  }

  private refusal(reply: HttpReply): OlvmApiError {
    const body = reply.body;
    const code =
      readString(body, 'error_code') ?? (readString(body, 'error_description') ? readString(body, 'error') : undefined);
    const detail =
      readString(body, 'error_description') ??
      readString(body, 'error') ??
      (typeof body === 'string' ? excerptText(body) : isObject(body) ? 'no access token in the reply' : undefined);
    const isGateway = isRetryableStatus(reply.status, true) && reply.status !== 409;
    return new OlvmApiError({
      failure: isGateway ? OlvmFailure.HTTP : OlvmFailure.AUTH,
      operation: `login of ${this.options.username}`,
      method: 'POST',
      path: `${new URL(this.options.engineBase).pathname}/sso/oauth/token`,
      status: reply.status,
      ...(code !== undefined ? { reason: code } : {}),
      ...(detail !== undefined ? { detail } : {}),
      isRetryable: isGateway,
      ...(isGateway ? {} : { hint: 'check engine.username and the password reference in the inventory' }),
    });
  }

  private networkError(error: unknown): OlvmApiError {
    const { failure } = classifyNetworkError(error);
    const hint = hintForFailure(failure);
    return new OlvmApiError({
      failure,
      operation: `login of ${this.options.username}`,
      method: 'POST',
      path: `${new URL(this.options.engineBase).pathname}/sso/oauth/token`,
      isRetryable: failure === OlvmFailure.CONNECTION || failure === OlvmFailure.TIMEOUT,
      timeoutMs: this.options.timeoutMs,
      ...(hint !== undefined ? { hint } : {}),
      cause: error,
    });
  }
}

/** The bearer token of an SSO reply; only `access_token` matters for API use (MODEL 002). */
export function readAccessToken(body: unknown): string | undefined {
  const token = readString(body, 'access_token');
  return token === '' ? undefined : token;
}
