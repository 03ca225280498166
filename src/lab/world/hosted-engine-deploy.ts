/**
 * Which hosts can run the self-hosted engine VM, and how they became able to. A host is a hosted-engine host
 * (`HostRecord.isHostedEngine`, the engine's `hosted_engine.configured`) only when the hosted-engine HA agent was
 * deployed on it: the first by `hosted-engine --deploy` on the machine (which also creates the engine VM on it
 * and puts the host in the engine), the others by the engine's host-deploy with `deploy_hosted_engine=true`
 * (add or reinstall, host-deploy.ts). The inventory's `hosted_engine: true` never makes one.
 *
 * The agent's score (ovirt-hosted-engine-ha @ 9d39eb0, `ovirt_hosted_engine_ha/agent/agent.conf` and
 * `agent/states.py`): base-score 3400, minus free-memory-score-penalty 400 when the host has less free memory than
 * the engine VM needs (`_penalize_memory`, not on the host running it), and 0 in local maintenance
 * (`LocalMaintenance.score`). The lab reports 0 for a host the engine cannot reach (its last report is stale) or
 * that is not up: the pessimistic reading of a score the engine shows from the host's last statistics.
 */
import { HOSTED_ENGINE_MEMORY } from './build';
import { createHostedEngineVm, isHostedEngineVm } from './imports';
import type { HostRecord } from './model';
import { HostStatus } from './model';
import { admitHost } from './preset';
import { MiB } from './capacity';
import type { MemoryLedger } from './capacity';
import { memoryLedger } from './scheduler';
import type { World } from './world';

export const HostedEngineScore = { BASE: 3400, FREE_MEMORY_PENALTY: 400 } as const;

const DEFAULT_SPM_PRIORITY = 5;

/** Whether the engine manages a hosted-engine VM (HostedEngineHelper.isVmManaged): deployments need one. */
export function isHostedEngineManaged(world: World): boolean {
  return world.state.vms.some(isHostedEngineVm);
}

/** The HA agent's score for a host, as the engine shows it in `hosted_engine.score`. */
export function hostedEngineScore(world: World, host: HostRecord, ledger = memoryLedger(world)): number {
  if (!host.isHostedEngine || host.isLocalMaintenance) return 0;
  if (host.status !== HostStatus.UP || !world.isHostReachable(host)) return 0;
  const engineVm = world.state.vms.find(isHostedEngineVm);
  const isRunningEngine = engineVm?.hostId === host.id;
  const neededMiB = Math.floor((engineVm?.memory ?? HOSTED_ENGINE_MEMORY) / MiB);
  const penalty =
    !isRunningEngine && freeMemoryMiB(world, host, ledger) < neededMiB ? HostedEngineScore.FREE_MEMORY_PENALTY : 0;
  return HostedEngineScore.BASE - penalty;
}

/** The host's free memory as the agent reads it (vdsm's `memFree`): physical only, swap not counted (pessimistic). */
function freeMemoryMiB(world: World, host: HostRecord, ledger: MemoryLedger): number {
  return Math.max(0, ledger.freePhysicalMiB(host) - Math.floor(world.knobs.hostSwap / MiB));
}

/**
 * Whether the engine would place its own VM on `host` (HostedEngineHAClusterFilterPolicyUnit: a positive score;
 * engine-behaviour.md row 22).
 */
export function canRunHostedEngine(world: World, host: HostRecord): boolean {
  return hostedEngineScore(world, host) > 0;
}

/** Whether the hosted-engine agent of a host runs and reports (`hosted_engine.active`). */
export function isHostedEngineAgentActive(world: World, host: HostRecord): boolean {
  return host.isHostedEngine && world.isHostReachable(host);
}

/**
 * `hosted-engine --deploy` finished on `name`: the host joins the engine, up, as its first hosted-engine host,
 * and the engine VM runs on it. Returns why the lab refuses, or undefined.
 */
export function deployFirstHostedEngine(world: World, name: string): string | undefined {
  if (world.state.engineKind !== 'self-hosted')
    return 'this lab serves a standalone engine (engine.kind in its inventory); a self-hosted lab is needed';
  const running = world.state.vms.find(isHostedEngineVm);
  if (running !== undefined) {
    const on = world.host(running.hostId)?.name ?? 'another host';
    return `a hosted engine already runs in this environment (on ${on}): add more hosted-engine hosts from the engine with deploy_hosted_engine`;
  }
  let host = world.hostByName(name);
  if (host === undefined) {
    const pending = world.state.pendingHosts.find((p) => p.name === name);
    if (pending === undefined) return `${name} is not a machine of this lab's sites`;
    host = admitHost(world, pending, DEFAULT_SPM_PRIORITY);
  }
  host.status = HostStatus.UP;
  host.isHostedEngine = true;
  createHostedEngineVm(world, host);
  world.settle();
  return undefined;
}
