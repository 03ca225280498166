/**
 * Host maintenance (ovirt-api.md §9.2): validation with the engine's refusals, then preparing_for_maintenance
 * while the running VMs are live-migrated away (highest HA priority first, normal scheduling: hard VM-to-host
 * affinity and pinning honoured, soft affinity only weighs), retried every 5 minutes for the VMs that could not
 * be placed; the host enters maintenance once it runs nothing.
 */
import { enterMaintenance, setHostStatus } from './host-status';
import { EventCode, USER } from './events';
import { isHostedEngineVm } from './imports';
import { startJob } from './jobs';
import { Messages } from './messages';
import { abortMigration, MigrationReason, startMigration } from './migration';
import type { HostRecord, VmRecord } from './model';
import { HostStatus, PlacementAffinity, SpmStatus, VmStatus } from './model';
import { conflict } from './refusal';
import { placeVm } from './scheduler';
import { TaskKind } from './task-kinds';
import type { World } from './world';

const MAINTAINABLE: readonly HostStatus[] = [
  HostStatus.MAINTENANCE,
  HostStatus.NON_RESPONSIVE,
  HostStatus.UP,
  HostStatus.ERROR,
  HostStatus.PREPARING_FOR_MAINTENANCE,
  HostStatus.DOWN,
  HostStatus.NON_OPERATIONAL,
  HostStatus.INSTALL_FAILED,
  HostStatus.CONNECTING,
];
const SILENT: readonly HostStatus[] = [HostStatus.NON_RESPONSIVE, HostStatus.CONNECTING, HostStatus.DOWN];

function runningVms(world: World, host: HostRecord): VmRecord[] {
  return world.vmsOnHost(host.id).filter((v) => v.status !== VmStatus.DOWN);
}

function validateMaintenance(world: World, host: HostRecord, vms: VmRecord[]): void {
  if (host.status === HostStatus.MAINTENANCE) throw conflict(Messages.alreadyInMaintenance());
  if (!MAINTAINABLE.includes(host.status)) throw conflict(Messages.maintenanceNotOperational());
  if (host.spmStatus === SpmStatus.CONTENDING) throw conflict(Messages.maintenanceSpmContending());
  if (SILENT.includes(host.status)) {
    if (host.spmStatus === SpmStatus.SPM) throw conflict(Messages.maintenanceNonResponsiveSpm());
    if (vms.length > 0) throw conflict(Messages.maintenanceNonResponsiveWithVms());
    return;
  }
  const pinned = vms.filter((v) => v.placementAffinity === PlacementAffinity.PINNED && !isHostedEngineVm(v));
  if (pinned.length > 0)
    throw conflict(Messages.maintenanceNonMigratable(host.name, pinned.map((v) => v.name).join(', ')));
  const hasOtherUpHost = world.state.hosts.some(
    (h) => h.id !== host.id && h.status === HostStatus.UP && h.clusterId === host.clusterId
  );
  if (vms.length > 0 && !hasOtherUpHost) {
    throw conflict(Messages.maintenanceNoOtherHost(host.name, world.state.cluster.name));
  }
  if (vms.some(isHostedEngineVm) && !hostedEngineTarget(world, host))
    throw conflict(Messages.maintenanceNoHostedEngineHost());
}

function hostedEngineTarget(world: World, source: HostRecord): HostRecord | undefined {
  return world.state.hosts.find(
    (h) => h.id !== source.id && h.isHostedEngine && h.status === HostStatus.UP && !h.isLocalMaintenance
  );
}

export function deactivateHost(world: World, host: HostRecord, reason: string | undefined): void {
  const vms = runningVms(world, host);
  validateMaintenance(world, host, vms);
  startJob(world, `Moving Host(s) ${host.name} to Maintenance`, {
    hostId: host.id,
    doneOn: [HostStatus.MAINTENANCE],
    failOn: [HostStatus.NON_RESPONSIVE, HostStatus.UP],
  });
  world.events.add({
    code: EventCode.USER_VDS_MAINTENANCE,
    description: `Host ${host.name} was switched to Maintenance mode by ${USER}${reason ? ` (Reason: ${reason})` : ''}.`,
    hostId: host.id,
  });
  if (SILENT.includes(host.status)) {
    enterMaintenance(world, host);
    world.settle();
    return;
  }
  setHostStatus(world, host, HostStatus.PREPARING_FOR_MAINTENANCE);
  if (reason !== undefined && reason !== '') host.statusDetail = reason;
  if (host.isHostedEngine) host.isLocalMaintenance = true;
  rerunIncomingMigrations(world, host);
  const unplaced = evacuate(world, host);
  world.settle();
  if (vms.length > 0 && unplaced.length === vms.length) {
    throw conflict(
      ...Messages.noHostSatisfies(
        'migrate',
        'VM',
        unplaced.flatMap((u) => u.reasons)
      )
    );
  }
}

