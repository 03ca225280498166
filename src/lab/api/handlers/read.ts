/** Generic list (search, max, from) and get for the top-level collections. */
import { ApiFault } from '../api-fault';
import type { ResourceDef } from '../resources';
import type { ApiRequest, ApiResult } from '../request';
import { isFlagSet, ok } from '../request';
import { parseSearch } from '../search';
import { applySearch } from '../search-eval';
import { collection, entity } from '../values';

function readMax(params: URLSearchParams): number | undefined {
  const raw = params.get('max');
  if (raw === null || raw === '') return undefined;
  const max = Number(raw);
  if (!Number.isInteger(max))
    throw ApiFault.badRequest('Invalid value', `[Value "${raw}" of parameter max is not an integer]`);
  return max < 0 ? undefined : max;
}

export function listItems<T>(def: ResourceDef<T>, req: ApiRequest): T[] {
  let items = [...def.list(req.world)];
  if (def.isReversed) items.reverse();
  const from = req.params.get('from');
  const sequence = def.sequence;
  // EventsService.List.from: only events with a greater index (the engine queries `audit_log_id > from`).
  if (from !== null && from !== '' && sequence) items = items.filter((item) => sequence(item) > Number(from));
  const max = readMax(req.params);
  const text = req.params.get('search');
  if (text !== null && text.trim() !== '') {
    const query = parseSearch(text);
    const isCaseSensitive = isFlagSet(req.params, 'case_sensitive');
    items = applySearch(items, query, def.fields, text, {
      isCaseSensitive,
      ...(max !== undefined ? { pageSize: max } : {}),
    });
  }
  return max === undefined ? items : items.slice(0, max);
}

export function listResource<T>(def: ResourceDef<T>, req: ApiRequest): ApiResult {
  const items = listItems(def, req).map((item) => def.render(item, req.render));
  return ok(collection(def.plural, def.type, items));
}

export function getResource<T>(def: ResourceDef<T>, req: ApiRequest, id: string): ApiResult {
  const item = def.find(req.world, id);
  if (item === undefined) throw ApiFault.notFound();
  return ok(entity(def.type, def.render(item, req.render)));
}

export function findOr404<T>(item: T | undefined): T {
  if (item === undefined) throw ApiFault.notFound();
  return item;
}
