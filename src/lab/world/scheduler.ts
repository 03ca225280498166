/**
 * Chooses a host for a VM to start on or migrate to, as the engine's scheduler does (ovirt-api.md §5.4, §9.2):
 * filters (host up, memory, pinning, hard affinity), then weights (preferred hosts at start, soft affinity, free
 * memory). Returns the host, or why every host was filtered out.
 */
import { compareScores, hardHostViolation, hardVmViolation, scoreSoftAffinity } from './affinity';
import type { AffinityScore } from './affinity';
import type { HostRecord, VmRecord } from './model';
import { HostStatus, PlacementAffinity } from './model';
import type { World } from './world';

export interface PlacementOptions {
  purpose: 'start' | 'migrate';
  excludeHostIds?: readonly string[];
  /** Host maintenance may break hard VM-to-VM affinity (IgnoreVmToVmAffinityForHostMaintenance, 4.3+). */
  ignoreHardVmAffinity?: boolean;
  /** Restrict the candidates (an explicit migrate/start target). */
  onlyHostIds?: readonly string[];
  /** Memory committed per host, when the caller places many VMs in a row (kept up to date by the caller). */
  used?: Map<string, number>;
}

export type Placement = { host: HostRecord; score: AffinityScore } | { host: undefined; reasons: string[] };

const MiB = 1024 ** 2;

/** Memory committed on each host: VMs placed there plus incoming migrations. */
export function committedMemory(world: World): Map<string, number> {
  const used = new Map<string, number>();
  for (const vm of world.state.vms) {
    if (vm.hostId !== undefined) used.set(vm.hostId, (used.get(vm.hostId) ?? 0) + vm.memory);
    if (vm.migratingToHostId !== undefined) {
      used.set(vm.migratingToHostId, (used.get(vm.migratingToHostId) ?? 0) + vm.memory);
    }
  }
  return used;
}

export function freeMemory(world: World, host: HostRecord, used = committedMemory(world)): number {
  return host.memory - (used.get(host.id) ?? 0);
}

function filterReason(world: World, vm: VmRecord, host: HostRecord, options: PlacementOptions, free: number) {
  if (host.status !== HostStatus.UP) return `The host ${host.name} is not up (${host.status}).`;
  if (free < vm.memory) {
    return (
      `The host ${host.name} did not satisfy internal filter Memory because its available memory is too low ` +
      `(${Math.floor(free / MiB)} MB) to run the VM.`
    );
  }
  if (vm.placementAffinity === PlacementAffinity.PINNED && vm.placementHostIds.length > 0) {
    if (!vm.placementHostIds.includes(host.id)) {
      return `The host ${host.name} did not satisfy internal filter PinToHost because it is not a pinned host.`;
    }
  }
  if (hardHostViolation(world, vm, host.id)) {
    return `The host ${host.name} did not satisfy internal filter VmToHostsAffinityGroups because it did not match positive affinity rules.`;
  }
  if (!options.ignoreHardVmAffinity && hardVmViolation(world, vm, host.id)) {
    return `The host ${host.name} did not satisfy internal filter VmAffinityGroups because it did not match positive affinity rules.`;
  }
  return undefined;
}

export function placeVm(world: World, vm: VmRecord, options: PlacementOptions): Placement {
  const used = options.used ?? committedMemory(world);
  const reasons: string[] = [];
  let best: { host: HostRecord; key: number[]; score: AffinityScore } | undefined;
  for (const host of world.state.hosts) {
    if (host.clusterId !== vm.clusterId || options.excludeHostIds?.includes(host.id)) continue;
    if (options.onlyHostIds !== undefined && !options.onlyHostIds.includes(host.id)) continue;
    const free = freeMemory(world, host, used);
    const reason = filterReason(world, vm, host, options, free);
    if (reason !== undefined) {
      reasons.push(reason);
      continue;
    }
    const score = scoreSoftAffinity(world, vm, host.id);
    const key = rankKey(vm, host, options, score, free);
    if (best === undefined || compareKeys(key, best.key) < 0) best = { host, key, score };
  }
  return best ? { host: best.host, score: best.score } : { host: undefined, reasons };
}

function rankKey(vm: VmRecord, host: HostRecord, options: PlacementOptions, score: AffinityScore, free: number) {
  const isPreferred = vm.placementHostIds.length === 0 || vm.placementHostIds.includes(host.id);
  const preferredPenalty = options.purpose === 'start' && !isPreferred ? 1 : 0;
  return [preferredPenalty, score.softHost, score.softVm, -free];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Whether moving the VM to `target` breaks less soft affinity than staying where it is. */
export function improvesSoftAffinity(world: World, vm: VmRecord, target: HostRecord): boolean {
  if (vm.hostId === undefined) return false;
  return compareScores(scoreSoftAffinity(world, vm, target.id), scoreSoftAffinity(world, vm, vm.hostId)) < 0;
}
