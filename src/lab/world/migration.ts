/**
 * Live migration of a running VM, the engine's side (engine-behaviour.md rows 17, 25): MigrateVmCommand hands it to
 * vdsm at once (`migrating`, 62/67), vdsm runs it when a slot frees (migration-slots.ts) for the time its memory
 * needs (migration-plan.ts). A failed one is re-run to another host, at most MaxRerunVmOnVdsCount destinations in
 * all, unless the user named the destination (MigrateVmToServerCommand).
 */
import { formatDurationWords, logEvent } from './audit-log';
import { isHostedEngineVm } from './imports';
import { pumpMigrations } from './migration-slots';
import type { HostRecord, VmRecord } from './model';
import { HostStatus, VmStatus } from './model';
import { placeVm } from './scheduler';
import type { World } from './world';

/** The engine's migration reasons (AuditLogMessages MIGRATION_REASON_*); USER: none. */
export const MigrationReason = {
  USER: 'user',
  MAINTENANCE: 'Host preparing for maintenance',
  AFFINITY: 'Affinity rules enforcement',
} as const;
export type MigrationReason = (typeof MigrationReason)[keyof typeof MigrationReason];

export interface MigrationOptions {
  /** The user named the destination (MigrateVmToServerCommand): a failure is not re-run elsewhere. */
  isToServer?: boolean;
}

/**
 * MigrateVmCommand logs with its vds = the source host (initVdss: setVdsIdRef(getRunOnVds()), l.194), so 62, 67 and
 * 63 link the source host; the destination is only in the text (DestinationVdsName).
 */
export function startMigration(
  world: World,
  vm: VmRecord,
  target: HostRecord,
  reason: MigrationReason,
  options: MigrationOptions = {}
): void {
  vm.migrationReason = reason;
  vm.migrationTriedHostIds = [];
  if (options.isToServer) vm.isMigrationToServer = true;
  else delete vm.isMigrationToServer;
  sendMigration(world, vm, target);
}

/** The command's execution (first run or re-run): the VM migrates and waits for vdsm's slots. */
function sendMigration(world: World, vm: VmRecord, target: HostRecord): void {
  const source = world.host(vm.hostId);
  const reason = vm.migrationReason ?? MigrationReason.USER;
  vm.status = VmStatus.MIGRATING;
  vm.migratingToHostId = target.id;
  vm.migrationQueuedAt = world.now();
  vm.migrationTriedHostIds = [...(vm.migrationTriedHostIds ?? []), target.id];
  delete vm.migrationStartedAt;
  delete vm.migrationRetryAt;
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
  pumpMigrations(world);
}

export interface MigrationOutcome {
  startedAt: number;
  isConverging: boolean;
  downtimeMs: number;
}

/** Task: the transfer ended: up on the target, or aborted (no convergence, or a host gone) and up on the source. */
export function finishMigration(world: World, vmId: string, targetId: string, outcome: MigrationOutcome): void {
  const vm = world.vm(vmId);
  if (vm?.status !== VmStatus.MIGRATING || vm.migratingToHostId !== targetId) return;
  if (vm.migrationStartedAt !== outcome.startedAt) return;
  const source = world.host(vm.hostId);
  const target = world.host(targetId);
  const queuedAt = vm.migrationQueuedAt ?? outcome.startedAt;
  clearTransfer(vm);
  vm.status = VmStatus.UP;
  const isTargetUsable = target !== undefined && target.status === HostStatus.UP && world.isHostReachable(target);
  if (!isTargetUsable || !outcome.isConverging) rerunOrFail(world, vm, source, target);
  else {
    clearCommand(vm);
    vm.hostId = target.id;
    logEvent(world, 'VM_MIGRATION_DONE', {
      vm,
      host: source,
      values: {
        DestinationVdsName: target.name,
        Duration: formatDurationWords(world.now() - outcome.startedAt),
        TotalDuration: formatDurationWords(world.now() - queuedAt),
        ActualDowntime: `${outcome.downtimeMs}ms`,
      },
    });
  }
  pumpMigrations(world);
}

