/**
 * Host maintenance (ovirt-api.md §9.2; engine-behaviour.md rows 3, 8-10): validation with the engine's refusals,
 * then preparing_for_maintenance while the running VMs are live-migrated away (highest HA priority first, normal
 * scheduling: hard VM-to-host affinity and pinning honoured, soft affinity only weighs); the host enters
 * maintenance once it runs nothing.
 *
 * As MaintenanceNumberOfVdss / MaintenanceVds / MigrateMultipleVms do (BLL, @ 0111fc63):
 * - every VM placed: 600 (with a reason) or 620 (without), at once, while the migrations run;
 * - some VMs cannot be placed: the others migrate, 602 only, and the action fails (400, detail `[]`); none can be
 *   placed: the same with the scheduler's messages (409). The host stays preparing_for_maintenance either way;
 * - while it prepares and still runs VMs, monitoring retries an *internal* maintenance every
 *   HostPreparingForMaintenanceIdleTime (300 s) from entering it (VdsManager.setStatus /
 *   calculateNextMaintenanceAttemptTime, HostMonitoring.moveVDSToMaintenanceIfNeeded, VdsEventListener
 *   .handleVdsMaintenanceTimeout): not forced, 15 when it placed every VM, 17 when not;
 * - reaching maintenance logs nothing.
 */
import { logEvent } from './audit-log';
import { enterMaintenance, setHostStatus } from './host-status';
import { groupForScheduling } from './affinity';
import { isHostedEngineVm } from './imports';
import { startJob } from './jobs';
import { Messages } from './messages';
import { abortMigration, MigrationReason, startMigration } from './migration';
import type { HostRecord, VmRecord } from './model';
import { HostStatus, PlacementAffinity, SpmStatus, VmStatus } from './model';
import { conflict, executeFailed } from './refusal';
import { placeVm, placeVms } from './scheduler';
import { hasSpmTasks } from './spm-tasks';
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
  if (host.spmStatus === SpmStatus.SPM && hasSpmTasks(world)) throw conflict(Messages.maintenanceSpmWithTasks());
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

function logUserMaintenance(world: World, host: HostRecord, reason: string | undefined): void {
  if (reason !== undefined && reason !== '')
    logEvent(world, 'USER_VDS_MAINTENANCE', { host, values: { Reason: reason } });
  else logEvent(world, 'USER_VDS_MAINTENANCE_WITHOUT_REASON', { host });
}

export function deactivateHost(world: World, host: HostRecord, reason: string | undefined): void {
  const vms = runningVms(world, host);
  validateMaintenance(world, host, vms);
  startJob(world, `Moving Host(s) ${host.name} to Maintenance`, {
    hostId: host.id,
    doneOn: [HostStatus.MAINTENANCE],
    failOn: [HostStatus.NON_RESPONSIVE, HostStatus.UP],
  });
  if (SILENT.includes(host.status)) {
    enterMaintenance(world, host);
    logUserMaintenance(world, host, reason);
    world.settle();
    return;
  }
  if (host.status !== HostStatus.PREPARING_FOR_MAINTENANCE) prepareForMaintenance(world, host);
  if (reason !== undefined && reason !== '') host.statusDetail = reason;
  rerunIncomingMigrations(world, host);
  const { placed, unplaced } = evacuate(world, host, { isInternal: false });
  if (unplaced.length === 0) logUserMaintenance(world, host, reason);
  else logEvent(world, 'USER_VDS_MAINTENANCE_MIGRATION_FAILED', { host });
  world.settle();
  if (unplaced.length === 0) return;
  if (placed === 0)
    throw conflict(
      ...Messages.noHostSatisfies(
        'migrate',
        'VM',
        unplaced.flatMap((u) => u.reasons)
      )
    );
  throw executeFailed(`Host ${host.name} cannot change into maintenance mode: ${unplaced.length} VMs not placed`);
}

