/**
 * SPM asynchronous tasks (storage operations run by the SPM). The lab has no storage operations of its own, so a
 * task runs only when a test or a drill injects one (`world.runSpmTask(ms)`); while one runs, the engine refuses
 * `forceselectspm` (CANNOT_FORCE_SELECT_SPM_STORAGE_POOL_HAS_RUNNING_TASKS, BLL storage/pool/ForceSelectSPMCommand
 * l.79-81) and maintenance of the SPM host (VDS_CANNOT_MAINTENANCE_SPM_WITH_RUNNING_TASKS,
 * MaintenanceNumberOfVdssCommand l.374).
 */
import type { WorldCore } from './world-core';

export function hasSpmTasks(world: WorldCore): boolean {
  const until = world.state.spmTaskUntil;
  return until !== undefined && world.now() < until;
}

/** Fault injection: an SPM task runs for `durationMs` of virtual time from now. */
export function runSpmTask(world: WorldCore, durationMs: number): void {
  world.state.spmTaskUntil = Math.max(world.state.spmTaskUntil ?? 0, world.now() + durationMs);
}
