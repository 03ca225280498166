/** Live migration of a running VM: `migrating` for a while, then up on the target (or back on the source). */
import { EventCode, USER } from './events';
import type { HostRecord, VmRecord } from './model';
import { HostStatus, VmStatus } from './model';
import { TaskKind } from './task-kinds';
import { Timing } from './timing';
import type { World } from './world';

export const MigrationReason = {
  USER: 'user',
  MAINTENANCE: 'Host preparing for maintenance',
  AFFINITY: 'Affinity rules enforcement',
} as const;
export type MigrationReason = (typeof MigrationReason)[keyof typeof MigrationReason];

export function startMigration(world: World, vm: VmRecord, target: HostRecord, reason: MigrationReason): void {
  const source = world.host(vm.hostId);
  vm.status = VmStatus.MIGRATING;
  vm.migratingToHostId = target.id;
  const route = `VM: ${vm.name}, Source: ${source?.name ?? 'unknown'}, Destination: ${target.name}`;
  if (reason === MigrationReason.USER) {
    world.events.add({
      code: EventCode.VM_MIGRATION_START,
      description: `Migration started (${route}, User: ${USER}).`,
      vmId: vm.id,
      hostId: source?.id,
    });
  } else {
    world.events.add({
      code: EventCode.VM_MIGRATION_START_SYSTEM_INITIATED,
      description: `Migration initiated by system (${route}, Reason: ${reason}).`,
      vmId: vm.id,
      hostId: source?.id,
    });
  }
  world.schedule(Timing.MIGRATION_MS, TaskKind.MIGRATION_DONE, { vmId: vm.id, targetId: target.id });
}

/** Task: the migration finished (or failed, when the target is gone). */
export function finishMigration(world: World, vmId: string, targetId: string): void {
  const vm = world.vm(vmId);
  if (vm?.status !== VmStatus.MIGRATING || vm.migratingToHostId !== targetId) return;
  const source = world.host(vm.hostId);
  const target = world.host(targetId);
  delete vm.migratingToHostId;
  vm.status = VmStatus.UP;
  const isTargetUsable = target !== undefined && target.status === HostStatus.UP && world.isHostReachable(target);
  if (!isTargetUsable) {
    world.events.add({
      code: EventCode.VM_MIGRATION_FAILED,
      severity: 'error',
      description: `Migration failed (VM: ${vm.name}, Source: ${source?.name ?? 'unknown'}).`,
      vmId: vm.id,
    });
    return;
  }
  vm.hostId = target.id;
  const seconds = Timing.MIGRATION_MS / 1000;
  world.events.add({
    code: EventCode.VM_MIGRATION_DONE,
    description: `Migration completed (VM: ${vm.name}, Source: ${source?.name ?? 'unknown'}, Destination: ${target.name}, Duration: ${seconds} seconds, Total: ${seconds} seconds, Actual downtime: (N/A))`,
    vmId: vm.id,
    hostId: target.id,
  });
}

/** Abandon a migration (cancelmigration, or its source was lost): the VM stays where it was. */
export function abortMigration(vm: VmRecord): void {
  if (vm.status !== VmStatus.MIGRATING) return;
  delete vm.migratingToHostId;
  vm.status = VmStatus.UP;
}
