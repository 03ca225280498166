/**
 * The names a template may use, as the engine's scope provides them (src/engine/scope.ts): the inventory, the
 * runbook's vars, `run`, `hostvars`, registers of earlier steps, and per task `host` and the loop variable.
 */
import type { Inventory } from '../inventory/types';

export const INVENTORY_NAMES = [
  'inventory',
  'engine',
  'cluster',
  'sites',
  'hosts',
  'groups',
  'vms',
  'storage',
] as const;
export const RUN_NAMES = ['run', 'hostvars'] as const;

/** Names every template of a runbook sees, before step-specific ones. */
export function baseScopeNames(runbookVars: Record<string, unknown>, inventory: Inventory | undefined): Set<string> {
  return new Set<string>([
    ...INVENTORY_NAMES,
    ...RUN_NAMES,
    ...Object.keys(inventory?.vars ?? {}),
    ...Object.keys(runbookVars),
  ]);
}
