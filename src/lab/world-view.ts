/** What the simulated hosts read from the engine world: who has power, and the hosted-engine agents' view. */
import type { HostedEngineHostStatus } from './hosts';
import { isHostedEngineVm } from './world/imports';
import { HostStatus, VmStatus } from './world/model';
import type { World } from './world/world';

const MAX_SCORE = 3400;

/** Machines (added to the engine or not) that have no power in the world. */
export function poweredOffMachines(world: World): string[] {
  const machines = [...world.state.hosts, ...world.state.pendingHosts];
  return machines.filter((machine) => !machine.physical.isPoweredOn).map((machine) => machine.name);
}

/** One entry per hosted-engine host: its agent's score, and whether the engine VM runs there. */
export function hostedEngineStatuses(world: World): HostedEngineHostStatus[] {
  const engineVm = world.state.vms.find(isHostedEngineVm);
  return world.state.hosts
    .filter((host) => host.isHostedEngine)
    .map((host, index) => {
      const isHealthy = world.isHostReachable(host) && host.status === HostStatus.UP && !host.isLocalMaintenance;
      return {
        host: host.name,
        hostId: index + 1,
        score: isHealthy ? MAX_SCORE : 0,
        isEngineUp: engineVm?.hostId === host.id && engineVm.status === VmStatus.UP && world.isEngineUp(),
        isLocalMaintenance: host.isLocalMaintenance,
      };
    });
}
