/**
 * The self-hosted engine VM's own HA (ovirt-api.md §9.4): the hosted-engine agents restart it on another
 * hosted-engine host with a positive score when its host is lost; the engine's HA does not manage it.
 */
import { isHostedEngineVm } from './imports';
import { HostStatus, VmStatus } from './model';
import { placeVm } from './scheduler';
import { TaskKind } from './task-kinds';
import { launchVm, Launcher } from './vms';
import type { World } from './world';

const HE_RETRY_MS = 60_000;

/** Task: the agents notice the engine VM is gone and start it elsewhere. */
export function restartHostedEngine(world: World, lostHostId: string): void {
  const vm = world.state.vms.find(isHostedEngineVm);
  if (vm === undefined || (vm.status !== VmStatus.UNKNOWN && vm.status !== VmStatus.DOWN)) return;
  if (vm.hostId !== undefined && vm.hostId !== lostHostId) return;
  const lost = world.host(lostHostId);
  if (vm.hostId !== undefined && lost !== undefined && world.isHostReachable(lost)) return;
  const candidates = world.state.hosts
    .filter((h) => h.isHostedEngine && h.id !== lostHostId && h.status === HostStatus.UP && !h.isLocalMaintenance)
    .filter((h) => world.isHostReachable(h))
    .map((h) => h.id);
  const placement = placeVm(world, vm, { purpose: 'start', onlyHostIds: candidates });
  if (!placement.host) {
    world.schedule(HE_RETRY_MS, TaskKind.HE_RESTART, { hostId: lostHostId }, true);
    return;
  }
  if (lost) lost.isolatedVmIds = lost.isolatedVmIds.filter((id) => id !== vm.id);
  launchVm(world, vm, placement.host, Launcher.AGENT);
}
