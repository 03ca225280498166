/**
 * How the inventory's workloads enter the engine. The lab's choice: the inventory VMs of a site are "imported"
 * (created running, HA off, no lease, migratable) once every inventory host of that site is in the engine and
 * none is still installing or activating, with one up at least: what an admin does who starts the workloads of a
 * site once its hosts are installed. Each is placed as the engine's scheduler would start it (scheduler.ts: the
 * filters, memory and CPU included, then the weights, its home site first as the site's soft affinity will say,
 * then the most schedulable memory), one after the other, so they spread as the engine spreads them; a VM no host
 * takes stays down. The self-hosted engine VM exists from the start on a hosted-engine host of the primary site.
 */
import { HOSTED_ENGINE_MEMORY } from './build';
import { logEvent } from './audit-log';
import type { HostRecord, VmRecord } from './model';
import { HostStatus, PlacementAffinity, ResumeBehaviour, VmStatus } from './model';
import type { MemoryLedger } from './capacity';
import { memoryLedger, placeVm } from './scheduler';
import type { World } from './world';

export const HOSTED_ENGINE_VM_NAME = 'HostedEngine';

export interface NewVm {
  name: string;
  site?: VmRecord['site'];
  memory: number;
  cpus?: number;
  origin?: VmRecord['origin'];
}

export function makeVmRecord(world: World, spec: NewVm): VmRecord {
  return {
    id: world.newId(),
    name: spec.name,
    clusterId: world.state.cluster.id,
    ...(spec.site !== undefined ? { site: spec.site } : {}),
    memory: spec.memory,
    ...(spec.cpus !== undefined && spec.cpus > 1 ? { cpus: spec.cpus } : {}),
    status: VmStatus.DOWN,
    haEnabled: false,
    haPriority: 0,
    placementAffinity: PlacementAffinity.MIGRATABLE,
    placementHostIds: [],
    resumeBehaviour: ResumeBehaviour.AUTO_RESUME,
    origin: spec.origin ?? 'ovirt',
    description: '',
    comment: '',
    creationTime: world.now(),
  };
}

/** Put a VM in `up` on a host at once (imports and preinstalled worlds; normal starts go through vms.ts). */
export function runVmOn(world: World, vm: VmRecord, host: HostRecord): void {
  vm.status = VmStatus.UP;
  vm.hostId = host.id;
  vm.startTime = world.now();
  delete vm.stopTime;
  delete vm.stopReason;
}

/** Statuses of a host still on its way up (installing or activating). */
const COMING: readonly string[] = [HostStatus.INSTALLING, HostStatus.INITIALIZING, HostStatus.UNASSIGNED];

/** Whether a site's workloads can start: all its inventory hosts in the engine, none still coming, one up. */
function isSiteReady(world: World, site: VmRecord['site']): boolean {
  if (world.state.pendingHosts.some((p) => p.site === site)) return false;
  const hosts = world.state.hosts.filter((h) => h.site === site);
  return hosts.some((h) => h.status === HostStatus.UP) && !hosts.some((h) => COMING.includes(h.status));
}

/** Place a new VM as the scheduler would start it, its home site's hosts preferred; down when nothing takes it. */
export function placeNewVm(world: World, vm: VmRecord, ledger: MemoryLedger = memoryLedger(world)): void {
  const home = world.state.hosts.filter((h) => h.site === vm.site).map((h) => h.id);
  const placement = placeVm(world, vm, { purpose: 'start', ledger, softHostIds: home });
  if (!placement.host) return;
  runVmOn(world, vm, placement.host);
  ledger.add(placement.host.id, vm);
}

/** Settle hook: import the inventory VMs of every site that is ready. */
export function importPendingVms(world: World): void {
  if (world.state.pendingVms.length === 0) return;
  const ready = world.state.pendingVms.filter((p) => isSiteReady(world, p.site));
  if (ready.length === 0) return;
  world.state.pendingVms = world.state.pendingVms.filter((p) => !ready.includes(p));
  const ledger = memoryLedger(world);
  for (const pending of ready) {
    const vm = makeVmRecord(world, pending);
    world.state.vms.push(vm);
    placeNewVm(world, vm, ledger);
    logEvent(world, 'IMPORTEXPORT_IMPORT_VM', { vm });
  }
}

/** The self-hosted engine VM, running on `host`. */
export function createHostedEngineVm(world: World, host: HostRecord): VmRecord {
  const vm = makeVmRecord(world, { name: HOSTED_ENGINE_VM_NAME, memory: HOSTED_ENGINE_MEMORY });
  vm.origin = 'managed_hosted_engine';
  vm.description = 'Hosted engine VM';
  world.state.vms.push(vm);
  runVmOn(world, vm, host);
  return vm;
}

export function isHostedEngineVm(vm: VmRecord): boolean {
  return vm.origin === 'managed_hosted_engine';
}
