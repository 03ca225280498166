/** Argument pieces the olvm.* modules share: durations, sites, and the inventory entry a task acts for. */
import type { Inventory, SiteRole } from '../../inventory/types';
import { SITE_ROLES } from '../../inventory/types';
import { parseDuration } from '../../shared/duration';
import type { ModuleContext } from '../types';
import { OlvmModuleError } from './errors';

export const DURATION_SCHEMA = { type: ['string', 'number'] } as const;

/** The `site` argument of a module that acts on one site. */
export const SITE_ARG_SCHEMA = {
  type: 'string',
  minLength: 1,
  description: 'The site (primary, secondary or its name).',
} as const;

/** The `poll` argument of a module that waits. */
export const POLL_ARG_SCHEMA = {
  ...DURATION_SCHEMA,
  description: 'Pause between reads while waiting (default 3s).',
} as const;

/** Milliseconds of a duration argument (`90s`, `5m`, or seconds), or the default. */
export function durationArg(
  module: string,
  ctx: ModuleContext,
  name: string,
  value: string | number | undefined,
  defaultMs: number
): number {
  if (value === undefined) return defaultMs;
  const ms = parseDuration(value);
  if (ms === undefined) {
    throw new OlvmModuleError(module, ctx, `${name} ${JSON.stringify(value)} is not a duration`, {
      code: 'INVALID_ARGS',
      hint: 'write a duration like 90s, 5m or 1h30m, or a number of seconds',
    });
  }
  return ms;
}

/** The site role a name refers to (`primary`, `secondary`, or a site's own name). */
export function siteArg(module: string, ctx: ModuleContext, name: string): SiteRole {
  const role = findSite(ctx.inventory, name);
  if (role === undefined) {
    const known = SITE_ROLES.map((r) =>
      ctx.inventory.sites[r].name === r ? r : `${r} (${ctx.inventory.sites[r].name})`
    );
    throw new OlvmModuleError(module, ctx, `no site "${name}" in the inventory (known: ${known.join(', ')})`, {
      code: 'INVALID_ARGS',
    });
  }
  return role;
}

export function findSite(inventory: Inventory, name: string): SiteRole | undefined {
  return SITE_ROLES.find((r) => r === name) ?? SITE_ROLES.find((r) => inventory.sites[r].name === name);
}

/** Host names of a site, in inventory order. */
export function siteHostNames(inventory: Inventory, role: SiteRole): string[] {
  return inventory.sites[role].hosts;
}

/** The site an engine host belongs to, by its name in the inventory. */
export function siteOfHost(inventory: Inventory, hostName: string | undefined): SiteRole | undefined {
  if (hostName === undefined) return undefined;
  return inventory.hosts[hostName]?.site;
}
