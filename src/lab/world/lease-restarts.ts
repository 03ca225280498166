/**
 * Restarting the VMs with a lease of a non-responsive host (engine-behaviour.md rows 13-14): the engine needs no
 * fence for them, the lease protects their disks. VDSB VdsManager.java @0111fc6: when the host goes non-responsive
 * its iteration counter starts at -NumberVdsRefreshesBeforeTryToStartUnknownVms and each refresh adds one
 * (handleNetworkException l.907-947); the VMs are tried when it reaches 0 and then every
 * NumberVdsRefreshesBeforeRetryToStartUnknownVms + 1 refreshes (restartVmsWithLeaseIfNeeded l.953-971), highest
 * priority first, in one loop (BLL VdsEventListener.java l.606-644). Only hosts that reach the lease's storage
 * domain qualify (VmLeasesReadyFilterPolicyUnit l.43-77). Whether the new instance runs then depends on sanlock
 * (sanlock.ts, `lease_acquire`).
 */
import { logEvent } from './audit-log';
import type { HostRecord, VmRecord } from './model';
import { HostStatus, VmStatus } from './model';
import type { MemoryLedger } from './capacity';
import { memoryLedger, placeVm } from './scheduler';
import { TaskKind } from './task-kinds';
import { launchVm, Launcher } from './vms';
import type { World } from './world';

/** Whether a host can reach the storage domain of the VM's lease (VmLeasesReadyFilterPolicyUnit). */
export function isLeaseDomainReachable(world: World, vm: VmRecord): boolean {
  if (vm.leaseStorageDomainId === undefined) return true;
  const domain = world.storageDomain(vm.leaseStorageDomainId);
  return domain !== undefined && world.isStorageReachable(domain);
}

/** The host just went non-responsive: its first restart try comes on the refresh that brings the counter to 0. */
export function scheduleFirstLeaseTry(world: World, host: HostRecord): void {
  const refreshes = world.knobs.unknownVmFirstTryRefreshes - 1;
  world.schedule(refreshes * world.knobs.hostRefresh, TaskKind.LEASE_RESTART_TRY, { hostId: host.id });
}

function unknownLeaseVms(world: World, host: HostRecord): VmRecord[] {
  return world
    .vmsOnHost(host.id)
    .filter((vm) => vm.status === VmStatus.UNKNOWN && vm.leaseStorageDomainId !== undefined)
    .sort((a, b) => b.haPriority - a.haPriority);
}

/**
 * One RunVm of the loop. One that finds no host fails validation, which the engine does not audit (CommandBase
 * logs after execution only); one that launches logs 506 (launchVm), and 507 when vdsm fails the launch
 * (RunVmCommand.getAuditLogTypeValue l.689-709): with `lease_acquire: fail`, while the lease is held.
 */
function tryRestart(world: World, vm: VmRecord, oldHost: HostRecord, ledger: MemoryLedger): void {
  const placement = isLeaseDomainReachable(world, vm)
    ? placeVm(world, vm, { purpose: 'start', excludeHostIds: [oldHost.id], ledger })
    : undefined;
  if (placement?.host === undefined) return;
  const target = placement.host;
  const isLeaseHeld = vm.leaseFreeAt !== undefined && world.now() < vm.leaseFreeAt;
  if (isLeaseHeld && world.knobs.leaseAcquire === 'fail') {
    logEvent(world, 'VDS_INITIATED_RUN_VM', { vm, host: target });
    logEvent(world, 'VDS_INITIATED_RUN_VM_FAILED', { vm, host: target });
    return;
  }
  oldHost.isolatedVmIds = oldHost.isolatedVmIds.filter((id) => id !== vm.id);
  ledger.remove(oldHost.id, vm);
  ledger.add(target.id, vm);
  launchVm(world, vm, target, Launcher.ENGINE);
}

/** Task: one restart try of the host's unknown VMs with a lease; the next try follows while some remain. */
export function tryLeaseRestarts(world: World, hostId: string): void {
  const host = world.host(hostId);
  if (host?.status !== HostStatus.NON_RESPONSIVE) return;
  const ledger = memoryLedger(world);
  for (const vm of unknownLeaseVms(world, host)) tryRestart(world, vm, host, ledger);
  const left = unknownLeaseVms(world, host);
  if (left.length === 0) return;
  const refreshes = world.knobs.unknownVmRetryRefreshes + 1;
  // A retry that only a freed lease can help is foreground (time will bring it); one waiting for a host is not.
  const isWaitingForLease = left.some((vm) => vm.leaseFreeAt !== undefined && vm.leaseFreeAt > world.now());
  const delay = refreshes * world.knobs.hostRefresh;
  world.schedule(delay, TaskKind.LEASE_RESTART_TRY, { hostId: host.id }, !isWaitingForLease);
}
