/**
 * The hosted-engine HA agents (ovirt-hosted-engine-ha @9d39eb0, engine-behaviour.md row 23): they do not ask the
 * engine (it is the VM they look after). Every `he_agent_loop` (env/constants.py.in LOOP_DELAY) each agent reads the
 * others' metadata on the shared storage; a host whose metadata did not change for `he_host_alive_timeout`
 * (agent/constants.py.in HOST_ALIVE_TIMEOUT_SECS, agent/state_machine.py l.89-111) is dead. When the engine VM runs
 * nowhere alive, the reachable hosted-engine host with the best score starts it (agent/states.py EngineDown l.410-479);
 * libvirt's acquire of the VM's lease waits for sanlock (sanlock.ts), then the VM boots (`he_vm_boot`) and ovirt-engine
 * starts (`engine_start`). The agents start nothing in global maintenance.
 */
import { resumeEngine, stopEngine } from './engine-life';
import { isHostedEngineVm } from './imports';
import type { HostRecord, VmRecord } from './model';
import { VmStatus } from './model';
import { TaskKind } from './task-kinds';
import { markVmDown } from './vms';
import type { World } from './world';

/** BASE_SCORE (agent/constants.py.in l.55), 0 for a host in local maintenance. */
export const HOSTED_ENGINE_BASE_SCORE = 3400;

/** The agent's own score: it sees its host's power, network and local maintenance, never the engine's view. */
export function agentScore(world: World, host: HostRecord): number {
  if (!host.isHostedEngine || !world.isHostReachable(host) || host.isLocalMaintenance) return 0;
  return HOSTED_ENGINE_BASE_SCORE;
}

/**
 * The agents notice the engine VM's host is dead: its last metadata write is at most one loop before the loss, a
 * history point that postdates it is taken within one loop, and that point must be older than the alive timeout
 * at the loop that decides (pessimistic: loop + alive timeout + loop).
 */
export function scheduleAgentsNotice(world: World): void {
  if (world.hasTask(TaskKind.HE_RESTART)) return;
  const delay = 2 * world.knobs.heAgentLoop + world.knobs.heHostAliveTimeout;
  world.schedule(delay, TaskKind.HE_RESTART, {});
}

function bestAgentHost(world: World): HostRecord | undefined {
  const candidates = world.state.hosts.filter((host) => agentScore(world, host) > 0);
  return candidates.sort((a, b) => agentScore(world, b) - agentScore(world, a))[0];
}

function isStarting(vm: VmRecord): boolean {
  return vm.status === VmStatus.WAIT_FOR_LAUNCH || vm.status === VmStatus.POWERING_UP;
}

function isRunningOn(world: World, vm: VmRecord, host: HostRecord | undefined): boolean {
  return host !== undefined && (world.isHostReachable(host) || host.isolatedVmIds.includes(vm.id));
}

/**
 * Physical hook: the engine VM lives and dies with its machine, and the engine with it. A VM on a host cut off from
 * the network still runs (until sanlock kills it), but no one reaches its engine; reconnected in time, the engine is
 * back at once.
 */
export function checkEngineVm(world: World): void {
  const vm = world.state.engineKind === 'self-hosted' ? world.state.vms.find(isHostedEngineVm) : undefined;
  if (vm === undefined) return;
  const host = world.host(vm.hostId);
  const isReachable = host !== undefined && world.isHostReachable(host);
  if (world.isEngineUp() && vm.status === VmStatus.UP && !isReachable && host !== undefined) stopEngine(world, host);
  if (vm.status !== VmStatus.DOWN && !isRunningOn(world, vm, host)) markVmDown(world, vm, 'Its host stopped');
  if (world.isEngineUp()) return;
  const isEngineStarting = world.hasTask(TaskKind.ENGINE_STARTED);
  if (vm.status === VmStatus.UP && isReachable && !isEngineStarting) resumeEngine(world);
  else if (vm.status === VmStatus.DOWN || !isReachable) scheduleAgentsNotice(world);
}

/** Task: an agent loop while the engine VM runs nowhere alive. */
export function restartHostedEngine(world: World): void {
  const vm = world.state.vms.find(isHostedEngineVm);
  if (vm === undefined || world.isEngineUp() || isStarting(vm)) return;
  if (vm.status === VmStatus.UP) {
    // Still running, cut off from the network, until sanlock kills it: the agents look again next loop.
    const host = world.host(vm.hostId);
    if (host === undefined || !world.isHostReachable(host)) {
      world.schedule(world.knobs.heAgentLoop, TaskKind.HE_RESTART, {}, true);
    }
    return;
  }
  const host = world.state.heGlobalMaintenance ? undefined : bestAgentHost(world);
  if (host === undefined) {
    world.schedule(world.knobs.heAgentLoop, TaskKind.HE_RESTART, {}, true);
    return;
  }
  vm.status = VmStatus.WAIT_FOR_LAUNCH;
  vm.hostId = host.id;
  delete vm.migratingToHostId;
  const bootedAt = Math.max(world.now(), vm.leaseFreeAt ?? 0) + world.knobs.heVmBoot;
  world.schedule(bootedAt - world.now(), TaskKind.HE_VM_BOOTED, { vmId: vm.id, hostId: host.id });
}

/** Task: the engine VM booted; ovirt-engine starts in it. */
export function finishHostedEngineBoot(world: World, vmId: string, hostId: string): void {
  const vm = world.vm(vmId);
  const host = world.host(hostId);
  if (vm?.hostId !== hostId || vm.status !== VmStatus.WAIT_FOR_LAUNCH) return;
  if (host === undefined || !world.isHostReachable(host)) return;
  vm.status = VmStatus.UP;
  vm.startTime = world.now();
  delete vm.leaseFreeAt;
  world.schedule(world.knobs.engineStart, TaskKind.ENGINE_STARTED, { vmId });
}