/** The host enters preparing_for_maintenance; monitoring's retry clock starts now. */
function prepareForMaintenance(world: World, host: HostRecord): void {
  setHostStatus(world, host, HostStatus.PREPARING_FOR_MAINTENANCE);
  if (host.isHostedEngine) host.isLocalMaintenance = true;
  world.cancelTasks(TaskKind.MAINTENANCE_RETRY, 'hostId', host.id);
  world.schedule(world.knobs.maintenanceRetry, TaskKind.MAINTENANCE_RETRY, { hostId: host.id });
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
  for (const source of sources) evacuate(world, source, { isInternal: true });
}

interface Unplaced {
  vm: VmRecord;
  reasons: string[];
}

/**
 * Start migrations for every VM still up on the host (those already migrating are left alone, as
 * MaintenanceVdsCommand.migrateAllVms skips MigratingFrom); an internal maintenance does not force
 * user_migratable VMs. As MigrateMultipleVmsCommand.executeCommand (l.128-140): first every VM honouring hard
 * VM-to-VM affinity, a hard positive group's VMs together; then, the cluster ignoring hard VM-to-VM affinity for
 * host maintenance (IgnoreVmToVmAffinityForHostMaintenance, CONFIG l.368-369), each VM left alone without it.
 * Returns how many were placed and which were not.
 */
function evacuate(world: World, host: HostRecord, options: { isInternal: boolean }) {
  const vms = world.vmsOnHost(host.id).filter((v) => v.status === VmStatus.UP);
  vms.sort((a, b) => b.haPriority - a.haPriority);
  const unplaced: Unplaced[] = [];
  const movable: VmRecord[] = [];
  for (const vm of vms) {
    if (options.isInternal && vm.placementAffinity === PlacementAffinity.USER_MIGRATABLE) {
      unplaced.push({ vm, reasons: [Messages.vmNonMigratable()] });
    } else movable.push(vm);
  }
  const left: VmRecord[] = [];
  for (const group of groupForScheduling(world, movable)) {
    if (migrateTogether(world, host, group, false) !== undefined) left.push(...group);
  }
  for (const vm of left) {
    const reasons = migrateTogether(world, host, [vm], true);
    if (reasons !== undefined) unplaced.push({ vm, reasons });
  }
  return { placed: vms.length - unplaced.length, unplaced };
}

/** Places `group` on one host and starts its migrations; else returns why every host was filtered out. */
function migrateTogether(
  world: World,
  source: HostRecord,
  group: VmRecord[],
  ignoreHardVmAffinity: boolean
): string[] | undefined {
  const [first] = group;
  const placement =
    group.length === 1 && first !== undefined && isHostedEngineVm(first)
      ? placeHostedEngine(world, first, source)
      : placeVms(world, group, { purpose: 'migrate', excludeHostIds: [source.id], ignoreHardVmAffinity });
  if (placement.host === undefined) return placement.reasons;
  for (const vm of group) startMigration(world, vm, placement.host, MigrationReason.MAINTENANCE);
  return undefined;
}

function placeHostedEngine(world: World, vm: VmRecord, source: HostRecord) {
  const target = hostedEngineTarget(world, source);
  if (target) return placeVm(world, vm, { purpose: 'migrate', onlyHostIds: [target.id] });
  return { host: undefined, reasons: ['There is no available host capable of running the hosted engine VM.'] };
}

/** Task: monitoring's maintenance retry for a host still preparing with VMs on it (internal, not forced). */
export function retryMaintenance(world: World, hostId: string): void {
  const host = world.host(hostId);
  if (host?.status !== HostStatus.PREPARING_FOR_MAINTENANCE || world.vmsOnHost(host.id).length === 0) return;
  const { unplaced } = evacuate(world, host, { isInternal: true });
  logEvent(world, unplaced.length === 0 ? 'VDS_MAINTENANCE' : 'VDS_MAINTENANCE_FAILED', { host });
  world.schedule(world.knobs.maintenanceRetry, TaskKind.MAINTENANCE_RETRY, { hostId: host.id });
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
