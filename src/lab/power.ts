/**
 * `runbook lab fail|recover TARGET`: power a host or a whole site off or on. A site may be named by role
 * (`primary`), by its inventory name (`site-a`), or as a selector (`site:primary`). The world decides (and the SSH hosts follow it); the engine
 * machine, which the world does not model, only loses its SSH.
 */
import type { Inventory } from '../inventory/types';
import { SITE_ROLES } from '../inventory/types';
import { RunbookError } from '../shared/errors';
import type { RunningLab } from './runtime';
import { LabTargetError } from './world/failures';
import type { World } from './world/world';

export class LabPowerError extends RunbookError {
  readonly target: string;
  constructor(target: string, message: string, hint?: string) {
    super(message, { code: 'LAB_POWER', ...(hint !== undefined ? { hint } : {}) });
    this.target = target;
  }
}

/** `site:primary`, `site:site-a` and `site-a` name the primary site (by role); anything else is left as written. */
export function worldTarget(inventory: Inventory, target: string): string {
  const bare = target.startsWith('site:') ? target.slice('site:'.length) : target;
  return SITE_ROLES.find((role) => role === bare || inventory.sites[role].name === bare) ?? target;
}

/** Powers the target off or on in a running lab and saves the lab. */
export async function setLabPower(lab: RunningLab, target: string, isPoweredOn: boolean): Promise<void> {
  const resolved = worldTarget(lab.inventory, target);
  try {
    powerInWorld(lab.engine.world, resolved, isPoweredOn);
  } catch (error) {
    if (!(error instanceof LabTargetError) || lab.hosts.endpoints[resolved] === undefined) throw error;
    await lab.hosts.setPower(resolved, isPoweredOn);
  }
  await lab.save();
}

export function powerInWorld(world: World, target: string, isPoweredOn: boolean): void {
  if (isPoweredOn) world.powerOn(target);
  else world.powerOff(target);
}
