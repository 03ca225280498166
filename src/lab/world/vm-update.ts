/**
 * PUT /vms/{id}: a partial update (ovirt-api.md §4.3). HA, priority, lease and placement apply at once (they are
 * hot-settable); `storage_error_resume_behaviour` applies at once only on a down VM, otherwise it waits in the
 * next-run configuration. Lease rules: a lease needs HA; a running VM's lease can be added or removed, not swapped.
 */
import { logEvent } from './audit-log';
import { isHostedEngineVm } from './imports';
import { startJob } from './jobs';
import { Messages } from './messages';
import type { PlacementAffinity, ResumeBehaviour, VmRecord } from './model';
import { VmStatus } from './model';
import { conflict } from './refusal';
import type { World } from './world';

export interface VmUpdate {
  name?: string;
  description?: string;
  comment?: string;
  memory?: number;
  haEnabled?: boolean;
  haPriority?: number;
  /** A storage domain id to set, `null` to remove the lease, undefined to leave it. */
  leaseStorageDomainId?: string | null;
  placementAffinity?: PlacementAffinity;
  placementHostIds?: string[];
  resumeBehaviour?: ResumeBehaviour;
  isNextRun?: boolean;
}

function validateLease(vm: VmRecord, update: VmUpdate): void {
  const haAfter = update.haEnabled ?? vm.haEnabled;
  const leaseAfter = update.leaseStorageDomainId === undefined ? vm.leaseStorageDomainId : update.leaseStorageDomainId;
  if (leaseAfter != null && !haAfter) throw conflict(Messages.leaseWithoutHa());
  const isRunning = vm.status !== VmStatus.DOWN;
  const isSwap =
    typeof update.leaseStorageDomainId === 'string' &&
    vm.leaseStorageDomainId !== undefined &&
    update.leaseStorageDomainId !== vm.leaseStorageDomainId;
  if (isRunning && isSwap) throw conflict(Messages.leaseHotSwap());
}

function validate(world: World, vm: VmRecord, update: VmUpdate): void {
  if (isHostedEngineVm(vm) && update.haEnabled === true) throw conflict(Messages.heCannotBeHa());
  if (update.name !== undefined && update.name !== vm.name && world.vmByName(update.name)) {
    throw conflict(Messages.nameInUse('VM').replace('Cannot add', 'Cannot edit'));
  }
  validateLease(vm, update);
}

function applyResumeBehaviour(vm: VmRecord, update: VmUpdate): void {
  if (update.resumeBehaviour === undefined) return;
  const isDown = vm.status === VmStatus.DOWN;
  if (isDown && !update.isNextRun) {
    vm.resumeBehaviour = update.resumeBehaviour;
    delete vm.nextRun;
  } else if (update.resumeBehaviour !== vm.resumeBehaviour || vm.nextRun !== undefined) {
    vm.nextRun = { ...(vm.nextRun ?? {}), resumeBehaviour: update.resumeBehaviour };
  }
}

export function updateVm(world: World, vm: VmRecord, update: VmUpdate): void {
  validate(world, vm, update);
  if (update.name !== undefined) vm.name = update.name;
  if (update.description !== undefined) vm.description = update.description;
  if (update.comment !== undefined) vm.comment = update.comment;
  if (update.memory !== undefined) vm.memory = update.memory;
  if (update.haEnabled !== undefined) vm.haEnabled = update.haEnabled;
  if (update.haPriority !== undefined) vm.haPriority = update.haPriority;
  if (update.leaseStorageDomainId === null) delete vm.leaseStorageDomainId;
  else if (update.leaseStorageDomainId !== undefined) vm.leaseStorageDomainId = update.leaseStorageDomainId;
  if (update.placementAffinity !== undefined) vm.placementAffinity = update.placementAffinity;
  if (update.placementHostIds !== undefined) vm.placementHostIds = update.placementHostIds;
  applyResumeBehaviour(vm, update);
  startJob(world, `Editing VM ${vm.name}`);
  logEvent(world, 'USER_UPDATE_VM', { vm, host: world.host(vm.hostId) });
  world.settle();
}
