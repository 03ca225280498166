/**
 * The lab's timings and limits ("knobs"): one entry per knob, with the engine's default and where that default
 * comes from. An inventory sets them under `lab.knobs` (snake_case names: `host_refresh: 3s`); the lab reads the
 * resolved values (`resolveLabKnobs`). Durations are in milliseconds, rates in bytes per second.
 *
 * Sources (docs/lab-engine.md lists the commits): ENGINE = oVirt/ovirt-engine @0111fc6, CONFIG = its
 * packaging/dbscripts/upgrade/pre_upgrade/0000_config.sql, VDSM = oVirt/vdsm @fd4b0df, SANLOCK = nirs/sanlock
 * @1b306f0, HE-HA = oVirt/ovirt-hosted-engine-ha @9d39eb0, LIBVIRT = libvirt/libvirt @06dbfa6; "row N" is a row of
 * shared/reference/engine-behaviour.md. A knob without an engine figure says "lab choice" and why.
 */

export const KnobKind = {
  DURATION: 'duration',
  COUNT: 'count',
  RATE: 'rate',
  SIZE: 'size',
  CHOICE: 'choice',
} as const;
export type KnobKind = (typeof KnobKind)[keyof typeof KnobKind];

interface KnobBase {
  description: string;
  /** Where the default comes from (file and line at a commit), or why the lab chose it. */
  source: string;
}
export interface DurationKnob extends KnobBase {
  kind: 'duration';
  /** A duration as users write it (`3s`, `5m`). */
  default: string;
  /** The smallest value allowed (default 0). */
  min?: string;
}
export interface CountKnob extends KnobBase {
  kind: 'count';
  default: number;
  min: number;
  max?: number;
}
export interface RateKnob extends KnobBase {
  kind: 'rate';
  /** Bytes per second as users write it (`52MiB/s`). */
  default: string;
  /** 0/s is a valid value (else a rate must be positive). */
  isZeroAllowed?: boolean;
}
export interface SizeKnob extends KnobBase {
  kind: 'size';
  /** Bytes as users write them (`4MiB`). */
  default: string;
  /** 0 is a valid value (else a size must be positive). */
  isZeroAllowed?: boolean;
}
export interface ChoiceKnob extends KnobBase {
  kind: 'choice';
  choices: readonly string[];
  default: string;
}
export type KnobSpec = DurationKnob | CountKnob | RateKnob | SizeKnob | ChoiceKnob;

const duration = (value: string, description: string, source: string, min?: string): DurationKnob => ({
  kind: 'duration',
  default: value,
  description,
  source,
  ...(min !== undefined ? { min } : {}),
});
const count = (value: number, description: string, source: string, min = 0): CountKnob => ({
  kind: 'count',
  default: value,
  min,
  description,
  source,
});
const rate = (value: string, description: string, source: string, isZeroAllowed = false): RateKnob => ({
  kind: 'rate',
  default: value,
  description,
  source,
  ...(isZeroAllowed ? { isZeroAllowed } : {}),
});
const size = (value: string, description: string, source: string, isZeroAllowed = false): SizeKnob => ({
  kind: 'size',
  default: value,
  description,
  source,
  ...(isZeroAllowed ? { isZeroAllowed } : {}),
});
function choice<C extends string>(choices: readonly C[], value: C, description: string, source: string) {
  return { kind: 'choice' as const, choices, default: value, description, source };
}

