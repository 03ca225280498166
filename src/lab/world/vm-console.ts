/**
 * A running VM's guest-facing commands: reboot (ENGINE BLL/RebootVmCommand.java) and the console ticket
 * (BLL/SetVmTicketCommand.java, RESTAPI/resource/BackendGraphicsConsoleHelper.java). A warm reboot leaves the VM
 * `up` (VDSM reboots the guest in place); a VM with a pending next-run configuration reboots cold: shut down and
 * started again, which applies the configuration.
 */
import { randomBytes } from 'node:crypto';
import { logEvent } from './audit-log';
import type { VmRecord } from './model';
import { VmStatus } from './model';
import { conflict } from './refusal';
import type { World } from './world';
import { Launcher, launchVm, markVmDown } from './vms';

/** BackendGraphicsConsoleHelper DEFAULT_TICKET_EXPIRY: two hours, in seconds. */
export const DEFAULT_TICKET_EXPIRY_S = 120 * 60;

/** The engine's VMStatus names, as ACTION_TYPE_FAILED_VM_STATUS_ILLEGAL prints them (APPERR). */
const ENGINE_STATUS_NAMES: Record<string, string> = {
  down: 'Down',
  up: 'Up',
  migrating: 'MigratingFrom',
  unknown: 'Unknown',
  wait_for_launch: 'WaitForLaunch',
  powering_up: 'PoweringUp',
  powering_down: 'PoweringDown',
};

function statusIllegal(action: string, type: string, vm: VmRecord): never {
  const status = ENGINE_STATUS_NAMES[vm.status] ?? vm.status;
  throw conflict(`Cannot ${action} ${type} because the VM is in ${status} status.`);
}

export function rebootVm(world: World, vm: VmRecord): void {
  if (vm.status !== VmStatus.UP && vm.status !== VmStatus.POWERING_UP) statusIllegal('restart', 'VM', vm);
  const host = world.host(vm.hostId);
  logEvent(world, 'USER_REBOOT_VM', { vm, host });
  if (vm.nextRun !== undefined && host !== undefined) {
    markVmDown(world, vm);
    launchVm(world, vm, host, Launcher.USER);
  }
  world.settle();
}

export interface ConsoleTicket {
  value: string;
  expiry: number;
}

/** A one-time console password for the running VM (a value and expiry the client sent are kept). */
export function setVmTicket(world: World, vm: VmRecord, requested: Partial<ConsoleTicket>): ConsoleTicket {
  const allowed: string[] = [VmStatus.UP, VmStatus.POWERING_UP, VmStatus.POWERING_DOWN];
  if (!allowed.includes(vm.status)) statusIllegal('set', 'Virtual Machine Ticket', vm);
  logEvent(world, 'VM_SET_TICKET', { vm, host: world.host(vm.hostId) });
  return {
    value: requested.value ?? randomBytes(9).toString('base64'),
    expiry: requested.expiry ?? DEFAULT_TICKET_EXPIRY_S,
  };
}
