/**
 * The inventory as templates see it: spelled as the inventory YAML is (`storage_domains`, `data_center`,
 * `hosted_engine`), with user `vars` left exactly as written. Built once per run.
 */
import type { HostEntry, Inventory } from '../inventory/types';

type Dict = Record<string, unknown>;

function snakeKey(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A deep copy with camelCase keys spelled snake_case; `vars` objects are kept as they are. */
export function toTemplateView(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toTemplateView);
  if (value === null || typeof value !== 'object') return value;
  const out: Dict = {};
  for (const [key, item] of Object.entries(value as Dict)) {
    out[snakeKey(key)] = key === 'vars' ? item : toTemplateView(item);
  }
  return out;
}

/** `host` in a template: the inventory entry with its vars merged on top. */
export function toHostView(host: HostEntry): Dict {
  return { ...(toTemplateView(host) as Dict), ...host.vars };
}

/** The names the inventory contributes to every template scope. */
export function toInventoryScope(inventory: Inventory): Dict {
  const view = toTemplateView(inventory) as Dict;
  return {
    ...inventory.vars,
    inventory: view,
    engine: view.engine,
    cluster: view.cluster,
    sites: view.sites,
    hosts: view.hosts,
    groups: view.groups,
    vms: view.vms,
    storage: view.storage,
  };
}
