/**
 * Capacity as the engine's scheduler sees it (engine-behaviour.md row 18; ENGINE @ 0111fc63, knobs in
 * src/inventory/lab-knobs.ts):
 * - a VM needs its memory plus an overhead: static `memory/512 + 64` MiB (page tables, QEMU), and possible video
 *   RAM + 8 MiB per vCPU + 8 MiB per I/O thread (BLL utils/VmOverheadCalculatorImpl.java l.144-180);
 * - a host commits vdsm's guest overhead plus each VM's memory and overhead, pending VMs (starting, migrating in)
 *   included; it may schedule `over_commit% x physical - committed - reserved` more (VDS.java l.1317-1335,
 *   VDSB monitoring/HostMonitoring.java l.903-929): `max_scheduling_memory`;
 * - a VM must also fit the host's free physical memory plus swap with its static overhead (BLL scheduling
 *   SlaValidator.hasPhysMemoryToRunVmGroup l.36-80); the lab's free memory is what its own processes and its VMs
 *   (memory and static overhead) leave;
 * - CPU: a VM's vCPUs must not exceed the host's cores (threads do not count: the cluster's default
 *   count_threads_as_cores is false; policyunits/CPUPolicyUnit.java l.50-86); a host above cpu_high_utilization for
 *   cpu_overcommit_duration is filtered out (policyunits/CpuOverloadPolicyUnit.java l.48-75).
 * Figures are MiB, as the engine counts them.
 */
import type { HostRecord, VmRecord } from './model';
import { VmStatus } from './model';
import type { WorldCore } from './world-core';

export const MiB = 1024 ** 2;
const PER_VCPU_MIB = 8;
const PER_IO_THREAD_MIB = 8;
const FIXED_OVERHEAD_MIB = 64;

/** The lab's host CPU when the inventory says nothing (lab choice): two 20-core Xeon Gold 6248, 2 threads a core. */
export const DEFAULT_HOST_CPU = { sockets: 2, coresPerSocket: 20, threadsPerCore: 2 } as const;

/** A VM's vCPUs: the inventory's `vars.cpus`, else one per 4 GiB of memory, 1 to 16 (lab choice). */
export function vmCpus(vm: VmRecord): number {
  return vm.cpus ?? Math.min(16, Math.max(1, Math.floor(vm.memory / (4 * 1024 * MiB))));
}

export function hostCores(host: HostRecord): number {
  const cpu = host.cpu ?? DEFAULT_HOST_CPU;
  return cpu.sockets * cpu.coresPerSocket;
}

function vmMemoryMiB(vm: VmRecord): number {
  return Math.floor(vm.memory / MiB);
}

export function staticOverheadMiB(vm: VmRecord): number {
  return Math.floor(vmMemoryMiB(vm) / 512) + FIXED_OVERHEAD_MIB;
}

export function overheadMiB(world: WorldCore, vm: VmRecord): number {
  const video = Math.floor(world.knobs.vmVideoRam / MiB);
  return staticOverheadMiB(vm) + video + PER_VCPU_MIB * vmCpus(vm) + PER_IO_THREAD_MIB * world.knobs.vmIoThreads;
}

/** What a VM takes from a host's schedulable memory (overcommit check) and from its physical memory. */
export function vmDemand(world: WorldCore, vm: VmRecord): { committedMiB: number; physicalMiB: number } {
  return {
    committedMiB: vmMemoryMiB(vm) + overheadMiB(world, vm),
    physicalMiB: vmMemoryMiB(vm) + staticOverheadMiB(vm),
  };
}

/** Committed and physically used memory of every host, kept up to date by callers that place VMs in a row. */
export class MemoryLedger {
  private readonly committed = new Map<string, number>();
  private readonly physical = new Map<string, number>();

  constructor(private readonly world: WorldCore) {
    for (const vm of world.state.vms) {
      if (vm.hostId !== undefined && vm.status !== VmStatus.DOWN) this.add(vm.hostId, vm);
      if (vm.migratingToHostId !== undefined) this.add(vm.migratingToHostId, vm);
    }
  }

  add(hostId: string, vm: VmRecord, sign = 1): void {
    const demand = vmDemand(this.world, vm);
    this.committed.set(hostId, (this.committed.get(hostId) ?? 0) + sign * demand.committedMiB);
    this.physical.set(hostId, (this.physical.get(hostId) ?? 0) + sign * demand.physicalMiB);
  }

  remove(hostId: string, vm: VmRecord): void {
    this.add(hostId, vm, -1);
  }

  /** VDS.getMaxSchedulingMemory: over-commit share of the physical memory, less committed and reserved. */
  maxSchedulingMiB(host: HostRecord): number {
    const knobs = this.world.knobs;
    const physicalMiB = Math.floor(host.memory / MiB);
    const committed = Math.floor(knobs.hostGuestOverhead / MiB) + (this.committed.get(host.id) ?? 0);
    const free =
      (this.overCommitPercent() * physicalMiB) / 100 - committed - Math.floor(knobs.hostReservedMemory / MiB);
    return Math.max(0, Math.floor(free));
  }

  /** Free physical memory plus swap, as the physical check counts it. */
  freePhysicalMiB(host: HostRecord): number {
    const knobs = this.world.knobs;
    const used = Math.floor(knobs.hostOsMemory / MiB) + (this.physical.get(host.id) ?? 0);
    return Math.max(0, Math.floor(host.memory / MiB) - used) + Math.floor(knobs.hostSwap / MiB);
  }

  private overCommitPercent(): number {
    return this.world.state.cluster.memoryOverCommit ?? this.world.knobs.memoryOverCommit;
  }
}

/** CpuOverloadPolicyUnit: load above the threshold for at least the duration. */
export function isCpuOverloaded(world: WorldCore, host: HostRecord): boolean {
  if (host.cpuLoad === undefined || host.cpuLoad <= world.knobs.cpuHighUtilization) return false;
  return (
    host.cpuOverloadedSince !== undefined && world.now() - host.cpuOverloadedSince >= world.knobs.cpuOvercommitDuration
  );
}

/** Fault injection: the host's CPU load in percent from now on (the overload clock starts when it goes above). */
export function setCpuLoad(world: WorldCore, host: HostRecord, percent: number): void {
  const isOver = percent > world.knobs.cpuHighUtilization;
  const wasOver = host.cpuLoad !== undefined && host.cpuLoad > world.knobs.cpuHighUtilization;
  host.cpuLoad = percent;
  if (!isOver) delete host.cpuOverloadedSince;
  else if (!wasOver) host.cpuOverloadedSince = world.now();
}
