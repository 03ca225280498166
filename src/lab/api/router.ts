/**
 * Routes: method + path pattern (`hosts/:id/deactivate`) -> handler. Patterns are matched segment by segment;
 * `:x` captures one segment.
 */
import { ApiFault } from './api-fault';
import type { ApiRequest, ApiResult, Handler } from './request';

export interface Route {
  method: string;
  pattern: string[];
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, pattern: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** Whether a request `method` on `path` (below the API base, e.g. `/hosts/1/deactivate`) reaches a handler. */
  isRouted(method: string, path: string): boolean {
    const segments = path.split('/').filter(Boolean);
    return this.routes.some((route) => route.method === method && matchPattern(route.pattern, segments) !== undefined);
  }

  dispatch(req: ApiRequest): ApiResult {
    let isPathKnown = false;
    for (const route of this.routes) {
      const params = matchPattern(route.pattern, req.segments);
      if (params === undefined) continue;
      isPathKnown = true;
      if (route.method === req.method) return route.handler(req, params);
    }
    if (isPathKnown) throw new ApiFault(405, 'Method Not Allowed', `[${req.method} is not supported here]`);
    throw ApiFault.notFound();
  }
}

function matchPattern(pattern: string[], segments: string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] as string;
    const actual = segments[i] as string;
    if (expected.startsWith(':')) params.push(actual);
    else if (expected !== actual.toLowerCase()) return undefined;
  }
  return params;
}
