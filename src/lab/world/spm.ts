/**
 * SPM election (ovirt-api.md §9.1): exactly one SPM per data center, chosen among `up` hosts by priority
 * (-1 = never), ties broken by the seeded random stream, a `forceselectspm` host first. No election while the old
 * SPM is non-responsive: it must be fenced, confirmed rebooted (manual fence) or come back.
 */
import { EventCode, USER } from './events';
import type { HostRecord } from './model';
import { DataCenterStatus, HostStatus, SpmStatus } from './model';
import { TaskKind } from './task-kinds';
import type { World } from './world';

/** Statuses in which a host keeps its SPM role (the engine cannot be sure the SPM stopped). */
const SPM_BLOCKING_STATUSES: readonly string[] = [HostStatus.CONNECTING, HostStatus.NON_RESPONSIVE];

export function currentSpm(world: World): HostRecord | undefined {
  return world.state.hosts.find((h) => h.spmStatus !== SpmStatus.NONE);
}

/** The SPM stops (gracefully) on its host: called when the host leaves `up` for anything but a failure. */
export function releaseSpm(world: World, host: HostRecord): void {
  if (host.spmStatus === SpmStatus.NONE) return;
  host.spmStatus = SpmStatus.NONE;
  world.cancelTasks(TaskKind.SPM_CONTEND_DONE, 'hostId', host.id);
}

function electionCandidates(world: World): HostRecord[] {
  const up = world.state.hosts.filter((h) => h.status === HostStatus.UP && h.spmPriority > -1);
  const shuffled = world.rng.shuffle(up);
  const preferred = world.state.dataCenter.preferredSpmHostId;
  return shuffled.sort((a, b) => {
    if (a.id === preferred) return -1;
    if (b.id === preferred) return 1;
    return b.spmPriority - a.spmPriority;
  });
}

/** Run after every change: keep exactly one SPM when possible, and the data center status in line with it. */
export function ensureSpm(world: World, options: { isImmediate?: boolean } = {}): void {
  const spm = currentSpm(world);
  const dc = world.state.dataCenter;
  if (spm !== undefined) {
    if (SPM_BLOCKING_STATUSES.includes(spm.status)) setDataCenterStatus(world, DataCenterStatus.PROBLEMATIC);
    else if (spm.spmStatus === SpmStatus.SPM) setDataCenterStatus(world, DataCenterStatus.UP);
    return;
  }
  const [candidate] = electionCandidates(world);
  if (candidate === undefined) {
    const hasHosts = world.state.hosts.some((h) => h.status !== HostStatus.INSTALLING);
    if (dc.status !== DataCenterStatus.UNINITIALIZED || hasHosts) {
      if (dc.status !== DataCenterStatus.PROBLEMATIC && dc.status !== DataCenterStatus.UNINITIALIZED) {
        world.events.add({
          code: EventCode.SYSTEM_CHANGE_STORAGE_POOL_STATUS_NO_HOST_FOR_SPM,
          severity: 'error',
          description: `Invalid status on Data Center ${dc.name}. Setting Data Center status to Non Responsive (On host none, Error: no host available for SPM).`,
          dataCenterId: dc.id,
        });
      }
      if (dc.status !== DataCenterStatus.UNINITIALIZED) setDataCenterStatus(world, DataCenterStatus.PROBLEMATIC);
    }
    return;
  }
  delete dc.preferredSpmHostId;
  if (options.isImmediate) {
    becomeSpm(world, candidate);
    return;
  }
  candidate.spmStatus = SpmStatus.CONTENDING;
  setDataCenterStatus(world, DataCenterStatus.CONTEND);
  world.schedule(world.knobs.spmContend, TaskKind.SPM_CONTEND_DONE, { hostId: candidate.id });
}

export function finishContending(world: World, hostId: string): void {
  const host = world.host(hostId);
  if (host === undefined || host.spmStatus !== SpmStatus.CONTENDING) return;
  if (host.status !== HostStatus.UP) {
    host.spmStatus = SpmStatus.NONE;
    world.settle();
    return;
  }
  becomeSpm(world, host);
}

function becomeSpm(world: World, host: HostRecord): void {
  host.spmStatus = SpmStatus.SPM;
  setDataCenterStatus(world, DataCenterStatus.UP);
  world.events.add({
    code: EventCode.IRS_HOSTED_ON_VDS,
    description: `Storage Pool Manager runs on Host ${host.name} (Address: ${host.address}), Data Center ${world.state.dataCenter.name}.`,
    hostId: host.id,
    dataCenterId: world.state.dataCenter.id,
  });
}

function setDataCenterStatus(world: World, status: DataCenterStatus): void {
  world.state.dataCenter.status = status;
}

/** `forceselectspm`: stop the current SPM and prefer `host` at the election that follows. */
export function forceSelectSpm(world: World, host: HostRecord): void {
  world.state.dataCenter.preferredSpmHostId = host.id;
  const spm = currentSpm(world);
  if (spm !== undefined) releaseSpm(world, spm);
  // ForceSelectSPMCommand logs this once the old SPM stopped (AuditLogMessages: USER_FORCE_SELECTED_SPM).
  world.events.add({
    code: EventCode.USER_FORCE_SELECTED_SPM,
    description: `Host ${host.name} was force selected by ${USER}`,
    hostId: host.id,
  });
  world.settle();
}
