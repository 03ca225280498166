/**
 * Crawls the lab from the API root like a client that follows everything it is shown: every `href` of every
 * representation (references, `link`s, the root's search templates with an empty query), and every `link` of
 * every entity again through `?follow=<the attribute it fills>`. Bounded: at most `perShape` URLs of one shape (ids replaced), at most
 * `maxRequests` requests. Action links are not POSTed (the route table test covers them).
 */
import type { LabEngine } from '../../../src/lab';
import type { Doc, Format } from './http';
import { get } from './http';

export interface Fetched {
  path: string;
  status: number;
  format: Format;
  body: Doc;
  /** Where the crawler found the link. */
  from: string;
}

export interface CrawlOptions {
  format: Format;
  /** The name `follow` takes for a link rel of the entity at this href shape (none: do not follow it). */
  followName: (shape: string, rel: string) => string | undefined;
  perShape?: number;
  maxRequests?: number;
}

const ID_SEGMENT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9A-F]{16,}|\d+(?:\.\d+)?)$/;

/** `/hosts/<uuid>/nics?follow=x` -> `/hosts/:id/nics?follow=x`. */
export function shapeOf(path: string): string {
  const [pathname = '', query] = path.split('?');
  const shape = pathname
    .split('/')
    .map((segment) => (ID_SEGMENT.test(segment) ? ':id' : segment))
    .join('/');
  return query === undefined ? shape : `${shape}?${query}`;
}

/** Below the API base, with the templates of search links filled. */
function relativePath(lab: LabEngine, href: string): string | undefined {
  const base = new URL(lab.url).pathname;
  if (!href.startsWith(base)) return undefined;
  return href.slice(base.length).replace('{query}', '').replace('{event_id}', '0');
}

function attribute(node: Doc, name: string): unknown {
  return node?.[name] ?? node?.[`@${name}`];
}

/** Every href below `node`, except under `actions`; and every entity that has links, for `follow`. */
function collect(node: Doc, hrefs: string[], entities: Doc[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, hrefs, entities);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const href = attribute(node, 'href');
  if (typeof href === 'string') hrefs.push(href);
  if (typeof href === 'string' && attribute(node, 'id') !== undefined && node['link'] !== undefined)
    entities.push(node);
  for (const [key, value] of Object.entries(node)) if (key !== 'actions') collect(value, hrefs, entities);
}

function linkRels(entity: Doc): string[] {
  return [entity['link']]
    .flat()
    .map((link: Doc) => attribute(link, 'rel'))
    .filter((rel): rel is string => typeof rel === 'string' && !rel.includes('/'));
}

export async function crawl(lab: LabEngine, options: CrawlOptions): Promise<Fetched[]> {
  const perShape = options.perShape ?? 2;
  const maxRequests = options.maxRequests ?? 2500;
  const fetched: Fetched[] = [];
  const seen = new Set<string>();
  const shapes = new Map<string, number>();
  const queue: { path: string; from: string }[] = [{ path: '', from: '(root)' }];
  const enqueue = (path: string, from: string) => {
    const shape = shapeOf(path);
    if (seen.has(path) || (shapes.get(shape) ?? 0) >= perShape) return;
    seen.add(path);
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    queue.push({ path, from });
  };
  seen.add('');
  while (queue.length > 0 && fetched.length < maxRequests) {
    const { path, from } = queue.shift()!;
    const reply = await get(lab, path, { format: options.format });
    fetched.push({ path, status: reply.status, format: options.format, body: reply.body, from });
    const hrefs: string[] = [];
    const entities: Doc[] = [];
    collect(reply.body, hrefs, entities);
    for (const href of hrefs) {
      const next = relativePath(lab, href);
      if (next !== undefined) enqueue(next, path);
    }
    if (path.includes('?')) continue;
    for (const entity of entities) {
      const href = relativePath(lab, String(attribute(entity, 'href')));
      if (href === undefined) continue;
      for (const rel of linkRels(entity)) {
        const name = options.followName(shapeOf(href), rel);
        if (name !== undefined) enqueue(`${href}?follow=${name}`, path);
      }
    }
  }
  return fetched;
}
