/** Live migration of a running VM: `migrating` for a while, then up on the target (or back on the source). */
import { formatDurationWords, logEvent } from './audit-log';
import type { HostRecord, VmRecord } from './model';
import { HostStatus, VmStatus } from './model';
import { TaskKind } from './task-kinds';
import { Timing } from './timing';
import type { World } from './world';

/** The engine's migration reasons (AuditLogMessages MIGRATION_REASON_*); USER: none. */
export const MigrationReason = {
  USER: 'user',
  MAINTENANCE: 'Host preparing for maintenance',
  AFFINITY: 'Affinity rules enforcement',
} as const;
export type MigrationReason = (typeof MigrationReason)[keyof typeof MigrationReason];

/**
 * MigrateVmCommand logs with its vds = the source host (initVdss: setVdsIdRef(getRunOnVds()), l.194), so 62, 67 and
 * 63 link the source host; the destination is only in the text (DestinationVdsName).
 */
export function startMigration(world: World, vm: VmRecord, target: HostRecord, reason: MigrationReason): void {
  const source = world.host(vm.hostId);
  vm.status = VmStatus.MIGRATING;
  vm.migratingToHostId = target.id;
  vm.migrationStartedAt = world.now();
  const destination = { DestinationVdsName: target.name };
  if (reason === MigrationReason.USER) {
    logEvent(world, 'VM_MIGRATION_START', { vm, host: source, values: destination });
  } else {
    logEvent(world, 'VM_MIGRATION_START_SYSTEM_INITIATED', {
      vm,
      host: source,
      values: { ...destination, OptionalReason: reason },
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
  const startedAt = vm.migrationStartedAt ?? world.now();
  delete vm.migratingToHostId;
  delete vm.migrationStartedAt;
  vm.status = VmStatus.UP;
  const isTargetUsable = target !== undefined && target.status === HostStatus.UP && world.isHostReachable(target);
  if (!isTargetUsable) return logMigrationFailure(world, vm, source, target);
  vm.hostId = target.id;
  const duration = formatDurationWords(world.now() - startedAt);
  logEvent(world, 'VM_MIGRATION_DONE', {
    vm,
    host: source,
    values: { DestinationVdsName: target.name, Duration: duration, TotalDuration: duration, ActualDowntime: '(N/A)' },
  });
}

/**
 * A failed migration: 140 while the source prepares for maintenance, else 65 (MigrateVmCommand
 * getAuditLogForMigrationFailure l.871-887); DueToMigrationError is " " without a VDSM error (l.166-174).
 */
function logMigrationFailure(world: World, vm: VmRecord, source?: HostRecord, target?: HostRecord): void {
  const values = { DueToMigrationError: ' ', DestinationVdsName: target?.name ?? '' };
  if (source?.status === HostStatus.PREPARING_FOR_MAINTENANCE) {
    logEvent(world, 'VM_MIGRATION_FAILED_DURING_MOVE_TO_MAINTENANCE', { vm, host: source, values });
  } else {
    logEvent(world, 'VM_MIGRATION_FAILED', { vm, host: source, values: { DueToMigrationError: ' ' } });
  }
}

/** Abandon a migration (cancelmigration, or its source was lost): the VM stays where it was. */
export function abortMigration(vm: VmRecord): void {
  if (vm.status !== VmStatus.MIGRATING) return;
  delete vm.migratingToHostId;
  delete vm.migrationStartedAt;
  vm.status = VmStatus.UP;
}
