/** Dispatches scheduled world tasks to their behaviour, and wires the world's settle reactions. */
import { runBalancer, scheduleBalancer } from './balancer';
import type { ScheduledTask } from './clock';
import { expireLeases, finishBoot } from './failures';
import { runRestarts, scheduleRestarts } from './ha';
import { startEngine } from './engine-life';
import { checkEngineVm, finishHostedEngineBoot, restartHostedEngine } from './hosted-engine';
import { continueActivation, finishInitializing, finishInstall } from './hosts';
import { tryLeaseRestarts } from './lease-restarts';
import { importPendingVms } from './imports';
import { settleJobs } from './jobs';
import { finishMaintenance, retryMaintenance, settleMaintenance } from './maintenance';
import { finishMigration } from './migration';
import { pumpMigrations } from './migration-slots';
import { finishAutoFence, hostAnswers, markConnecting, markNonResponsive } from './monitoring';
import { ensureSpm, finishContending, refreshPool } from './spm';
import { PHYSICAL_TASKS, TaskKind } from './task-kinds';
import { continueLaunch, finishLaunch, finishShutdown } from './vms';
import type { TaskPayload, World } from './world';

type TaskHandler = (world: World, payload: TaskPayload) => void;

const str = (payload: TaskPayload, key: string): string => String(payload[key]);
const host =
  (handler: (world: World, hostId: string) => void): TaskHandler =>
  (w, p) =>
    handler(w, str(p, 'hostId'));

const HANDLERS: Record<TaskKind, TaskHandler> = {
  [TaskKind.HOST_INSTALL_DONE]: (w, p) => finishInstall(w, str(p, 'hostId'), p['activate'] !== false),
  [TaskKind.HOST_INITIALIZED]: host(finishInitializing),
  [TaskKind.HOST_ACTIVATE_STEP]: host(continueActivation),
  [TaskKind.HOST_CONNECTING]: host(markConnecting),
  [TaskKind.HOST_NON_RESPONSIVE]: host(markNonResponsive),
  [TaskKind.HOST_FENCED]: host(finishAutoFence),
  [TaskKind.HOST_BOOTED]: host(finishBoot),
  [TaskKind.HOST_ANSWERS]: host(hostAnswers),
  [TaskKind.MAINTENANCE_RETRY]: host(retryMaintenance),
  [TaskKind.MAINTENANCE_DONE]: host(finishMaintenance),
  [TaskKind.MIGRATION_DONE]: (w, p) =>
    finishMigration(w, str(p, 'vmId'), str(p, 'targetId'), {
      startedAt: Number(p['startedAt']),
      isConverging: p['isConverging'] !== false,
      downtimeMs: Number(p['downtimeMs'] ?? 0),
    }),
  [TaskKind.MIGRATION_RETRY]: (w) => pumpMigrations(w),
  [TaskKind.VM_LAUNCHED]: (w, p) => continueLaunch(w, str(p, 'vmId'), str(p, 'hostId')),
  [TaskKind.VM_POWERED_UP]: (w, p) => finishLaunch(w, str(p, 'vmId'), str(p, 'hostId')),
  [TaskKind.VM_SHUTDOWN_DONE]: (w, p) => finishShutdown(w, str(p, 'vmId'), p['reason'] as string | undefined),
  [TaskKind.SPM_CONTEND_DONE]: host(finishContending),
  [TaskKind.SPM_POOL_REFRESH]: (w) => refreshPool(w),
  [TaskKind.LEASE_EXPIRED]: host(expireLeases),
  [TaskKind.LEASE_RESTART_TRY]: host(tryLeaseRestarts),
  [TaskKind.HA_TICK]: (w) => runRestarts(w),
  [TaskKind.HE_RESTART]: (w) => restartHostedEngine(w),
  [TaskKind.HE_VM_BOOTED]: (w, p) => finishHostedEngineBoot(w, str(p, 'vmId'), str(p, 'hostId')),
  [TaskKind.ENGINE_STARTED]: (w) => startEngine(w),
  [TaskKind.BALANCER_TICK]: (w) => runBalancer(w),
};

export function runTask(world: World, task: ScheduledTask): void {
  const handler = HANDLERS[task.kind as TaskKind];
  if (handler === undefined || (!world.isEngineUp() && !PHYSICAL_TASKS.has(task.kind))) return;
  const correlationId = typeof task.payload['correlationId'] === 'string' ? task.payload['correlationId'] : undefined;
  world.withCorrelation(correlationId, () => {
    handler(world, task.payload);
    if (PHYSICAL_TASKS.has(task.kind)) world.physicalChanged();
    world.settle();
  });
}

/** Connect a world to its clock and its reactions; call once per World. */
export function wireWorld(world: World): void {
  world.clock.onTask((task) => runTask(world, task));
  world.onSettle(settleMaintenance);
  world.onSettle((w) => ensureSpm(w));
  world.onSettle(importPendingVms);
  world.onSettle(scheduleRestarts);
  world.onSettle(scheduleBalancer);
  world.onSettle(settleJobs);
  world.onSettle(pumpMigrations);
  world.onPhysicalChange(checkEngineVm);
  world.onPhysicalChange(pumpMigrations);
}
