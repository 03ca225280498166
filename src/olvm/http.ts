/**
 * One HTTP exchange with the engine over axios, and nothing more: every status is a reply (the caller decides
 * what is a fault), the body is read as text and parsed as JSON when it looks like JSON, proxies from the
 * environment are ignored (the engine is reached directly), redirects are not followed. Network failures are
 * thrown as they come; `classifyNetworkError` says what they mean.
 */
import type { AxiosInstance, AxiosStatic } from 'axios';
import { OlvmFailure } from './errors';
import type { Agents } from './tls';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface HttpReply {
  status: number;
  /** Parsed JSON; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  isJson: boolean;
  headers: Record<string, string>;
}

/** axios is loaded on first use, so commands that never talk to an engine (resume of a local run) start faster. */
function loadAxios(): AxiosStatic {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return (require('axios') as { default: AxiosStatic }).default;
}

export function createHttp(agents: Agents, timeoutMs: number): (request: HttpRequest) => Promise<HttpReply> {
  const instance: AxiosInstance = loadAxios().create({
    httpAgent: agents.httpAgent,
    httpsAgent: agents.httpsAgent,
    proxy: false,
    maxRedirects: 0,
    timeout: timeoutMs,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true },
  });
  return async (request) => {
    const response = await instance.request<string>({
      method: request.method,
      url: request.url,
      headers: request.headers,
      ...(request.body !== undefined ? { data: request.body } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    return toReply(response.status, response.data, flattenHeaders(response.headers));
  };
}

function toReply(status: number, data: unknown, headers: Record<string, string>): HttpReply {
  const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : '';
  if (text.trim() === '') return { status, body: undefined, isJson: false, headers };
  const isJsonType = (headers['content-type'] ?? '').includes('json');
  if (isJsonType || /^\s*[{[]/.test(text)) {
    try {
      return { status, body: JSON.parse(text) as unknown, isJson: true, headers };
    } catch {
      return { status, body: text, isJson: false, headers };
    }
  }
  return { status, body: text, isJson: false, headers };
}

function flattenHeaders(headers: unknown): Record<string, string> {
  const flat: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return flat;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (typeof value === 'string') flat[key.toLowerCase()] = value;
    else if (Array.isArray(value)) flat[key.toLowerCase()] = value.join(', ');
  }
  return flat;
}

export interface NetworkFailure {
  failure: OlvmFailure;
  /** True when the request certainly never reached the server (nothing was sent). */
  isNeverSent: boolean;
}

const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const TLS_CODES =
  /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH|DEPTH_ZERO|ALTNAME|SSL_|EPROTO/i;

function isCanceled(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { __CANCEL__?: unknown }).__CANCEL__ === true;
}

export function classifyNetworkError(error: unknown): NetworkFailure {
  const code = networkCode(error);
  if (isCanceled(error) || code === 'ERR_CANCELED') return { failure: OlvmFailure.ABORTED, isNeverSent: false };
  if (code === 'ETIMEDOUT' || code === 'ECONNABORTED') return { failure: OlvmFailure.TIMEOUT, isNeverSent: false };
  if (TLS_CODES.test(code)) return { failure: OlvmFailure.TLS, isNeverSent: true };
  return { failure: OlvmFailure.CONNECTION, isNeverSent: NEVER_SENT.has(code) };
}

/** The error code of an axios error, or of its underlying socket error. */
function networkCode(error: unknown): string {
  const own = (error as { code?: unknown } | undefined)?.code;
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (typeof cause === 'string' && (typeof own !== 'string' || own.startsWith('ERR_'))) {
    return own === 'ERR_CANCELED' ? own : cause;
  }
  return typeof own === 'string' ? own : '';
}

/** A short readable excerpt of a non-JSON error body (an HTML error page from a proxy or servlet). */
export function excerptText(text: string, limit = 200): string {
  const plain = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > limit ? `${plain.slice(0, limit)}…` : plain;
}
