/**
 * One request to /ovirt-engine/api: authenticate, negotiate the format, parse the body, route, follow links,
 * and write the answer (or the fault) in JSON or XML.
 */
import type { IncomingMessage } from 'node:http';
import type { World } from '../world/world';
import { ApiFault, toApiFault } from './api-fault';
import { sanitizeCorrelationId } from './correlation';
import { applyFollow } from './follow';
import { detectBodyFormat, parseBody } from './input';
import type { WireFormat } from './negotiate';
import { contentType, pickFormat, serialize } from './negotiate';
import type { ApiRequest, ApiResult } from './request';
import { isFlagSet } from './request';
import type { Router } from './router';
import type { SsoService } from './sso';
import type { Representation } from './values';
import { API_BASE, entity } from './values';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ApiHandlerDeps {
  world: World;
  router: Router;
  sso: SsoService;
}

/** The servlet container's error page for `sendError(401[, message])` (ENGINE AAA/EnforceAuthFilter.java). */
function unauthorizedPage(message: string | undefined): string {
  const text = (message ?? 'Unauthorized').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<html><head><title>Error</title></head><body>${text}</body></html>`;
}

/** Split `/ovirt-engine/api[/v4]/a;max=1/b` into segments and matrix parameters. */
export function splitApiPath(pathname: string, params: URLSearchParams): string[] | undefined {
  if (pathname !== API_BASE && !pathname.startsWith(`${API_BASE}/`)) return undefined;
  const segments = pathname.slice(API_BASE.length).split('/').filter(Boolean);
  if (segments[0] === 'v4') segments.shift();
  return segments.map((segment) => {
    const [name, ...matrix] = segment.split(';');
    for (const pair of matrix) {
      const [key, value] = pair.split('=');
      if (key) params.set(key, value ?? '');
    }
    return decodeURIComponent(name ?? '');
  });
}

function checkVersion(req: IncomingMessage, pathname: string): void {
  const header = req.headers['version'];
  const version = Array.isArray(header) ? header[0] : header;
  const fromPath = /^\/ovirt-engine\/api\/v(\d+)(?:\/|$)/.exec(pathname)?.[1];
  for (const value of [version, fromPath]) {
    if (value !== undefined && value.trim() !== '4') {
      throw ApiFault.badRequest('Invalid version', `[Version "${value}" is not supported]`);
    }
  }
}

function faultAnswer(fault: ApiFault, format: WireFormat, correlationId: string): HttpAnswer {
  const headers: Record<string, string> = { 'Correlation-Id': correlationId };
  if (fault.isEmptyBody) return { status: fault.status, headers, body: '' };
  const faultBody = { reason: fault.reason, detail: fault.detail };
  const rep: Representation = fault.actionBody
    ? entity('action', { ...fault.actionBody, status: 'failed', fault: faultBody })
    : entity('fault', faultBody);
  headers['Content-Type'] = contentType(format);
  return { status: fault.status, headers, body: serialize(rep, format) };
}

export function handleApi(deps: ApiHandlerDeps, req: IncomingMessage, url: URL, raw: string): HttpAnswer {
  const format = pickFormat(req.headers.accept);
  const correlationId = sanitizeCorrelationId(
    (req.headers['correlation-id'] as string | undefined) ?? url.searchParams.get('correlation_id')
  );
  const { user, error } = deps.sso.authenticate(req.headers.authorization, req.headers.cookie);
  if (user === undefined) {
    return {
      status: 401,
      headers: { 'Content-Type': 'text/html;charset=UTF-8', 'WWW-Authenticate': 'Basic realm="RESTAPI"' },
      body: unauthorizedPage(error),
    };
  }
  try {
    checkVersion(req, url.pathname);
    const answer = route(deps, req, url, raw, correlationId, format);
    if (/persistent-auth/i.test(String(req.headers['prefer'] ?? '')) && req.headers.authorization !== undefined) {
      answer.headers['Set-Cookie'] = `JSESSIONID=${deps.sso.openCookieSession(user)}; Path=/ovirt-engine/api; HttpOnly`;
    }
    return answer;
  } catch (error) {
    const fault = toApiFault(error) ?? new ApiFault(500, 'Internal Server Error', `[${(error as Error).message}]`);
    return faultAnswer(fault, format, correlationId);
  }
}

function route(
  deps: ApiHandlerDeps,
  req: IncomingMessage,
  url: URL,
  raw: string,
  correlationId: string,
  format: WireFormat
) {
  const params = new URLSearchParams(url.searchParams);
  const segments = splitApiPath(url.pathname, params) ?? [];
  const isAllContent = isFlagSet(params, 'all_content') || String(req.headers['all-content']).toLowerCase() === 'true';
  const apiRequest: ApiRequest = {
    world: deps.world,
    method: (req.method ?? 'GET').toUpperCase(),
    segments,
    params,
    body: raw === '' ? {} : parseBody(raw, detectBodyFormat(req.headers['content-type'], raw)),
    correlationId,
    render: { world: deps.world, isAllContent },
  };
  const result = deps.router.dispatch(apiRequest);
  if (result.rep && apiRequest.method === 'GET') {
    applyFollow(result.rep, params.get('follow'), (href) => resolveInternal(deps, apiRequest, href));
  }
  return toAnswer(result, format, correlationId);
}

function resolveInternal(deps: ApiHandlerDeps, parent: ApiRequest, href: string): Representation | undefined {
  const params = new URLSearchParams();
  const segments = splitApiPath(href.split('?')[0] ?? href, params);
  if (segments === undefined) return undefined;
  try {
    return deps.router.dispatch({ ...parent, method: 'GET', segments, params, body: {} }).rep;
  } catch {
    return undefined;
  }
}

function toAnswer(result: ApiResult, format: WireFormat, correlationId: string): HttpAnswer {
  const headers: Record<string, string> = { 'Correlation-Id': correlationId, ...(result.headers ?? {}) };
  if (result.rep === undefined) return { status: result.status, headers, body: '' };
  headers['Content-Type'] = contentType(format);
  return { status: result.status, headers, body: serialize(result.rep, format) };
}