/**
 * The VM is up on its source after a failed migration. MigrateVmToServerCommand.rerun fails at once (120);
 * MigrateVmCommand.rerun logs 128 and runs again with the hosts tried and the source blacklisted, while fewer than
 * `migration_tries` destinations were tried (BLL MigrateVmCommand.java l.999-1024, 1086-1091; RunVmCommandBase.java
 * l.150-185, 203-217). No host left: 166 and the failure without a destination; tries used up: the failure naming
 * the last destination (l.871-887). The re-run's own start event (62/67) is logged as a first run's [INFERRED].
 */
function rerunOrFail(world: World, vm: VmRecord, source?: HostRecord, target?: HostRecord): void {
  const values = { DueToMigrationError: ' ', DestinationVdsName: target?.name ?? '' };
  if (vm.isMigrationToServer) {
    clearCommand(vm);
    logEvent(world, 'VM_MIGRATION_TO_SERVER_FAILED', { vm, host: source, values });
    return;
  }
  logEvent(world, 'VM_MIGRATION_TRYING_RERUN', { vm, host: source, values });
  const tried = vm.migrationTriedHostIds ?? [];
  if (tried.length >= world.knobs.migrationTries) {
    clearCommand(vm);
    return logMigrationFailure(world, vm, source, target);
  }
  const next = placeRerun(world, vm, [...(vm.hostId ? [vm.hostId] : []), ...tried]);
  if (next) return sendMigration(world, vm, next);
  clearCommand(vm);
  logEvent(world, 'VM_MIGRATION_NO_VDS_TO_MIGRATE_TO', { vm, host: source });
  logMigrationFailure(world, vm, source, undefined);
}

function placeRerun(world: World, vm: VmRecord, blacklist: string[]): HostRecord | undefined {
  const isMaintenance = vm.migrationReason === MigrationReason.MAINTENANCE;
  const heHosts = world.state.hosts.filter((h) => h.isHostedEngine && !h.isLocalMaintenance).map((h) => h.id);
  return placeVm(world, vm, {
    purpose: 'migrate',
    excludeHostIds: blacklist,
    ignoreHardVmAffinity: isMaintenance,
    ...(isHostedEngineVm(vm) ? { onlyHostIds: heHosts } : {}),
  }).host;
}

/**
 * A failed migration: 140 (1111 without a destination) while the source prepares for maintenance, else 65
 * (MigrateVmCommand getAuditLogForMigrationFailure l.871-887); DueToMigrationError is " " without a VDSM error
 * (l.166-174).
 */
function logMigrationFailure(world: World, vm: VmRecord, source?: HostRecord, target?: HostRecord): void {
  const values = { DueToMigrationError: ' ', DestinationVdsName: target?.name ?? '' };
  if (source?.status !== HostStatus.PREPARING_FOR_MAINTENANCE) {
    logEvent(world, 'VM_MIGRATION_FAILED', { vm, host: source, values: { DueToMigrationError: ' ' } });
  } else if (target) {
    logEvent(world, 'VM_MIGRATION_FAILED_DURING_MOVE_TO_MAINTENANCE', { vm, host: source, values });
  } else {
    logEvent(world, 'VM_MIGRATION_FAILED_DURING_MOVE_TO_MAINTENANCE_NO_DESTINATION_VDS', { vm, host: source, values });
  }
}

function clearTransfer(vm: VmRecord): void {
  delete vm.migratingToHostId;
  delete vm.migrationQueuedAt;
  delete vm.migrationStartedAt;
  delete vm.migrationRetryAt;
}

function clearCommand(vm: VmRecord): void {
  delete vm.migrationReason;
  delete vm.migrationTriedHostIds;
  delete vm.isMigrationToServer;
}

/** Abandon a migration (cancelmigration, or a host was lost): the VM stays where it was; its slot frees. */
export function abortMigration(vm: VmRecord): void {
  if (vm.status !== VmStatus.MIGRATING) return;
  clearTransfer(vm);
  clearCommand(vm);
  vm.status = VmStatus.UP;
}
