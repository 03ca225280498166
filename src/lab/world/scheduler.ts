/**
 * Chooses a host for a VM to start on or migrate to, as the engine's scheduler does (ovirt-api.md §5.4, §9.2;
 * engine-behaviour.md rows 11, 18, 19): the "none" policy's filters in its order (host up, CPU, CPUOverloaded,
 * Memory, pinning, hard VM-to-VM and VM-to-host affinity; BLL scheduling/InternalClusterPolicies.java l.50-81),
 * then its weights (preferred hosts at start, soft VM-to-host and VM-to-VM affinity, then the most schedulable
 * memory). Returns the host, or why every host was filtered out, in the engine's words (APPERR
 * SCHEDULING_HOST_FILTERED_REASON_WITH_DETAIL and the VAR__DETAIL__ texts).
 */
import { compareScores, hardHostViolation, hardVmViolation, scoreSoftAffinity } from './affinity';
import type { AffinityScore } from './affinity';
import { hostCores, isCpuOverloaded, MemoryLedger, vmCpus, vmDemand } from './capacity';
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
  /** Memory per host, when the caller places many VMs in a row (kept up to date by the caller). */
  ledger?: MemoryLedger;
  /** Soft affinity the VM has before its groups exist (imports: its home site's hosts). */
  softHostIds?: readonly string[];
}

type FilterOptions = PlacementOptions & { ledger: MemoryLedger; together: ReadonlySet<string> };

export type Placement = { host: HostRecord; score: AffinityScore } | { host: undefined; reasons: string[] };

export function memoryLedger(world: World): MemoryLedger {
  return new MemoryLedger(world);
}

function filtered(host: HostRecord, filter: string, detail: string): string {
  return `The host ${host.name} did not satisfy internal filter ${filter} because ${detail}.`;
}

function memoryReason(world: World, vm: VmRecord, host: HostRecord, ledger: MemoryLedger): string | undefined {
  if (vm.hostId === host.id) return undefined; // MemoryPolicyUnit skips the host the VM runs on
  const demand = vmDemand(world, vm);
  const physical = ledger.freePhysicalMiB(host);
  if (physical < demand.physicalMiB)
    return filtered(host, 'Memory', `its available memory is too low (${physical} MB) to run the VM`);
  const schedulable = ledger.maxSchedulingMiB(host);
  if (schedulable < demand.committedMiB) {
    return filtered(host, 'Memory', `its available memory is too low (${schedulable} MB) to run the VM`);
  }
  return undefined;
}

function filterReason(world: World, vm: VmRecord, host: HostRecord, options: FilterOptions, ledger: MemoryLedger) {
  if (host.status !== HostStatus.UP) return `The host ${host.name} is not up (${host.status}).`;
  if (hostCores(host) < vmCpus(vm)) {
    return filtered(host, 'CPU', 'it has an insufficient amount of CPU cores to run the VM');
  }
  if (isCpuOverloaded(world, host)) return filtered(host, 'CPUOverloaded', 'its CPU is too loaded');
  const memory = memoryReason(world, vm, host, ledger);
  if (memory !== undefined) return memory;
  if (vm.placementAffinity === PlacementAffinity.PINNED && vm.placementHostIds.length > 0) {
    if (!vm.placementHostIds.includes(host.id)) {
      return `The host ${host.name} did not satisfy internal filter PinToHost because it is not a pinned host.`;
    }
  }
  if (hardHostViolation(world, vm, host.id)) {
    return `The host ${host.name} did not satisfy internal filter VmToHostsAffinityGroups because it did not match positive affinity rules.`;
  }
  const vmGroup = options.ignoreHardVmAffinity ? undefined : hardVmViolation(world, vm, host.id, options.together);
  if (vmGroup !== undefined) {
    const detail = vmGroup.vmsRule.positive
      ? 'it did not match positive affinity rules'
      : 'it matched negative affinity rules';
    return filtered(host, 'VmAffinityGroups', detail);
  }
  return undefined;
}

/** Why `host` cannot take every VM of `vms` at once (each checked with the ones before it counted), if it cannot. */
function groupFilterReason(world: World, vms: readonly VmRecord[], host: HostRecord, options: FilterOptions) {
  const added: VmRecord[] = [];
  let reason: string | undefined;
  for (const vm of vms) {
    reason = filterReason(world, vm, host, options, options.ledger);
    if (reason !== undefined) break;
    options.ledger.add(host.id, vm);
    added.push(vm);
  }
  for (const vm of added) options.ledger.remove(host.id, vm);
  return reason;
}

export function placeVm(world: World, vm: VmRecord, options: PlacementOptions): Placement {
  return placeVms(world, [vm], options);
}

/**
 * One host for every VM of `vms` (one VM, or the members of a hard positive VM-to-VM group scheduled together,
 * SchedulingManager.schedule l.357-430): each filter passes for each of them, their memory counted together; ranked
 * by the first.
 */
export function placeVms(world: World, vms: readonly VmRecord[], options: PlacementOptions): Placement {
  const [lead] = vms;
  if (lead === undefined) return { host: undefined, reasons: [] };
  const ledger = options.ledger ?? memoryLedger(world);
  const filterOptions = { ...options, ledger, together: new Set(vms.map((v) => v.id)) };
  const reasons: string[] = [];
  let best: { host: HostRecord; key: number[]; score: AffinityScore } | undefined;
  for (const host of world.state.hosts) {
    if (host.clusterId !== lead.clusterId || options.excludeHostIds?.includes(host.id)) continue;
    if (options.onlyHostIds !== undefined && !options.onlyHostIds.includes(host.id)) continue;
    const reason = groupFilterReason(world, vms, host, filterOptions);
    if (reason !== undefined) {
      reasons.push(reason);
      continue;
    }
    const score = scoreSoftAffinity(world, lead, host.id);
    const key = rankKey(lead, host, options, score, ledger.maxSchedulingMiB(host));
    if (best === undefined || compareKeys(key, best.key) < 0) best = { host, key, score };
  }
  return best ? { host: best.host, score: best.score } : { host: undefined, reasons };
}

function rankKey(vm: VmRecord, host: HostRecord, options: PlacementOptions, score: AffinityScore, free: number) {
  const isPreferred = vm.placementHostIds.length === 0 || vm.placementHostIds.includes(host.id);
  const preferredPenalty = options.purpose === 'start' && !isPreferred ? 1 : 0;
  const isSoftHome = options.softHostIds === undefined || options.softHostIds.includes(host.id);
  return [preferredPenalty, score.softHost + (isSoftHome ? 0 : 1), score.softVm, -free];
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
