/**
 * Failures injected by tests and drills: a host or a whole site powered off or cut off from the network, then
 * powered on or reconnected; a storage domain lost. The engine's view follows on the virtual clock: connecting
 * after a refresh, non-responsive after the grace period, then fencing (with power management) or nothing.
 */
import type { SiteRole } from '../../inventory/types';
import { SITE_ROLES } from '../../inventory/types';
import { RunbookError } from '../../shared/errors';
import type { HostRecord, PendingHost, PhysicalState } from './model';
import { MONITORED_HOST_STATUSES, SpmStatus } from './model';
import { TaskKind } from './task-kinds';
import type { LeaseTimes } from './sanlock';
import { holdsLease, leaseTimesAfter } from './sanlock';
import type { WorldCore } from './world-core';

export class LabTargetError extends RunbookError {
  readonly target: string;
  constructor(target: string, known: string[], kind = 'host or site') {
    super(`no ${kind} "${target}" in the lab (known: ${known.join(', ')})`, { code: 'LAB_UNKNOWN_TARGET' });
    this.target = target;
  }
}

interface Machines {
  hosts: HostRecord[];
  pending: PendingHost[];
  site?: SiteRole;
}

function resolveTarget(world: WorldCore, target: string): Machines {
  if ((SITE_ROLES as readonly string[]).includes(target)) {
    const site = target as SiteRole;
    return { hosts: world.hostsOfSite(site), pending: world.state.pendingHosts.filter((p) => p.site === site), site };
  }
  const host = world.hostByName(target);
  if (host) return { hosts: [host], pending: [] };
  const pending = world.state.pendingHosts.find((p) => p.name === target);
  if (pending) return { hosts: [], pending: [pending] };
  const known = [
    ...SITE_ROLES,
    ...world.state.hosts.map((h) => h.name),
    ...world.state.pendingHosts.map((p) => p.name),
  ];
  throw new LabTargetError(target, known);
}

function siteOutage(world: WorldCore, site: SiteRole): PhysicalState {
  const outage = world.state.siteOutages[site] ?? { isPoweredOn: true, isCutOff: false };
  world.state.siteOutages[site] = outage;
  return outage;
}

function noticeLoss(world: WorldCore, host: HostRecord): void {
  if (!MONITORED_HOST_STATUSES.includes(host.status)) return;
  const isPending = world.clock
    .pending()
    .some((t) => t.kind === TaskKind.HOST_CONNECTING && t.payload['hostId'] === host.id);
  if (!isPending) world.schedule(world.knobs.hostRefresh, TaskKind.HOST_CONNECTING, { hostId: host.id });
}

/** The leases of the host's VMs stay with the lost host until sanlock frees them (the engine VM's too). */
function holdLeases(world: WorldCore, host: HostRecord, times: LeaseTimes): void {
  for (const vm of world.vmsOnHost(host.id)) {
    if (holdsLease(vm)) vm.leaseFreeAt = times.freeAt;
  }
}

/** Returns the names of the machines powered off. */
export function powerOff(world: WorldCore, target: string): string[] {
  const machines = resolveTarget(world, target);
  if (machines.site) siteOutage(world, machines.site).isPoweredOn = false;
  for (const pending of machines.pending) pending.physical.isPoweredOn = false;
  for (const host of machines.hosts) {
    host.physical.isPoweredOn = false;
    host.physical.isBooting = false;
    host.isolatedVmIds = [];
    // vdsm comes back without the SPM role after a power cycle (engine-behaviour.md row 7).
    if (host.spmStatus !== SpmStatus.NONE) host.isSpmLost = true;
    holdLeases(world, host, leaseTimesAfter(world.knobs, world.now()));
    noticeLoss(world, host);
  }
  world.physicalChanged();
  world.settle();
  return machineNames(machines);
}

function machineNames(machines: Machines): string[] {
  return [...machines.hosts.map((h) => h.name), ...machines.pending.map((p) => p.name)];
}

