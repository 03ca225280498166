/**
 * The engine's view of a silent host (ovirt-api.md §9.1, §9.3): connecting, then non-responsive after the grace
 * period (60 s, +20 s for the SPM, +0.5 s per VM), its VMs unknown; then automatic fencing when power management
 * is configured and reachable, otherwise an alert. When the host answers again its VMs are reconciled.
 */
import { bringHostUp, setHostStatus } from './host-status';
import { EventCode } from './events';
import { clearHostVms, clearVm } from './ha';
import { isHostedEngineVm } from './imports';
import { scheduleFirstLeaseTry } from './lease-restarts';
import { abortMigration } from './migration';
import type { HostRecord } from './model';
import { HostStatus, SpmStatus, VmStatus } from './model';
import { TaskKind } from './task-kinds';
import { Timing } from './timing';
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
  world.events.add({
    code: EventCode.VDS_HOST_NOT_RESPONDING_CONNECTING,
    severity: 'warning',
    description: `Host ${host.name} is not responding. It will stay in Connecting state for a grace period of ${Math.round(grace / 1000)} seconds and after that an attempt to fence the host will be issued.`,
    hostId: host.id,
  });
  world.schedule(grace, TaskKind.HOST_NON_RESPONSIVE, { hostId: host.id });
}

/** Task: the grace period is over. */
export function markNonResponsive(world: World, hostId: string): void {
  const host = world.host(hostId);
  if (host?.status !== HostStatus.CONNECTING || world.isHostReachable(host)) return;
  setHostStatus(world, host, HostStatus.NON_RESPONSIVE);
  world.events.add({
    code: EventCode.VDS_FAILURE,
    severity: 'error',
    description: `Host ${host.name} is non responsive.`,
    hostId: host.id,
  });
  for (const vm of world.state.vms.filter((v) => v.migratingToHostId === host.id)) abortMigration(vm);
  for (const vm of world.vmsOnHost(host.id)) {
    if (vm.status === VmStatus.DOWN) continue;
    abortMigration(vm);
    vm.status = VmStatus.UNKNOWN;
    vm.unknownSince = world.now();
    world.events.add({
      code: EventCode.VM_SET_TO_UNKNOWN_STATUS,
      severity: 'warning',
      description: `VM ${vm.name} was set to the Unknown status.`,
      vmId: vm.id,
      hostId: host.id,
    });
    if (isHostedEngineVm(vm)) scheduleHostedEngineRestart(world, host);
  }
  scheduleFirstLeaseTry(world, host);
  treatNonResponsive(world, host);
}

function scheduleHostedEngineRestart(world: World, host: HostRecord): void {
  const elapsed = world.now() - (host.lostAt ?? world.now());
  world.schedule(Math.max(0, Timing.HE_RESTART_MS - elapsed), TaskKind.HE_RESTART, { hostId: host.id });
}

/** VdsNotRespondingTreatment: hard fence with power management, else an alert and nothing more. */
function treatNonResponsive(world: World, host: HostRecord): void {
  if (host.isPmEnabled && world.isBmcReachable(host)) {
    world.schedule(world.knobs.fence, TaskKind.HOST_FENCED, { hostId: host.id });
    return;
  }
  world.events.add({
    code: EventCode.VDS_ALERT_FENCING_IS_NOT_CONFIGURED,
    severity: 'alert',
    description: `Host ${host.name} became non responsive. It has no power management configured. Please check the host status, manually reboot it, and click "Confirm Host Has Been Rebooted"`,
    hostId: host.id,
  });
}

/** Task: the automatic fence (power cycle) went through. */
export function finishAutoFence(world: World, hostId: string): void {
  const host = world.host(hostId);
  if (host?.status !== HostStatus.NON_RESPONSIVE) return;
  world.events.add({
    code: EventCode.SYSTEM_VDS_RESTART,
    description: `Host ${host.name} was restarted by the engine.`,
    hostId: host.id,
  });
  rebootHost(world, host);
}

/** A power cycle the engine knows about: VMs cleared, SPM released, the host boots. */
export function rebootHost(world: World, host: HostRecord): void {
  setHostStatus(world, host, HostStatus.REBOOT);
  clearHostVms(world, host, 'Host rebooted');
  host.physical.isPoweredOn = true;
  host.physical.isBooting = true;
  world.schedule(world.knobs.hostBoot, TaskKind.HOST_BOOTED, { hostId: host.id });
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
