/**
 * The engine's view of a silent host (engine-behaviour.md row 12; VDSB VdsManager.java l.891-947): connecting
 * after a refresh, non-responsive after the grace period (`host_grace`, + `host_grace_spm` for the SPM,
 * + `host_grace_per_vm` per VM), its VMs unknown; then automatic fencing when power management is configured and
 * reachable, otherwise an alert; for `fence_disabled_after_start` after the engine started, no fencing but of the
 * host the engine VM ran on before (BLL pm/VdsNotRespondingTreatmentCommand.java l.136-144). When the host answers
 * again its VMs are reconciled.
 */
import { bringHostUp, setHostStatus } from './host-status';
import { logEvent } from './audit-log';
import { clearHostVms, clearVm } from './ha';
import { scheduleFirstLeaseTry } from './lease-restarts';
import { abortMigration } from './migration';
import type { HostRecord } from './model';
import { HostStatus, SpmStatus, VmStatus } from './model';
import { TaskKind } from './task-kinds';
import type { World } from './world';

/** calcTimeoutToFence (VdsManager.java l.891-899): the sum is cast to whole seconds. */
function graceMs(world: World, host: HostRecord): number {
  const spm = host.spmStatus === SpmStatus.SPM ? world.knobs.hostGraceSpm : 0;
  const total = world.knobs.hostGrace + spm + world.knobs.hostGracePerVm * world.vmsOnHost(host.id).length;
  return Math.floor(total / 1000) * 1000;
}

/** Task: the engine's refresh got no answer. */
export function markConnecting(world: World, hostId: string): void {
  const host = world.host(hostId);
  if (host === undefined || world.isHostReachable(host) || host.status === HostStatus.CONNECTING) return;
  if (host.status === HostStatus.NON_RESPONSIVE) return;
  host.resumeStatus = host.status === HostStatus.MAINTENANCE ? HostStatus.MAINTENANCE : HostStatus.UP;
  host.lostAt = world.now() - world.knobs.hostRefresh;
  setHostStatus(world, host, HostStatus.CONNECTING);
  const grace = graceMs(world, host);
  // 9008 only with power management; without it 9027 (VDSB VdsManager.logChangeStatusToConnecting l.1007-1024).
  if (host.isPmEnabled) {
    logEvent(world, 'VDS_HOST_NOT_RESPONDING_CONNECTING', { host, values: { Seconds: Math.floor(grace / 1000) } });
  } else logEvent(world, 'VDS_HOST_NOT_RESPONDING', { host });
  world.schedule(grace, TaskKind.HOST_NON_RESPONSIVE, { hostId: host.id });
}

/** A host still connecting when the engine starts: its grace period starts again now. */
export function scheduleNonResponsive(world: World, host: HostRecord): void {
  host.lostAt = world.now();
  world.schedule(graceMs(world, host), TaskKind.HOST_NON_RESPONSIVE, { hostId: host.id });
}

/** Task: the grace period is over. */
export function markNonResponsive(world: World, hostId: string): void {
  const host = world.host(hostId);
  if (host?.status !== HostStatus.CONNECTING || world.isHostReachable(host)) return;
  setHostStatus(world, host, HostStatus.NON_RESPONSIVE);
  for (const vm of world.state.vms.filter((v) => v.migratingToHostId === host.id)) abortMigration(vm);
  for (const vm of world.vmsOnHost(host.id)) {
    if (vm.status === VmStatus.DOWN) continue;
    abortMigration(vm);
    vm.status = VmStatus.UNKNOWN;
    vm.unknownSince = world.now();
    logEvent(world, 'VM_SET_TO_UNKNOWN_STATUS', { vm });
  }
  // The VMs' 142s come first, then the host's 12 (VdsManager.handleNetworkException l.929-936).
  logEvent(world, 'VDS_FAILURE', { host });
  scheduleFirstLeaseTry(world, host);
  treatNonResponsive(world, host);
}

/** Whether the engine started less than `fence_disabled_after_start` ago and must not fence `host` yet. */
function isFencingDelayed(world: World, host: HostRecord): boolean {
  const engine = world.state.engine;
  if (engine?.startedAt === undefined || host.id === engine.previousHostId) return false;
  return world.now() - engine.startedAt < world.knobs.fenceDisabledAfterStart;
}

/**
 * VdsNotRespondingTreatment: hard fence with power management; without it alert 9028 and nothing more
 * (BLL pm/VdsNotRespondingTreatmentCommand.java l.176-181, VdsCommand.alertIfPowerManagementOperationSkipped);
 * with power management whose agent cannot be reached, the restart fails: 122 and alert 9002.
 */
function treatNonResponsive(world: World, host: HostRecord): void {
  if (isFencingDelayed(world, host)) return void logEvent(world, 'VDS_ALERT_FENCE_OPERATION_SKIPPED', { host });
  if (!host.isPmEnabled) return void logEvent(world, 'VDS_ALERT_NO_PM_CONFIG_FENCE_OPERATION_SKIPPED', { host });
  if (world.isBmcReachable(host)) {
    world.schedule(world.knobs.fence, TaskKind.HOST_FENCED, { hostId: host.id });
    return;
  }
  logEvent(world, 'VDS_ALERT_FENCE_OPERATION_FAILED', { host });
  logEvent(world, 'SYSTEM_FAILED_VDS_RESTART', { host });
}

/** Task: the automatic fence (power cycle) went through. */
export function finishAutoFence(world: World, hostId: string): void {
  const host = world.host(hostId);
  if (host?.status !== HostStatus.NON_RESPONSIVE) return;
  logEvent(world, 'SYSTEM_VDS_RESTART', { host });
  rebootHost(world, host);
}

/** A power cycle the engine knows about: VMs cleared, SPM released, the host boots. */
export function rebootHost(world: World, host: HostRecord): void {
  setHostStatus(world, host, HostStatus.REBOOT);
  clearHostVms(world, host, 'Host rebooted');
  host.physical.isPoweredOn = true;
  host.physical.isBooting = true;
  world.schedule(world.knobs.hostBoot, TaskKind.HOST_BOOTED, { hostId: host.id });
  world.physicalChanged();
}

const SILENT: readonly HostStatus[] = [
  HostStatus.CONNECTING,
  HostStatus.NON_RESPONSIVE,
  HostStatus.REBOOT,
  HostStatus.DOWN,
];

/** Task: the host answers again (reconnected or booted): reconcile its VMs and its status. */
export function hostAnswers(world: World, hostId: string): void {
  const host = world.host(hostId);
  if (host === undefined || !world.isHostReachable(host)) return;
  for (const vm of world.vmsOnHost(host.id)) {
    if (host.isolatedVmIds.includes(vm.id)) {
      if (vm.status === VmStatus.UNKNOWN) vm.status = VmStatus.UP;
    } else if (vm.status !== VmStatus.DOWN) {
      clearVm(world, host, vm, 'VM is not running on the host any more');
    }
  }
  host.isolatedVmIds = [];
  world.cancelTasks(TaskKind.HOST_NON_RESPONSIVE, 'hostId', host.id);
  if (!SILENT.includes(host.status) && host.status !== HostStatus.UP) return;
  if (host.resumeStatus === HostStatus.MAINTENANCE) {
    setHostStatus(world, host, HostStatus.MAINTENANCE);
    delete host.resumeStatus;
  } else if (host.status !== HostStatus.UP) bringHostUp(world, host);
}