/** Every knob, in the order docs list them. Keys are camelCase here and snake_case in YAML. */
export const LAB_KNOBS = {
  hostRefresh: duration(
    '3s',
    'How often the engine polls each host (VdsRefreshRate): a silent host is noticed (connecting) one refresh later.',
    'CONFIG l.1166 VdsRefreshRate=3 (row 12)',
    '100ms'
  ),
  hostGrace: duration(
    '60s',
    'Grace period before a silent host becomes non-responsive (TimeoutToResetVdsInSeconds).',
    'CONFIG l.659; ENGINE VdsManager.java calcTimeoutToFence l.891-899 (row 12)'
  ),
  hostGraceSpm: duration('20s', 'Extra grace for the SPM host (DelayResetForSpmInSeconds).', 'CONFIG l.660 (row 12)'),
  hostGracePerVm: duration(
    '500ms',
    'Extra grace per VM on the host (DelayResetPerVmInSeconds); the engine truncates the sum to whole seconds.',
    'CONFIG l.661; VdsManager.java l.891-899 (row 12)'
  ),
  unknownVmFirstTryRefreshes: count(
    10,
    'Refreshes after a host goes non-responsive before the first restart try of its VMs with a lease (NumberVdsRefreshesBeforeTryToStartUnknownVms); the try comes on the 9th refresh after, the engine counting from -10.',
    'CONFIG l.361; VDSB VdsManager.java handleNetworkException l.907-947, restartVmsWithLeaseIfNeeded l.953-971 (row 13)',
    1
  ),
  unknownVmRetryRefreshes: count(
    100,
    'Refreshes skipped between restart tries of VMs with a lease (NumberVdsRefreshesBeforeRetryToStartUnknownVms): a try every 101 refreshes.',
    'CONFIG l.362; VDSB VdsManager.java l.958-964 (row 13)'
  ),
  leaseAcquire: choice(
    ['wait', 'fail'] as const,
    'wait',
    "A restart on another host while the VM's lease is still held by a dead host: `wait` (libvirt's acquire blocks until sanlock frees the lease; the VM stays wait_for_launch) or `fail` (the try fails, 507; the next try comes a retry later).",
    'LIBVIRT src/locking/lock_driver_sanlock.c virLockManagerSanlockAcquire: sanlock_acquire(sock, pid, 0, ...) without SANLK_ACQUIRE_OWNER_NOWAIT; SANLOCK src/paxos_lease.c l.1924-1952: without it, acquire sleeps until host_dead_seconds (row 14)'
  ),
  sanlockIoTimeout: duration(
    '10s',
    "sanlock's io_timeout: hosts renew their lease every 2 x io_timeout, a host that cannot renew kills its lease holders after 8 x io_timeout, and another host may take a dead host's lease 8 x io_timeout + watchdog_fire_timeout after it last saw it alive.",
    'VDSM lib/vdsm/common/config.py.in l.486 io_timeout=10; SANLOCK src/timeouts.c l.70-83 (row 14)',
    '1s'
  ),
  sanlockWatchdogFireTimeout: duration(
    '60s',
    "sanlock's watchdog_fire_timeout, the second part of host_dead_seconds = 8 x io_timeout + watchdog_fire_timeout.",
    'SANLOCK src/sanlock_internal.h l.318 DEFAULT_WATCHDOG_FIRE_TIMEOUT 60; src/timeouts.c l.70-74 (row 14)'
  ),
  leaseRenewalPhase: choice(
    ['late', 'on-failure', 'early'] as const,
    'late',
    "When the surviving hosts last saw the dead host renew (sanlock's last_live), which starts host_dead_seconds: `late` = one renewal interval (2 x io_timeout) after the failure (a renewal just before it, seen at the next check; a lease is free 161 s after the failure with the defaults), `on-failure` (141 s), `early` = one interval before it (121 s).",
    'SANLOCK src/lockspace.c l.477 (last_live = the check that saw the renewal), src/paxos_lease.c l.1796 (wait_start = last_live) and l.1926 (acquire once now - wait_start > host_dead_seconds, checked every second); lab choice: the latest phase'
  ),
  haRetryShort: duration(
    '30s',
    'Retry of an HA restart that found no host, first tries (RetryToRunAutoStartVmShortIntervalInSeconds).',
    'CONFIG l.718 (row 16)'
  ),
  haShortTries: count(
    10,
    'Number of short-interval retries (NumOfTriesToRunFailedAutoStartVmInShortIntervals).',
    'CONFIG l.722 (row 16)'
  ),
  haRetryLong: duration(
    '30m',
    'Retry after the short tries (RetryToRunAutoStartVmLongIntervalInSeconds).',
    'CONFIG l.720 (row 16)'
  ),
  haPriorityBlock: duration(
    '10m',
    'How long lower-priority HA VMs wait for higher ones to start (MaxTimeAutoStartBlockedOnPriority).',
    'CONFIG l.727 (row 16)'
  ),
  fenceDisabledAfterStart: duration(
    '5m',
    'After the engine starts it fences no host but the one its VM ran on before, for this long (DisableFenceAtStartupInSec); it alerts (9003) instead.',
    'CONFIG l.101; BLL pm/VdsNotRespondingTreatmentCommand.java l.136-144, validator/FenceValidator.java l.38-44 (row 23)'
  ),
  heHostAliveTimeout: duration(
    '60s',
    "The hosted-engine agents take a host for dead when its metadata has not changed for this long (HOST_ALIVE_TIMEOUT_SECS); with the agent's loop they notice the engine VM's host is gone loop + this + loop after it died.",
    'HE-HA ovirt_hosted_engine_ha/agent/constants.py.in l.43; agent/state_machine.py l.89-111 (row 23)'
  ),
  heAgentLoop: duration(
    '10s',
    "The hosted-engine agent's cycle (LOOP_DELAY).",
    'HE-HA ovirt_hosted_engine_ha/env/constants.py.in l.78; lib/fsm/machine.py l.133-138 (row 23)',
    '1s'
  ),
  heVmBoot: duration(
    '60s',
    'The engine VM booting, once it holds its lease, until its OS runs.',
    'lab choice [UNCONFIRMED]: a pessimistic guess; the agents allow ENGINE_STARTING_TIMEOUT=600 s for boot and start (HE-HA agent/constants.py.in l.53)'
  ),
  engineStart: duration(
    '2m',
    'ovirt-engine starting in the booted engine VM until its API answers.',
    'lab choice [UNCONFIRMED]: a pessimistic guess; the agents allow ENGINE_STARTING_TIMEOUT=600 s (HE-HA agent/constants.py.in l.53)'
  ),
  maintenanceRetry: duration(
    '5m',
    'A host stuck in preparing_for_maintenance is retried this often (HostPreparingForMaintenanceIdleTime).',
    'CONFIG l.178; VDSB monitoring/HostMonitoring.java l.879-894 (rows 9, 17)'
  ),
  maxMigrations: count(
    2,
    "Concurrent outgoing and incoming migrations per host: the cluster migration policy's maxMigrations (Minimal downtime), which the engine sends to vdsm as both limits; the rest wait.",
    'CONFIG l.837-838 "maxMigrations":2; BLL MigrateVmCommand.java l.419-437; VDSM lib/vdsm/virt/migration.py l.487-546, vm.py l.968 (row 17)',
    1
  ),
  migrationTries: count(
    3,
    'Destinations the engine tries for one migration: a failed one is re-run to another host (128) until this many were tried (MaxRerunVmOnVdsCount); a migration to a host the user named is not re-run.',
    'CONFIG l.347 MaxRerunVmOnVdsCount=3; BLL MigrateVmCommand.java l.999-1024, RunVmCommandBase.java l.150-185, MigrateVmToServerCommand.java l.70-80',
    1
  ),
  migrationBandwidth: rate(
    '52MiB/s',
    "Bandwidth of one migration. The engine's default limit (AUTO) is the migration NIC's link speed / 8 / maxMigrations, and vdsm's migration_max_bandwidth when the link speed is unknown, as for the lab's hosts; set it to rehearse e.g. 10 GbE (625MiB/s).",
    'VDSM lib/vdsm/common/config.py.in l.76 migration_max_bandwidth=52; ENGINE BLL MigrateVmCommand.java l.502-520, common businessentities/MigrationBandwidthLimitType.java DEFAULT=AUTO (row 17)'
  ),
  vmDirtyRate: rate(
    '8MiB/s',
    'How fast a running guest dirties its memory (per VM: `runbook lab dirty-rate VM RATE`); a rate near the bandwidth never converges and the migration aborts.',
    'lab choice: no engine figure (a property of the workload); a lightly loaded guest',
    true
  ),
  migrationTcpWindow: size(
    '4MiB',
    'Data one migration stream keeps in flight per round trip: between the sites a migration moves at most this per the inventory lab latency.',
    "lab choice: Linux's default tcp_wmem maximum (4 MiB) bounds a sender's data in flight"
  ),
  migrationSetup: duration(
    '2s',
    'Preparing the destination before memory moves (VM created on the target, ports open).',
    'lab choice [UNCONFIRMED]: no engine figure'
  ),
  migrationMonitorInterval: duration(
    '10s',
    "How often vdsm's migration monitor applies the policy's convergence schedule (at most one step a tick, after a new memory iteration).",
    'VDSM lib/vdsm/common/config.py.in l.83; lib/vdsm/virt/migration.py l.932-1023 (row 17)',
    '1s'
  ),
  migrationRetry: duration(
    '10s',
    "A migration whose destination has no incoming slot waits this long before trying again (vdsm's migration_retry_timeout).",
    'VDSM lib/vdsm/common/config.py.in l.117; lib/vdsm/virt/migration.py l.537-546, vm.py l.968 (row 17)',
    '1s'
  ),
  affinityEnforcementInterval: duration(
    '1m',
    'How often the affinity rules enforcer runs (AffinityRulesEnforcementManagerRegularInterval, minutes).',
    'CONFIG l.55; BLL scheduling/AffinityRulesEnforcementManager.java l.76-101 (row 20)',
    '1s'
  ),
  hostInstall: duration('45s', 'Host deploy (POST /hosts) until installed.', 'lab choice: no engine figure'),
  hostInitializing: duration('5s', 'initializing after an install, until up.', 'lab choice: no engine figure'),
  activateUnassigned: duration('2s', 'activate: unassigned, then initializing.', 'lab choice: no engine figure'),
  activateInitializing: duration('3s', 'activate: initializing, then up.', 'lab choice: no engine figure'),
  vmLaunch: duration('2s', 'A VM start: wait_for_launch, then powering_up.', 'lab choice: no engine figure'),
  vmPoweringUp: duration('8s', 'A VM start: powering_up, then up.', 'lab choice: no engine figure'),
  vmShutdown: duration('5s', 'A guest shutdown, until down.', 'lab choice: no engine figure'),
  spmPoolRefresh: duration(
    '10s',
    'How often the engine looks at the SPM (StoragePoolRefreshTimeInSeconds): a silent SPM makes the data center problematic (980), a stopped or lost one is re-elected, at the next refresh; the lab takes the whole period.',
    'CONFIG l.650; VDSB irsbroker/IrsProxyImpl.java l.221-232, 292-350 (row 2)',
    '1s'
  ),
  spmContend: duration(
    '5s',
    'SPM start on the elected host (contending).',
    'lab choice: SpmStart is a synchronous vdsm call of unknown length (row 2)'
  ),
  hostReservedMemory: size(
    '321MiB',
    'Memory each host keeps from VMs: vdsm reports host_mem_reserve + extra_mem_reserve as reservedMem, which the scheduler subtracts.',
    'VDSM lib/vdsm/host/caps.py l.122-126, lib/vdsm/common/config.py.in l.40-47; ENGINE VDS.java l.1325-1335 (row 18)'
  ),
  hostGuestOverhead: size(
    '65MiB',
    "vdsm's guestOverhead (guest_ram_overhead), which the engine counts in each host's committed memory.",
    'VDSM lib/vdsm/host/caps.py l.126, config.py.in l.44; ENGINE VDSB monitoring/HostMonitoring.java l.906 (row 18)'
  ),
  memoryOverCommit: count(
    100,
    "The cluster's memory over-commit, percent of a host's physical memory the scheduler may commit (memory_policy.over_commit.percent).",
    'ENGINE BLL ClusterOperationCommandBase.java l.132-136, VDS.java l.1325-1335 (row 18)',
    1
  ),
  vmVideoRam: size(
    '72MiB',
    'Video RAM counted in each VM\'s overhead: a QXL head of the default "other" OS (16 MiB base x4 RAM + 8 MiB VRAM); 16MiB for VGA.',
    'ENGINE BLL utils/VmOverheadCalculatorImpl.java l.144-150, VideoDeviceSettings.java l.44-48, VgamemVideoSettings.java l.25-46; packaging/conf/osinfo-defaults.properties l.65 (spice/qxl first) (row 18) [INFERRED]'
  ),
  vmIoThreads: count(
    1,
    "I/O threads of each VM (8 MiB of overhead each): a new VM's default.",
    'ENGINE common businessentities/VmBase.java l.423; BLL utils/VmOverheadCalculatorImpl.java l.147 (row 18)'
  ),
  hostOsMemory: size(
    '1GiB',
    "Physical memory a host's own processes (OS, vdsm, sanlock, libvirt) use, outside VMs: the physical check sees the rest, less the VMs' memory and static overhead, as free.",
    'lab choice [UNCONFIRMED]: the engine reads memFree from vdsm; ENGINE BLL scheduling/SlaValidator.java l.36-80 (row 18)'
  ),
  hostSwap: size(
    '0B',
    'Free swap per host, which the physical memory check adds to free memory.',
    'lab choice: the pessimistic reading; ENGINE BLL scheduling/SlaValidator.java l.73-74 (row 18)',
    true
  ),
  cpuHighUtilization: count(
    80,
    'A host whose CPU load is above this percent for cpu_overcommit_duration is filtered out (CPUOverloaded, HighUtilization of the "none" policy).',
    'ENGINE BLL scheduling/InternalClusterPolicies.java l.80-81, policyunits/CpuOverloadPolicyUnit.java l.48-75 (row 18)',
    1
  ),
  cpuOvercommitDuration: duration(
    '2m',
    'How long a host must stay above cpu_high_utilization before CPUOverloaded filters it out (CpuOverCommitDurationMinutes of the "none" policy).',
    'ENGINE BLL scheduling/InternalClusterPolicies.java l.80 (row 18)'
  ),
  fence: duration('10s', 'A power-management power cycle, until the host boots.', 'lab choice: no engine figure'),
  hostBoot: duration('2m', 'A host booting until vdsm answers.', 'lab choice: no engine figure'),
} as const satisfies Record<string, KnobSpec>;

export type LabKnobName = keyof typeof LAB_KNOBS;
type KnobValue<S> = S extends { kind: 'choice'; choices: readonly (infer C)[] } ? C : number;
/** Every knob resolved: durations in ms, rates in bytes per second, counts, choices. */
export type LabKnobs = { -readonly [K in LabKnobName]: KnobValue<(typeof LAB_KNOBS)[K]> };

export const LAB_KNOB_NAMES = Object.keys(LAB_KNOBS) as LabKnobName[];

/** `hostGracePerVm` -> `host_grace_per_vm` (the YAML name). */
export function knobYamlName(name: LabKnobName): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