/** Migrations toward a host entering maintenance are cancelled; those leaving a host in maintenance rerun. */
function rerunIncomingMigrations(world: World, host: HostRecord): void {
  const sources = new Set<HostRecord>();
  for (const incoming of world.state.vms.filter((v) => v.migratingToHostId === host.id)) {
    abortMigration(incoming);
    world.cancelTasks(TaskKind.MIGRATION_DONE, 'vmId', incoming.id);
    const source = world.host(incoming.hostId);
    if (source?.status === HostStatus.PREPARING_FOR_MAINTENANCE) sources.add(source);
  }
  for (const source of sources) evacuate(world, source);
}

interface Unplaced {
  vm: VmRecord;
  reasons: string[];
}

/** Start migrations for every VM still on the host; returns the VMs no host could take. */
function evacuate(world: World, host: HostRecord): Unplaced[] {
  const vms = world.vmsOnHost(host.id).filter((v) => v.status === VmStatus.UP);
  vms.sort((a, b) => b.haPriority - a.haPriority);
  const unplaced: Unplaced[] = [];
  for (const vm of vms) {
    const placement = isHostedEngineVm(vm)
      ? placeHostedEngine(world, vm, host)
      : placeVm(world, vm, { purpose: 'migrate', excludeHostIds: [host.id], ignoreHardVmAffinity: true });
    if (placement.host) startMigration(world, vm, placement.host, MigrationReason.MAINTENANCE);
    else unplaced.push({ vm, reasons: placement.reasons });
  }
  if (unplaced.length > 0) {
    world.events.add({
      code: EventCode.USER_VDS_MAINTENANCE_MIGRATION_FAILED,
      severity: 'warning',
      description: `Host ${host.name} cannot change into maintenance mode - not all Vms have been migrated successfully. Consider manual intervention: stopping/migrating Vms: ${unplaced.map((u) => u.vm.name).join(', ')} (User: ${USER}).`,
      hostId: host.id,
    });
    world.schedule(world.knobs.maintenanceRetry, TaskKind.MAINTENANCE_RETRY, { hostId: host.id });
  }
  return unplaced;
}

function placeHostedEngine(world: World, vm: VmRecord, source: HostRecord) {
  const target = hostedEngineTarget(world, source);
  if (target) return placeVm(world, vm, { purpose: 'migrate', onlyHostIds: [target.id] });
  return { host: undefined, reasons: ['There is no available host capable of running the hosted engine VM.'] };
}

/** Task: retry the migrations of a host still preparing for maintenance. */
export function retryMaintenance(world: World, hostId: string): void {
  const host = world.host(hostId);
  if (host?.status === HostStatus.PREPARING_FOR_MAINTENANCE) evacuate(world, host);
}

/** Settle hook: a host preparing for maintenance that runs nothing any more enters maintenance shortly. */
export function settleMaintenance(world: World): void {
  for (const host of world.state.hosts) {
    if (host.status !== HostStatus.PREPARING_FOR_MAINTENANCE || world.vmsOnHost(host.id).length > 0) continue;
    const isPending = world.clock
      .pending()
      .some((t) => t.kind === TaskKind.MAINTENANCE_DONE && t.payload['hostId'] === host.id);
    if (!isPending) world.schedule(world.knobs.hostRefresh, TaskKind.MAINTENANCE_DONE, { hostId: host.id });
  }
}

export function finishMaintenance(world: World, hostId: string): void {
  const host = world.host(hostId);
  if (host?.status !== HostStatus.PREPARING_FOR_MAINTENANCE || world.vmsOnHost(host.id).length > 0) return;
  world.cancelTasks(TaskKind.MAINTENANCE_RETRY, 'hostId', host.id);
  enterMaintenance(world, host);
}
