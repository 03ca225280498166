/**
 * Host and VM sets in arguments: a list of names, or a selector string as in `hosts:` (`site:primary`,
 * `group:kvm`, names, globs, `!name`). VM selectors read the inventory's `vms` (`site:primary` is every VM whose
 * home is the primary site, `all` every inventory VM) and also match VMs the engine has beyond the inventory.
 */
import { selectHostNames, viewOf } from '../../inventory/select';
import type { SelectionView } from '../../inventory/select';
import type { Inventory, SiteRole } from '../../inventory/types';
import type { ModuleContext } from '../types';
import { OlvmModuleError } from './errors';

export type NameSet = string | string[];

export const NAME_SET_SCHEMA = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', items: { type: 'string', minLength: 1 } },
  ],
} as const;

function selectorOf(value: NameSet): string {
  return Array.isArray(value) ? value.join(',') : value;
}

/** Inventory host names a set names, in inventory order. */
export function selectHosts(module: string, ctx: ModuleContext, field: string, value: NameSet): string[] {
  if (Array.isArray(value) && value.length === 0) return [];
  const { names, problems } = selectHostNames(selectorOf(value), viewOf(ctx.inventory));
  if (problems.length > 0) throw badSet(module, ctx, field, problems);
  return names;
}

/** VM names a set names: inventory VMs first (inventory order), then other engine VMs it matches. */
export function selectVms(
  module: string,
  ctx: ModuleContext,
  field: string,
  value: NameSet,
  engineVmNames: readonly string[]
): string[] {
  if (Array.isArray(value) && value.length === 0) return [];
  const { names, problems } = selectHostNames(selectorOf(value), vmView(ctx.inventory, engineVmNames));
  if (problems.length > 0) throw badSet(module, ctx, field, problems.map(asVmProblem));
  return names;
}

function vmView(inventory: Inventory, engineVmNames: readonly string[]): SelectionView {
  const known = inventory.vms.map((vm) => vm.name);
  const seen = new Set(known);
  const order = [...known, ...engineVmNames.filter((name) => !seen.has(name))];
  const siteOf = (role: SiteRole) => ({
    name: inventory.sites[role].name,
    hosts: inventory.vms.filter((vm) => vm.site === role).map((vm) => vm.name),
  });
  const sites: SelectionView['sites'] = { primary: siteOf('primary'), secondary: siteOf('secondary') };
  return { hostOrder: order, sites, engineHost: undefined, groupNames: () => [], groupMembers: () => undefined };
}

function asVmProblem(problem: string): string {
  return problem.replace(/\bno host\b/g, 'no VM').replace(/ in inventory/g, ' in the inventory or the engine');
}

function badSet(module: string, ctx: ModuleContext, field: string, problems: readonly string[]): OlvmModuleError {
  return new OlvmModuleError(module, ctx, `${field}: ${problems.join('; ')}`, { code: 'INVALID_ARGS' });
}
