/** `olvm.vm`: the VM's current values (names, not ids), the field-level diff, and the update that closes it. */
import type { OlvmClient, Vm, VmPatch } from '../../olvm/types';
import type { Change } from '../types';
import type { EngineSnapshot } from './snapshot';
import type { Placement, ResumeBehaviour, VmDesired } from './vm-desired';

export interface VmCurrent {
  haEnabled: boolean;
  haPriority: number;
  /** The lease's storage domain name (its id when the engine does not list it), or null. */
  lease: string | null;
  /** The resume behaviour the VM will have: the next-run value when a change waits for a restart. */
  resume: string | undefined;
  isResumePending: boolean;
  affinity: string | undefined;
  /** Placement host names; read only when the arguments ask about them. */
  hosts: string[];
}

export async function currentOf(
  client: OlvmClient,
  snapshot: EngineSnapshot,
  vm: Vm,
  desired: VmDesired,
  isFresh = false
): Promise<VmCurrent> {
  const leaseId = vm.lease?.storageDomain.id;
  const lease = leaseId === undefined ? null : ((await snapshot.storageDomainById(leaseId))?.name ?? leaseId);
  let resume = vm.storageErrorResumeBehaviour;
  let isResumePending = false;
  // The next-run value matters only when a change waits for a restart and the step sets the resume behaviour; it
  // may differ from the running one either way (a running value already as desired can be undone at the restart).
  if (desired.resume !== undefined && vm.hasNextRunConfiguration) {
    const nextRun = await nextRunResume(client, snapshot, vm, isFresh);
    isResumePending = nextRun !== resume;
    resume = nextRun;
  }
  const hosts =
    desired.hosts === undefined
      ? []
      : await Promise.all(
          vm.placementPolicy.hosts.map(async (ref) => ref.name ?? (await snapshot.hostById(ref.id))?.name ?? ref.id)
        );
  return {
    haEnabled: vm.highAvailability.isEnabled,
    haPriority: vm.highAvailability.priority,
    lease,
    resume,
    isResumePending,
    affinity: vm.placementPolicy.affinity,
    hosts,
  };
}

/**
 * The resume behaviour of the VM's next run: from the step's one search of the VMs with a pending configuration
 * (their OVF), else by `GET /vms/{id}?next_run=true`: when the VM was written since (`isFresh`, or folded back into
 * the snapshot), or the engine gave no OVF with a NEXT_RUN configuration for it (GetVmOvfByVmIdQuery gives none
 * while the VM's disks are locked or its configuration changed under the query).
 */
async function nextRunResume(
  client: OlvmClient,
  snapshot: EngineSnapshot,
  vm: Vm,
  isFresh: boolean
): Promise<string | undefined> {
  const fromOvf = isFresh ? undefined : (await snapshot.pendingVm(vm.id))?.ovfNextRun?.storageErrorResumeBehaviour;
  if (fromOvf !== undefined) return fromOvf;
  return (await client.vms.get(vm.id, { nextRun: true })).storageErrorResumeBehaviour;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((x) => set.has(x)) && set.size === new Set(b).size;
}

export function diffVm(current: VmCurrent, desired: VmDesired): Change[] {
  const changes: Change[] = [];
  const add = (path: string, from: unknown, to: unknown) => changes.push({ path, from, to });
  if (desired.haEnabled !== undefined && desired.haEnabled !== current.haEnabled) {
    add('high_availability.enabled', current.haEnabled, desired.haEnabled);
  }
  if (desired.haPriority !== undefined && desired.haPriority !== current.haPriority) {
    add('high_availability.priority', current.haPriority, desired.haPriority);
  }
  if (desired.lease !== undefined && desired.lease !== current.lease)
    add('lease.storage_domain', current.lease, desired.lease);
  if (desired.resume !== undefined && desired.resume !== current.resume) {
    add('storage_error_resume_behaviour', current.resume ?? null, desired.resume);
  }
  if (desired.affinity !== undefined && desired.affinity !== current.affinity) {
    add('placement.affinity', current.affinity ?? null, desired.affinity);
  }
  if (desired.hosts !== undefined && !sameSet(desired.hosts, current.hosts)) {
    add('placement.hosts', [...current.hosts].sort(), [...desired.hosts].sort());
  }
  return changes;
}

/** The partial update for exactly the changed fields. */
export async function patchOf(snapshot: EngineSnapshot, desired: VmDesired, changes: Change[]): Promise<VmPatch> {
  const changed = new Set(changes.map((c) => c.path));
  const patch: VmPatch = {};
  if (changed.has('high_availability.enabled') || changed.has('high_availability.priority')) {
    patch.highAvailability = {
      ...(changed.has('high_availability.enabled') ? { isEnabled: desired.haEnabled as boolean } : {}),
      ...(changed.has('high_availability.priority') ? { priority: desired.haPriority as number } : {}),
    };
  }
  if (changed.has('lease.storage_domain')) {
    const domain = typeof desired.lease === 'string' ? await snapshot.storageDomain(desired.lease) : undefined;
    patch.lease = domain === undefined ? null : { id: domain.id };
  }
  if (changed.has('storage_error_resume_behaviour'))
    patch.storageErrorResumeBehaviour = desired.resume as ResumeBehaviour;
  if (changed.has('placement.affinity') || changed.has('placement.hosts')) {
    patch.placementPolicy = {
      ...(changed.has('placement.affinity') ? { affinity: desired.affinity as Placement } : {}),
      ...(changed.has('placement.hosts') ? { hosts: (desired.hosts ?? []).map((name) => ({ name })) } : {}),
    };
  }
  return patch;
}

/** What the step registers: the VM's values once the step is done. */
export function vmResult(vm: Vm, current: VmCurrent, desired: VmDesired): Record<string, unknown> {
  return {
    name: vm.name,
    id: vm.id,
    status: vm.status,
    high_availability: {
      enabled: desired.haEnabled ?? current.haEnabled,
      priority: desired.haPriority ?? current.haPriority,
    },
    lease: desired.lease === undefined ? current.lease : desired.lease,
    storage_error_resume_behaviour: desired.resume ?? current.resume ?? null,
    placement: {
      affinity: desired.affinity ?? current.affinity ?? null,
      ...(desired.hosts !== undefined ? { hosts: desired.hosts } : {}),
    },
    pending_restart: current.isResumePending,
  };
}
