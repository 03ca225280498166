/** A top-level collection with search: list, get, findByName (exact, case-sensitive match on the client). */
import type { GetOptions, ListOptions, ReadableCollection } from '../types';
import type { Api, Named } from './api';
import { seg } from './api';

export interface CollectionSpec<T> {
  /** `/hosts` */
  path: string;
  /** `host` */
  key: string;
  /** `host`, for messages. */
  kind: string;
  /** `hosts`, for messages. */
  plural: string;
  parse: (value: unknown) => T;
}

export function createCollection<T extends Named & { name: string }>(
  api: Api,
  spec: CollectionSpec<T>
): ReadableCollection<T> {
  const list = (options: ListOptions = {}): Promise<T[]> =>
    api.list({ path: spec.path, key: spec.key, parse: spec.parse, what: spec.plural, options });
  return {
    list,
    get: (id, options) => api.get(`${spec.path}/${seg(id)}`, spec.parse, api.names.label(spec.kind, id), options),
    findByName: async (name: string, options: GetOptions = {}) => {
      const found = await list({ ...options, search: { name } });
      return found.find((item) => item.name === name);
    },
  };
}
