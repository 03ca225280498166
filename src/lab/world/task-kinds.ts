/** The kinds of scheduled world tasks (each handled in tasks.ts). */
export const TaskKind = {
  HOST_INSTALL_DONE: 'host.installDone',
  HOST_INITIALIZED: 'host.initialized',
  HOST_ACTIVATE_STEP: 'host.activateStep',
  HOST_CONNECTING: 'host.connecting',
  HOST_NON_RESPONSIVE: 'host.nonResponsive',
  HOST_FENCED: 'host.fenced',
  HOST_BOOTED: 'host.booted',
  HOST_ANSWERS: 'host.answers',
  MAINTENANCE_RETRY: 'maintenance.retry',
  MAINTENANCE_DONE: 'maintenance.done',
  MIGRATION_DONE: 'migration.done',
  MIGRATION_RETRY: 'migration.retry',
  VM_LAUNCHED: 'vm.launched',
  VM_POWERED_UP: 'vm.poweredUp',
  VM_SHUTDOWN_DONE: 'vm.shutdownDone',
  SPM_CONTEND_DONE: 'spm.contendDone',
  SPM_POOL_REFRESH: 'spm.poolRefresh',
  LEASE_EXPIRED: 'ha.leaseExpired',
  LEASE_RESTART_TRY: 'ha.leaseRestartTry',
  HA_TICK: 'ha.tick',
  HE_RESTART: 'he.restart',
  HE_VM_BOOTED: 'he.vmBooted',
  ENGINE_STARTED: 'engine.started',
  BALANCER_TICK: 'balancer.tick',
} as const;
export type TaskKind = (typeof TaskKind)[keyof typeof TaskKind];

/**
 * What happens on the machines, whether the engine runs or not: hosts booting, sanlock, vdsm finishing launches,
 * shutdowns and migrations, the hosted-engine agents. Every other task is the engine's and pauses with it.
 */
export const PHYSICAL_TASKS: ReadonlySet<string> = new Set<TaskKind>([
  TaskKind.HOST_BOOTED,
  TaskKind.LEASE_EXPIRED,
  TaskKind.MIGRATION_DONE,
  TaskKind.MIGRATION_RETRY,
  TaskKind.VM_LAUNCHED,
  TaskKind.VM_POWERED_UP,
  TaskKind.VM_SHUTDOWN_DONE,
  TaskKind.HE_RESTART,
  TaskKind.HE_VM_BOOTED,
  TaskKind.ENGINE_STARTED,
]);
