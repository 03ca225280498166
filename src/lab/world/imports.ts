/**
 * How the inventory's workloads enter the engine. The lab's choice: an inventory VM is "imported" (created
 * running, HA off, no lease, migratable) as soon as a host of its site is up in the cluster; it starts on the up
 * host of its site with the most free memory (any up host if its site has no room; down if none has room).
 * The self-hosted engine VM exists from the start on a hosted-engine host of the primary site.
 */
import { HOSTED_ENGINE_MEMORY } from './build';
import { logEvent } from './audit-log';
import type { HostRecord, VmRecord } from './model';
import { HostStatus, PlacementAffinity, ResumeBehaviour, VmStatus } from './model';
import { committedMemory, placeVm } from './scheduler';
import type { World } from './world';

export const HOSTED_ENGINE_VM_NAME = 'HostedEngine';

export interface NewVm {
  name: string;
  site?: VmRecord['site'];
  memory: number;
  origin?: VmRecord['origin'];
}

export function makeVmRecord(world: World, spec: NewVm): VmRecord {
  return {
    id: world.newId(),
    name: spec.name,
    clusterId: world.state.cluster.id,
    ...(spec.site !== undefined ? { site: spec.site } : {}),
    memory: spec.memory,
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

function upHostsOfSite(world: World, site: VmRecord['site']): HostRecord[] {
  return world.state.hosts.filter((h) => h.site === site && h.status === HostStatus.UP);
}

/** Place a new VM, preferring its home site; leaves it down when nothing has room. */
export function placeNewVm(world: World, vm: VmRecord, used = committedMemory(world)): void {
  const home = upHostsOfSite(world, vm.site).map((h) => h.id);
  const atHome = placeVm(world, vm, { purpose: 'start', onlyHostIds: home, used });
  const placement = atHome.host ? atHome : placeVm(world, vm, { purpose: 'start', used });
  if (!placement.host) return;
  runVmOn(world, vm, placement.host);
  used.set(placement.host.id, (used.get(placement.host.id) ?? 0) + vm.memory);
}

/** Settle hook: import the inventory VMs whose site has an up host. */
export function importPendingVms(world: World): void {
  const ready = world.state.pendingVms.filter((p) => upHostsOfSite(world, p.site).length > 0);
  if (ready.length === 0) return;
  world.state.pendingVms = world.state.pendingVms.filter((p) => !ready.includes(p));
  const used = committedMemory(world);
  for (const pending of ready) {
    const vm = makeVmRecord(world, pending);
    world.state.vms.push(vm);
    placeNewVm(world, vm, used);
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
