/** VM commands: start, stop, shutdown, migrate, cancel migration (ovirt-api.md §4.4). */
import { logEvent } from './audit-log';
import { isHostedEngineVm } from './imports';
import { startJob } from './jobs';
import { Messages } from './messages';
import { abortMigration, MigrationReason, startMigration } from './migration';
import type { HostRecord, VmRecord } from './model';
import { DataCenterStatus, PlacementAffinity, VmStatus } from './model';
import { conflict } from './refusal';
import { placeVm } from './scheduler';
import { TaskKind } from './task-kinds';
import type { World } from './world';

/**
 * Who starts a VM decides its events: a user's RunVm logs 153 at launch and 32 (152 off its dedicated hosts) when
 * up; the engine's own RunVm (HA restarts) logs 506 at launch and 506 again when up; the hosted-engine agents start
 * the engine VM outside the engine, which logs nothing for it (BLL RunVmCommand.getAuditLogTypeValue l.689-727,
 * RunVmCommandBase.runningSucceded l.231-241).
 */
export const Launcher = { USER: 'user', ENGINE: 'engine', AGENT: 'agent' } as const;
export type Launcher = (typeof Launcher)[keyof typeof Launcher];

/**
 * Begin a start on `host`: wait_for_launch, powering_up, up. A VM whose lease a dead host still holds stays in
 * wait_for_launch until sanlock frees it (libvirt's acquire blocks: sanlock.ts, row 14).
 */
export function launchVm(world: World, vm: VmRecord, host: HostRecord, launcher: Launcher): void {
  if (vm.nextRun?.resumeBehaviour !== undefined) vm.resumeBehaviour = vm.nextRun.resumeBehaviour;
  delete vm.nextRun;
  delete vm.unknownSince;
  delete vm.restartQueuedAt;
  delete vm.nextRestartAt;
  delete vm.restartAttempts;
  delete vm.migratingToHostId;
  vm.status = VmStatus.WAIT_FOR_LAUNCH;
  vm.hostId = host.id;
  vm.isStoppedByUser = false;
  vm.launcher = launcher;
  if (launcher === Launcher.USER) logEvent(world, 'USER_STARTED_VM', { vm, host });
  if (launcher === Launcher.ENGINE) logEvent(world, 'VDS_INITIATED_RUN_VM', { vm, host });
  const launchedAt = Math.max(world.now() + world.knobs.vmLaunch, vm.leaseFreeAt ?? 0);
  world.schedule(launchedAt - world.now(), TaskKind.VM_LAUNCHED, { vmId: vm.id, hostId: host.id });
}

export function continueLaunch(world: World, vmId: string, hostId: string): void {
  const vm = world.vm(vmId);
  if (vm?.status !== VmStatus.WAIT_FOR_LAUNCH || vm.hostId !== hostId) return;
  vm.status = VmStatus.POWERING_UP;
  world.schedule(world.knobs.vmPoweringUp, TaskKind.VM_POWERED_UP, { vmId, hostId });
}

export function finishLaunch(world: World, vmId: string, hostId: string): void {
  const vm = world.vm(vmId);
  if (vm?.status !== VmStatus.POWERING_UP || vm.hostId !== hostId) return;
  vm.status = VmStatus.UP;
  vm.startTime = world.now();
  delete vm.stopTime;
  delete vm.stopReason;
  delete vm.leaseFreeAt;
  logStarted(world, vm, world.host(hostId));
}

function logStarted(world: World, vm: VmRecord, host: HostRecord | undefined): void {
  const launcher = vm.launcher;
  delete vm.launcher;
  if (launcher === Launcher.ENGINE) return void logEvent(world, 'VDS_INITIATED_RUN_VM', { vm, host });
  if (launcher !== Launcher.USER) return;
  const isOffDedicated = vm.placementHostIds.length > 0 && !vm.placementHostIds.includes(host?.id ?? '');
  logEvent(world, isOffDedicated ? 'USER_RUN_VM_ON_NON_DEFAULT_VDS' : 'USER_RUN_VM', { vm, host });
}

/**
 * A user's RunVm (BLL RunVmCommand, RunVmValidator.canRunVm l.168-215 @ 0111fc63): the VM must be down; a VM with
 * disks needs its data center up (validateStoragePoolUp l.536-541; only the engine's own restarts of HA VMs are
 * exempt) and the lab's VMs count as having disks, as every workload the inventory names has; then a host.
 */
export function startVm(world: World, vm: VmRecord, onlyHostIds?: string[]): void {
  if (vm.status !== VmStatus.DOWN) throw conflict(Messages.vmRunning('run'));
  if (world.state.dataCenter.status !== DataCenterStatus.UP) throw conflict(Messages.runVmPoolNotUp());
  const placement = placeVm(world, vm, { purpose: 'start', ...(onlyHostIds ? { onlyHostIds } : {}) });
  if (!placement.host) throw conflict(...Messages.noHostSatisfies('run', 'VM', placement.reasons));
  startJob(world, `Launching VM ${vm.name}`, { vmId: vm.id, doneOn: [VmStatus.UP], failOn: [VmStatus.DOWN] });
  launchVm(world, vm, placement.host, Launcher.USER);
  world.settle();
}

