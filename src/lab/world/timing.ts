/**
 * How long things take in the lab, in virtual milliseconds. Engine defaults where the reference names them
 * (ovirt-api.md §9); plausible durations elsewhere.
 */
export const Timing = {
  /** POST /hosts: installing (deploy over SSH), then initializing. */
  INSTALL_MS: 45_000,
  INITIALIZING_MS: 5_000,
  /** activate: unassigned, then initializing, then up. */
  ACTIVATE_UNASSIGNED_MS: 2_000,
  ACTIVATE_INITIALIZING_MS: 3_000,
  /** One live migration. */
  MIGRATION_MS: 10_000,
  /** A VM start: wait_for_launch, then powering_up, then up. */
  VM_LAUNCH_MS: 2_000,
  VM_POWERING_UP_MS: 8_000,
  VM_SHUTDOWN_MS: 5_000,
  /** VdsRefreshRate: how soon the engine notices a silent host (connecting). */
  HOST_REFRESH_MS: 3_000,
  /** TimeoutToResetVdsInSeconds, DelayResetForSpmInSeconds, DelayResetPerVmInSeconds. */
  GRACE_MS: 60_000,
  GRACE_SPM_EXTRA_MS: 20_000,
  GRACE_PER_VM_MS: 500,
  /** Sanlock lease expiry after the old instance lost power or storage (DR guide: ~80 s). */
  LEASE_EXPIRY_MS: 80_000,
  /** First restart attempt of lease VMs after they went unknown, then the long retry. */
  LEASE_RESTART_DELAY_MS: 20_000,
  LEASE_RETRY_MS: 300_000,
  /** HA restart retries: RetryToRunAutoStartVm{Short,Long}IntervalInSeconds, NumOfTriesToRunFailedAutoStartVmInShortIntervals. */
  HA_RETRY_SHORT_MS: 30_000,
  HA_SHORT_TRIES: 10,
  HA_RETRY_LONG_MS: 1_800_000,
  /** MaxTimeAutoStartBlockedOnPriority. */
  HA_PRIORITY_BLOCK_MS: 600_000,
  /** HostPreparingForMaintenanceIdleTime: retry of the migrations that could not be scheduled. */
  MAINTENANCE_RETRY_MS: 300_000,
  /** AffinityRulesEnforcementManagerRegularInterval. */
  BALANCER_INTERVAL_MS: 60_000,
  /** StoragePoolRefreshTimeInSeconds: the engine looks at the SPM every 10 s (CONFIG l.650). */
  SPM_POOL_REFRESH_MS: 10_000,
  /** SPM start on the elected host (contending). */
  SPM_CONTEND_MS: 5_000,
  /** A fence (power cycle) and the boot that follows until VDSM answers. */
  FENCE_MS: 10_000,
  BOOT_MS: 120_000,
  /** The hosted-engine HA agents restart the engine VM elsewhere after its host is lost. */
  HE_RESTART_MS: 90_000,
} as const;
