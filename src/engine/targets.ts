/** Each step's targets, resolved once per run: the hosts its selector names (narrowed by --limit), or the control machine. */
import type { HostEntry, Inventory } from '../inventory/types';
import { resolveTargets } from '../inventory/select';
import type { Step } from '../runbook/types';

/** `[undefined]` for a step without `hosts` (it runs once). */
export function resolveStepTargets(
  step: Step,
  inventory: Inventory,
  limit: string | undefined
): Array<HostEntry | undefined> {
  if (step.hosts === undefined) return [undefined];
  return resolveTargets(step.hosts, inventory, limit);
}