/** The VM is down (power off, shutdown finished, or its host rebooted). */
export function markVmDown(world: World, vm: VmRecord, reason?: string): void {
  abortMigration(vm);
  vm.status = VmStatus.DOWN;
  delete vm.hostId;
  delete vm.unknownSince;
  vm.stopTime = world.now();
  if (reason !== undefined) vm.stopReason = reason;
  if (vm.nextRun?.resumeBehaviour !== undefined) vm.resumeBehaviour = vm.nextRun.resumeBehaviour;
  delete vm.nextRun;
}

export function stopVm(world: World, vm: VmRecord, reason?: string): void {
  if (vm.status === VmStatus.DOWN) throw conflict(Messages.vmNotRunning('stop'));
  const host = world.host(vm.hostId);
  startJob(world, `Stopping VM ${vm.name}`);
  markVmDown(world, vm, reason);
  cancelRestart(vm);
  vm.isStoppedByUser = true;
  logEvent(world, 'USER_STOP_VM', { vm, host, values: { OptionalReason: optionalReason(reason) } });
  world.settle();
}

export function shutdownVm(world: World, vm: VmRecord, reason?: string): void {
  if (vm.status === VmStatus.DOWN) throw conflict(Messages.vmNotRunning('shutdown'));
  const host = world.host(vm.hostId);
  startJob(world, `Shutting down VM ${vm.name}`, { vmId: vm.id, doneOn: [VmStatus.DOWN], failOn: [] });
  abortMigration(vm);
  cancelRestart(vm);
  vm.status = VmStatus.POWERING_DOWN;
  vm.isStoppedByUser = true;
  logEvent(world, 'USER_INITIATED_SHUTDOWN_VM', { vm, host, values: { OptionalReason: optionalReason(reason) } });
  world.schedule(world.knobs.vmShutdown, TaskKind.VM_SHUTDOWN_DONE, { vmId: vm.id, ...(reason ? { reason } : {}) });
  world.settle();
}

export function finishShutdown(world: World, vmId: string, reason?: string): void {
  const vm = world.vm(vmId);
  if (vm?.status !== VmStatus.POWERING_DOWN) return;
  const host = world.host(vm.hostId);
  markVmDown(world, vm, reason);
  logEvent(world, 'VM_DOWN', {
    vm,
    host,
    values: { ExitMessage: 'Exit message: User shut down from within the guest' },
  });
}

/** StopVmCommandBase.getOptionalReason: " (Reason: …)" when a reason was given. */
function optionalReason(reason: string | undefined): string {
  return reason !== undefined && reason !== '' ? ` (Reason: ${reason})` : '';
}

function cancelRestart(vm: VmRecord): void {
  delete vm.restartQueuedAt;
  delete vm.nextRestartAt;
  delete vm.restartAttempts;
}

export interface MigrateInput {
  hostId?: string;
  isForced: boolean;
}

export function migrateVm(world: World, vm: VmRecord, input: MigrateInput): void {
  if (vm.status !== VmStatus.UP) throw conflict(Messages.vmNotRunning('migrate'));
  if (vm.placementAffinity === PlacementAffinity.PINNED) throw conflict(Messages.vmPinned());
  if (vm.placementAffinity === PlacementAffinity.USER_MIGRATABLE && !input.isForced)
    throw conflict(Messages.vmNonMigratable());
  if (input.hostId !== undefined && input.hostId === vm.hostId) throw conflict(Messages.sameHost());
  const exclude = vm.hostId !== undefined ? [vm.hostId] : [];
  const only = input.hostId !== undefined ? [input.hostId] : undefined;
  const placement = isHostedEngineVm(vm)
    ? placeVm(world, vm, { purpose: 'migrate', excludeHostIds: exclude, onlyHostIds: heHosts(world, only) })
    : placeVm(world, vm, { purpose: 'migrate', excludeHostIds: exclude, ...(only ? { onlyHostIds: only } : {}) });
  if (!placement.host) throw conflict(...Messages.noHostSatisfies('migrate', 'VM', placement.reasons));
  startJob(world, `Migrating VM ${vm.name}`, {
    vmId: vm.id,
    doneOn: [VmStatus.UP],
    failOn: [VmStatus.DOWN, VmStatus.UNKNOWN],
  });
  startMigration(world, vm, placement.host, MigrationReason.USER, { isToServer: input.hostId !== undefined });
  world.settle();
}

function heHosts(world: World, only: string[] | undefined): string[] {
  return world.state.hosts
    .filter((h) => h.isHostedEngine && (only === undefined || only.includes(h.id)))
    .map((h) => h.id);
}

export function cancelMigration(world: World, vm: VmRecord): void {
  if (vm.status !== VmStatus.MIGRATING) throw conflict(Messages.vmNotRunning('cancel migration'));
  startJob(world, `Cancelling migration of VM ${vm.name}`);
  abortMigration(vm);
  world.clock.cancel((t) => t.kind === TaskKind.MIGRATION_DONE && t.payload['vmId'] === vm.id);
  world.settle();
}

export function setGlobalMaintenance(world: World, vm: VmRecord, isEnabled: boolean): void {
  if (!isHostedEngineVm(vm)) throw conflict(Messages.notHostedEngineVm());
  world.state.heGlobalMaintenance = isEnabled;
  startJob(world, `Setting Hosted Engine maintenance mode`);
}
