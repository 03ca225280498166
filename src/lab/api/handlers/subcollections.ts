/**
 * Every sub-collection a representation links to answers (links.ts): with its members where the lab has them
 * (sub-providers.ts), else as an empty collection, the engine's answer for a host without hooks or a VM without
 * snapshots (MODEL "an empty collection"). `{rel}/{id}` answers a listed member or 404. Registered after the
 * specific routes (affinity groups, attached storage domains, steps), which win because they come first.
 */
import { ApiFault } from '../api-fault';
import type { LinkKind } from '../links';
import { SUB_COLLECTIONS } from '../links';
import type { ApiRequest } from '../request';
import { ok } from '../request';
import type { Router } from '../router';
import type { NodeObject } from '../values';
import { collection, entity } from '../values';
import type { Members } from './sub-providers';
import { SUB_PROVIDERS } from './sub-providers';

/** Whether the parent the pattern's parameters name exists. */
export type ParentCheck = (req: ApiRequest, params: string[]) => boolean;

function members(kind: LinkKind, rel: string): Members | undefined {
  return SUB_PROVIDERS[`${kind}.${rel}`];
}

/** GET `${pattern}/{rel}` and `${pattern}/{rel}/{id}` for every sub-collection of `kind`. */
export function registerSubCollections(router: Router, pattern: string, kind: LinkKind, exists: ParentCheck): void {
  for (const [rel, plural, item] of SUB_COLLECTIONS[kind]) {
    const list = (req: ApiRequest, params: string[]): NodeObject[] => {
      if (!exists(req, params)) throw ApiFault.notFound();
      return members(kind, rel)?.(req, params) ?? [];
    };
    router
      .add('GET', `${pattern}/${rel}`, (req, params) => ok(collection(plural, item, list(req, params))))
      .add('GET', `${pattern}/${rel}/:member`, (req, params) => {
        const found = list(req, params.slice(0, -1)).find((m) => m['id'] === params[params.length - 1]);
        if (found === undefined) throw ApiFault.notFound();
        return ok(entity(item, found));
      });
  }
}