export function cutOff(world: WorldCore, target: string): void {
  const machines = resolveTarget(world, target);
  if (machines.site) siteOutage(world, machines.site).isCutOff = true;
  for (const pending of machines.pending) pending.physical.isCutOff = true;
  for (const host of machines.hosts) {
    if (host.physical.isCutOff) continue;
    host.physical.isCutOff = true;
    const vms = world.vmsOnHost(host.id);
    host.isolatedVmIds = host.physical.isPoweredOn ? vms.map((vm) => vm.id) : [];
    const times = leaseTimesAfter(world.knobs, world.now());
    holdLeases(world, host, times);
    world.schedule(Math.max(0, times.killAt - world.now()), TaskKind.LEASE_EXPIRED, { hostId: host.id });
    noticeLoss(world, host);
  }
  world.physicalChanged();
  world.settle();
}

/** Task: sanlock on a cut-off host kills the VMs whose lease it could not renew for 8 x io_timeout. */
export function expireLeases(world: WorldCore, hostId: string): void {
  const host = world.host(hostId);
  if (host === undefined || !host.physical.isCutOff) return;
  host.isolatedVmIds = host.isolatedVmIds.filter((id) => {
    const vm = world.vm(id);
    return vm !== undefined && !holdsLease(vm);
  });
  // The SPM holds a sanlock lease too: lost with storage access [INFERRED].
  if (host.spmStatus !== SpmStatus.NONE) host.isSpmLost = true;
}

/** Returns the names of the machines powered on. */
export function powerOn(world: WorldCore, target: string): string[] {
  const machines = resolveTarget(world, target);
  if (machines.site) siteOutage(world, machines.site).isPoweredOn = true;
  for (const pending of machines.pending) pending.physical.isPoweredOn = true;
  for (const host of machines.hosts) {
    if (host.physical.isPoweredOn) continue;
    host.physical.isPoweredOn = true;
    host.physical.isBooting = true;
    world.schedule(world.knobs.hostBoot, TaskKind.HOST_BOOTED, { hostId: host.id });
  }
  world.physicalChanged();
  world.settle();
  return machineNames(machines);
}

export function reconnect(world: WorldCore, target: string): void {
  const machines = resolveTarget(world, target);
  if (machines.site) siteOutage(world, machines.site).isCutOff = false;
  for (const pending of machines.pending) pending.physical.isCutOff = false;
  for (const host of machines.hosts) {
    if (!host.physical.isCutOff) continue;
    host.physical.isCutOff = false;
    world.cancelTasks(TaskKind.LEASE_EXPIRED, 'hostId', host.id);
    world.schedule(world.knobs.hostRefresh, TaskKind.HOST_ANSWERS, { hostId: host.id });
  }
  world.physicalChanged();
  world.settle();
}

/** Task: the host finished booting after power came back. */
export function finishBoot(world: WorldCore, hostId: string): void {
  const host = world.host(hostId);
  if (host === undefined || !host.physical.isPoweredOn) return;
  host.physical.isBooting = false;
  host.isolatedVmIds = [];
  world.schedule(world.knobs.hostRefresh, TaskKind.HOST_ANSWERS, { hostId: host.id });
}

export function failStorage(world: WorldCore, name: string): void {
  const domain = world.storageDomainByName(name);
  if (domain === undefined)
    throw new LabTargetError(
      name,
      world.state.storageDomains.map((d) => d.name)
    );
  domain.isFailed = true;
  world.settle();
}

export function restoreStorage(world: WorldCore, name: string): void {
  const domain = world.storageDomainByName(name);
  if (domain === undefined)
    throw new LabTargetError(
      name,
      world.state.storageDomains.map((d) => d.name)
    );
  domain.isFailed = false;
  world.settle();
}

/**
 * Fault injection: how fast a VM's guest dirties its memory, in bytes per second (a busy database). Near the
 * migration bandwidth its migrations never converge and abort (migration-plan.ts).
 */
export function setDirtyRate(world: WorldCore, vmName: string, bytesPerSecond: number): void {
  const vm = world.vmByName(vmName);
  if (vm === undefined)
    throw new LabTargetError(
      vmName,
      world.state.vms.map((v) => v.name),
      'VM'
    );
  vm.dirtyRate = bytesPerSecond;
}
