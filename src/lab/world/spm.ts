/**
 * SPM election (ovirt-api.md §9.1; engine-behaviour.md rows 1-7) as VDSB irsbroker/IrsProxyImpl.java does it
 * (@ 0111fc63036bca662aa6275a8ad16282cccf86bf):
 * - the engine looks at the pool on its refresh, every StoragePoolRefreshTimeInSeconds (10 s; the lab takes the
 *   whole period, the pessimistic phase): an SPM that does not answer makes the data center problematic with 980
 *   and nothing else (no election while it is silent: storage safety, l.1085-1090); an SPM host that answers but is
 *   no longer SPM (power-cycled), or no SPM at all (stopped for maintenance, forceselectspm, fenced), gives 980 and
 *   an election (l.292-350, 768-886);
 * - candidates are the up hosts with priority > -1, by priority, ties at random, a force-selected host first
 *   (l.888-909; vds_sp.sql GetUpAndPrioritizedVds); the winner contends (data center `contend`), then is SPM with
 *   204, which names the host by its address only (l.911-943), and the data center is up;
 * - an uninitialized data center elects at once when its first host is up (the lab has no storage domain
 *   attachment to wait for).
 */
import { logEvent } from './audit-log';
import { Messages } from './messages';
import type { HostRecord } from './model';
import { DataCenterStatus, HostStatus, SpmStatus } from './model';
import { badParameters, conflict } from './refusal';
import { hasSpmTasks } from './spm-tasks';
import { TaskKind } from './task-kinds';
import type { World } from './world';

/** Statuses in which a host keeps its SPM role (the engine cannot be sure the SPM stopped). */
const SPM_BLOCKING_STATUSES: readonly string[] = [HostStatus.CONNECTING, HostStatus.NON_RESPONSIVE];

export function currentSpm(world: World): HostRecord | undefined {
  return world.state.hosts.find((h) => h.spmStatus !== SpmStatus.NONE);
}

/** The SPM stops (gracefully) on its host: called when the host leaves `up` for anything but a failure. */
export function releaseSpm(world: World, host: HostRecord): void {
  delete host.isSpmLost;
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

function isSilent(world: World, host: HostRecord): boolean {
  return SPM_BLOCKING_STATUSES.includes(host.status) || !world.isHostReachable(host);
}

/** Whether the next pool refresh would change nothing (so none needs to be scheduled). */
function isPoolSettled(world: World): boolean {
  const spm = currentSpm(world);
  const status = world.state.dataCenter.status;
  if (spm?.spmStatus === SpmStatus.CONTENDING) return true;
  if (spm !== undefined && isSilent(world, spm)) return status === DataCenterStatus.PROBLEMATIC;
  if (spm !== undefined) return spm.isSpmLost !== true && status === DataCenterStatus.UP;
  return status === DataCenterStatus.PROBLEMATIC && electionCandidates(world).length === 0;
}

/** Settle hook: elect at once in a new data center; otherwise keep a pool refresh scheduled while one is due. */
export function ensureSpm(world: World, options: { isImmediate?: boolean } = {}): void {
  const dc = world.state.dataCenter;
  if (dc.status === DataCenterStatus.UNINITIALIZED) {
    if (currentSpm(world) === undefined) elect(world, options.isImmediate === true);
    return;
  }
  if (isPoolSettled(world) || world.hasTask(TaskKind.SPM_POOL_REFRESH)) return;
  world.schedule(world.knobs.spmPoolRefresh, TaskKind.SPM_POOL_REFRESH, {});
}

/** Task: the engine's storage pool refresh (IrsProxyImpl.updatingTimerElapsed / proceedStoragePoolStats). */
export function refreshPool(world: World): void {
  const spm = currentSpm(world);
  if (spm?.spmStatus === SpmStatus.CONTENDING) return;
  if (spm !== undefined && isSilent(world, spm)) return markProblematic(world, spm);
  if (spm !== undefined && spm.isSpmLost !== true) return setDataCenterStatus(world, DataCenterStatus.UP);
  markProblematic(world, spm);
  if (spm !== undefined) releaseSpm(world, spm);
  elect(world, false);
}

function markProblematic(world: World, spm: HostRecord | undefined): void {
  if (world.state.dataCenter.status === DataCenterStatus.PROBLEMATIC) return;
  setDataCenterStatus(world, DataCenterStatus.PROBLEMATIC);
  logEvent(world, 'SYSTEM_CHANGE_STORAGE_POOL_STATUS_PROBLEMATIC', { host: spm });
}

function elect(world: World, isImmediate: boolean): void {
  const [candidate] = electionCandidates(world);
  if (candidate === undefined) return;
  delete world.state.dataCenter.preferredSpmHostId;
  if (isImmediate) return becomeSpm(world, candidate);
  candidate.spmStatus = SpmStatus.CONTENDING;
  setDataCenterStatus(world, DataCenterStatus.CONTEND);
  world.schedule(world.knobs.spmContend, TaskKind.SPM_CONTEND_DONE, { hostId: candidate.id });
}

/** Task: SpmStart on the elected host returned; it fails when the host left `up` meanwhile. */
export function finishContending(world: World, hostId: string): void {
  const host = world.host(hostId);
  if (host === undefined || host.spmStatus !== SpmStatus.CONTENDING) return;
  if (host.status !== HostStatus.UP || !world.isHostReachable(host)) {
    host.spmStatus = SpmStatus.NONE;
    markProblematic(world, undefined);
    return;
  }
  becomeSpm(world, host);
}

function becomeSpm(world: World, host: HostRecord): void {
  host.spmStatus = SpmStatus.SPM;
  setDataCenterStatus(world, DataCenterStatus.UP);
  logEvent(world, 'IRS_HOSTED_ON_VDS', { host, values: { VdsName: host.address, ServerIp: host.address } });
}

function setDataCenterStatus(world: World, status: DataCenterStatus): void {
  world.state.dataCenter.status = status;
}

/**
 * `forceselectspm`: refused as ForceSelectSPMCommand.validate refuses (its order), else the current SPM stops
 * (SpmStopOnIrs = ResetIrs with this host preferred) and 159 is logged; the next pool refresh elects it.
 */
export function forceSelectSpm(world: World, host: HostRecord): void {
  validateForceSelect(world, host);
  world.state.dataCenter.preferredSpmHostId = host.id;
  const spm = currentSpm(world);
  if (spm !== undefined) releaseSpm(world, spm);
  logEvent(world, 'USER_FORCE_SELECTED_SPM', { host });
  world.settle();
}

function validateForceSelect(world: World, host: HostRecord): void {
  if (host.status !== HostStatus.UP) throw conflict(Messages.forceSpmNotUp(host.name));
  if (host.spmStatus !== SpmStatus.NONE) throw conflict(Messages.forceSpmAlready(host.name));
  if (host.spmPriority === -1) throw badParameters(Messages.forceSpmNever(host.name));
  if (world.state.dataCenter.status !== DataCenterStatus.UP) throw conflict(Messages.forceSpmPoolNotUp());
  if (hasSpmTasks(world)) throw conflict(Messages.forceSpmPoolHasTasks());
}
