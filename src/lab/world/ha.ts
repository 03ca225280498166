/**
 * High availability once the engine is certain the old instance is gone (the host was fenced, confirmed
 * rebooted, or came back without them): HaAutoStartVmsRunner (BLL AutoStartVmsRunner.java, CONFIG l.716-727;
 * engine-behaviour.md rows 15-16). Restarts go through normal scheduling, highest HA priority first (lower ones
 * wait for higher ones, up to `ha_priority_block`), failed tries retried every `ha_retry_short` `ha_short_tries`
 * times, then every `ha_retry_long`. Non-HA VMs stay down; VMs stopped by a user are never restarted. VMs with a
 * lease on a non-responsive host are restarted without that certainty: lease-restarts.ts.
 */
import { logEvent } from './audit-log';
import type { HostRecord, VmRecord } from './model';
import { VmStatus } from './model';
import type { MemoryLedger } from './capacity';
import { memoryLedger, placeVm } from './scheduler';
import { TaskKind } from './task-kinds';
import { isLeaseDomainReachable } from './lease-restarts';
import { launchVm, Launcher, markVmDown } from './vms';
import type { World } from './world';

const LAUNCHING: readonly string[] = [VmStatus.WAIT_FOR_LAUNCH, VmStatus.POWERING_UP];

/**
 * Queue an HA restart. No event: 9602 HA_VM_FAILED is logged only when an HA VM crashes on a host that is up
 * (BLL VdsEventListener.runFailedAutoStartVMs l.399-408), never for a lost host's VMs (lease restarts or after a
 * fence), which the lab's VMs never do.
 */
export function queueRestart(world: World, vm: VmRecord, firstAttemptAt: number): void {
  if (!vm.haEnabled || vm.isStoppedByUser === true || vm.restartQueuedAt !== undefined) return;
  vm.restartQueuedAt = world.now();
  vm.restartAttempts = 0;
  vm.nextRestartAt = firstAttemptAt;
}

/** The engine is now certain this VM of `host` is gone: set it down and queue it if it is HA. */
export function clearVm(world: World, host: HostRecord, vm: VmRecord, cause: string): void {
  markVmDown(world, vm, cause);
  logEvent(world, 'VM_WAS_SET_DOWN_DUE_TO_HOST_REBOOT_OR_MANUAL_FENCE', { vm, host });
  queueRestart(world, vm, world.now());
}

/** The engine is now certain the VMs of `host` are gone: set them down and queue the HA ones. */
export function clearHostVms(world: World, host: HostRecord, cause: string): void {
  for (const vm of world.vmsOnHost(host.id)) {
    if (vm.status !== VmStatus.DOWN) clearVm(world, host, vm, cause);
  }
  host.isolatedVmIds = [];
}

/** The highest HA priority among VMs still starting after a restart (lower ones wait for them, up to a limit). */
function launchingPriority(world: World): number {
  let highest = Number.NEGATIVE_INFINITY;
  for (const other of world.state.vms) {
    if (!LAUNCHING.includes(other.status)) continue;
    const since = other.restartQueuedAt ?? other.startTime ?? 0;
    if (world.now() - since < world.knobs.haPriorityBlock) highest = Math.max(highest, other.haPriority);
  }
  return highest;
}

function retryLater(world: World, vm: VmRecord, delay: number): void {
  vm.restartAttempts = (vm.restartAttempts ?? 0) + 1;
  vm.nextRestartAt = world.now() + delay;
}

function attemptRestart(world: World, vm: VmRecord, ledger: MemoryLedger): void {
  const placement = isLeaseDomainReachable(world, vm) ? placeVm(world, vm, { purpose: 'start', ledger }) : undefined;
  if (placement?.host === undefined) {
    // A RunVm that fails validation logs nothing itself (CommandBase logs after execution only); the HA runner
    // logs 9603 for each failed try (BLL AutoStartVmsRunner.scheduleNextTimeToStart l.297-312).
    logEvent(world, 'HA_VM_RESTART_FAILED', { vm });
    const isShort = (vm.restartAttempts ?? 0) < world.knobs.haShortTries;
    return retryLater(world, vm, isShort ? world.knobs.haRetryShort : world.knobs.haRetryLong);
  }
  const oldHost = world.host(vm.hostId);
  if (oldHost) oldHost.isolatedVmIds = oldHost.isolatedVmIds.filter((id) => id !== vm.id);
  if (vm.hostId !== undefined && vm.status !== VmStatus.DOWN) ledger.remove(vm.hostId, vm);
  ledger.add(placement.host.id, vm);
  launchVm(world, vm, placement.host, Launcher.ENGINE);
}

/** Task: try the queued restarts that are due, highest priority first. */
export function runRestarts(world: World): void {
  const due = world.state.vms
    .filter((vm) => vm.restartQueuedAt !== undefined && (vm.nextRestartAt ?? 0) <= world.now())
    .sort((a, b) => b.haPriority - a.haPriority || (a.restartQueuedAt ?? 0) - (b.restartQueuedAt ?? 0));
  const blockedBelow = launchingPriority(world);
  const ledger = memoryLedger(world);
  for (const vm of due) {
    if (vm.status !== VmStatus.DOWN && vm.status !== VmStatus.UNKNOWN) {
      delete vm.restartQueuedAt;
      continue;
    }
    if (vm.haPriority < blockedBelow) continue;
    attemptRestart(world, vm, ledger);
  }
}

/** Settle hook: keep one HA tick scheduled at the earliest due restart. */
export function scheduleRestarts(world: World): void {
  const queued = world.state.vms.filter((vm) => vm.restartQueuedAt !== undefined);
  if (queued.length === 0) return world.clock.cancel((t) => t.kind === TaskKind.HA_TICK);
  const blockedBelow = launchingPriority(world);
  const blocked = queued.some((vm) => vm.haPriority < blockedBelow);
  const next = Math.min(...queued.map((vm) => vm.nextRestartAt ?? world.now()));
  const at = blocked ? Math.max(next, world.now() + 1_000) : next;
  const existing = world.clock.pending().find((t) => t.kind === TaskKind.HA_TICK);
  if (existing !== undefined && existing.at <= at) return;
  world.clock.cancel((t) => t.kind === TaskKind.HA_TICK);
  const isLongRetry = queued.every((vm) => (vm.restartAttempts ?? 0) >= world.knobs.haShortTries);
  world.schedule(Math.max(0, at - world.now()), TaskKind.HA_TICK, {}, isLongRetry);
}
