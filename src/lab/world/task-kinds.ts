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
  VM_LAUNCHED: 'vm.launched',
  VM_POWERED_UP: 'vm.poweredUp',
  VM_SHUTDOWN_DONE: 'vm.shutdownDone',
  SPM_CONTEND_DONE: 'spm.contendDone',
  LEASE_EXPIRED: 'ha.leaseExpired',
  LEASE_RESTART_TRY: 'ha.leaseRestartTry',
  HA_TICK: 'ha.tick',
  HE_RESTART: 'he.restart',
  BALANCER_TICK: 'balancer.tick',
} as const;
export type TaskKind = (typeof TaskKind)[keyof typeof TaskKind];
