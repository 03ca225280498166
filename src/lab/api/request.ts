/** One API request as the handlers see it, and what they answer. */
import type { World } from '../world/world';
import type { InputObject } from './input';
import type { RenderContext } from './render/context';
import type { Representation } from './values';

export interface ApiRequest {
  world: World;
  method: string;
  /** Path segments below /ovirt-engine/api (without `v4`). */
  segments: string[];
  /** Query and matrix parameters. */
  params: URLSearchParams;
  body: InputObject;
  /** The sanitised Correlation-Id (the request's, or a generated one). */
  correlationId: string;
  render: RenderContext;
}

export interface ApiResult {
  status: number;
  rep?: Representation;
  headers?: Record<string, string>;
}

export type Handler = (req: ApiRequest, params: string[]) => ApiResult;

export function ok(rep: Representation): ApiResult {
  return { status: 200, rep };
}

/** Whether a boolean query parameter is set (`?x`, `?x=true`). */
export function isFlagSet(params: URLSearchParams, name: string): boolean {
  if (!params.has(name)) return false;
  const value = (params.get(name) ?? '').toLowerCase();
  return value === '' || value === 'true' || value === '1';
}
