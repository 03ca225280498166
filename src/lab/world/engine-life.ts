/**
 * A self-hosted engine is a process in the HostedEngine VM (engine-behaviour.md row 23): when that VM's host dies
 * or is cut off, there is no engine. No API, no monitoring, no HA restarts, no affinity enforcement, no events,
 * no jobs: the engine's scheduled tasks are dropped and its reactions stop (world-core.ts, tasks.ts). The machines
 * carry on (sanlock, vdsm, the hosted-engine agents: hosted-engine.ts). When the agents have started the VM again
 * and ovirt-engine is up, the engine starts from its database: every host's grace period starts again from the
 * engine's start (VdsManager's lastUpdate), and it fences nobody but the previous engine host for
 * `fence_disabled_after_start` (BLL pm/VdsNotRespondingTreatmentCommand.java l.136-144, FenceValidator l.38-44).
 */
import { isHostedEngineVm } from './imports';
import { scheduleNonResponsive } from './monitoring';
import type { HostRecord } from './model';
import { HostStatus, MONITORED_HOST_STATUSES, VmStatus } from './model';
import { PHYSICAL_TASKS, TaskKind } from './task-kinds';
import type { World } from './world';

/** The engine VM's machine stopped answering: the engine is gone with it. */
export function stopEngine(world: World, host: HostRecord): void {
  world.state.engine = { isUp: false, downSince: world.now(), previousHostId: host.id };
  world.clock.cancel((task) => !PHYSICAL_TASKS.has(task.kind));
  world.notifyEngine(false);
}

/** Task: ovirt-engine finished starting in its running VM. */
export function startEngine(world: World): void {
  const vm = world.state.vms.find(isHostedEngineVm);
  const host = world.host(vm?.hostId);
  if (world.isEngineUp() || vm?.status !== VmStatus.UP || host === undefined || !world.isHostReachable(host)) return;
  const previous = world.state.engine?.previousHostId;
  world.state.engine = { isUp: true, startedAt: world.now(), ...(previous ? { previousHostId: previous } : {}) };
  comeBack(world, true);
}

/** The engine VM was only cut off and is reachable again before sanlock killed it: the same engine answers. */
export function resumeEngine(world: World): void {
  const { startedAt, previousHostId } = world.state.engine ?? {};
  world.state.engine = {
    isUp: true,
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(previousHostId !== undefined ? { previousHostId } : {}),
  };
  comeBack(world, false);
}

function comeBack(world: World, isRestarted: boolean): void {
  for (const host of world.state.hosts) resumeMonitoring(world, host);
  world.notifyEngine(true, isRestarted);
  world.settle();
}

/** The engine's view of one host at its start: its first refreshes, with grace periods counted from now. */
function resumeMonitoring(world: World, host: HostRecord): void {
  const isReachable = world.isHostReachable(host);
  const refresh = world.knobs.hostRefresh;
  if (isReachable) return resumeAnswering(world, host);
  if (MONITORED_HOST_STATUSES.includes(host.status)) {
    world.schedule(refresh, TaskKind.HOST_CONNECTING, { hostId: host.id });
  } else if (host.status === HostStatus.CONNECTING) {
    scheduleNonResponsive(world, host);
  } else if (host.status === HostStatus.NON_RESPONSIVE) {
    // A fresh VdsManager counts its restart tries from 0: the first comes 101 refreshes after the grace period.
    const afterGrace = world.knobs.hostGrace + (world.knobs.unknownVmRetryRefreshes + 1) * refresh;
    world.schedule(afterGrace, TaskKind.LEASE_RESTART_TRY, { hostId: host.id });
  }
}

function resumeAnswering(world: World, host: HostRecord): void {
  const silent: readonly HostStatus[] = [HostStatus.CONNECTING, HostStatus.NON_RESPONSIVE];
  if (silent.includes(host.status)) world.schedule(world.knobs.hostRefresh, TaskKind.HOST_ANSWERS, { hostId: host.id });
  else if (host.status === HostStatus.INSTALLING)
    world.schedule(world.knobs.hostInstall, TaskKind.HOST_INSTALL_DONE, { hostId: host.id });
  else if (host.status === HostStatus.INITIALIZING || host.status === HostStatus.UNASSIGNED)
    world.schedule(world.knobs.hostInitializing, TaskKind.HOST_INITIALIZED, { hostId: host.id });
  else if (host.status === HostStatus.PREPARING_FOR_MAINTENANCE)
    world.schedule(world.knobs.maintenanceRetry, TaskKind.MAINTENANCE_RETRY, { hostId: host.id });
}
