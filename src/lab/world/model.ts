/**
 * The lab world's data: plain, JSON-serialisable records. Behaviour lives in the sibling files; the API layer
 * renders these records in the engine's representation.
 */
import type { SiteRole } from '../../inventory/types';
import type { ClockSnapshot } from './clock';

/** Host statuses, as the API names them (MODEL types/HostStatus.java). */
export const HostStatus = {
  UP: 'up',
  DOWN: 'down',
  MAINTENANCE: 'maintenance',
  NON_RESPONSIVE: 'non_responsive',
  NON_OPERATIONAL: 'non_operational',
  ERROR: 'error',
  INSTALLING: 'installing',
  INSTALL_FAILED: 'install_failed',
  REBOOT: 'reboot',
  PREPARING_FOR_MAINTENANCE: 'preparing_for_maintenance',
  UNASSIGNED: 'unassigned',
  INITIALIZING: 'initializing',
  CONNECTING: 'connecting',
} as const;
export type HostStatus = (typeof HostStatus)[keyof typeof HostStatus];

/**
 * Statuses in which the engine monitors a host, and so notices it going silent (a lost host, or one the engine's
 * first refreshes after its start find silent).
 */
export const MONITORED_HOST_STATUSES: readonly HostStatus[] = [
  HostStatus.UP,
  HostStatus.PREPARING_FOR_MAINTENANCE,
  HostStatus.MAINTENANCE,
  HostStatus.INITIALIZING,
  HostStatus.UNASSIGNED,
  HostStatus.NON_OPERATIONAL,
  HostStatus.ERROR,
];

/** VM statuses, as the API names them (MODEL types/VmStatus.java). */
export const VmStatus = {
  UP: 'up',
  DOWN: 'down',
  MIGRATING: 'migrating',
  UNKNOWN: 'unknown',
  WAIT_FOR_LAUNCH: 'wait_for_launch',
  POWERING_UP: 'powering_up',
  POWERING_DOWN: 'powering_down',
} as const;
export type VmStatus = (typeof VmStatus)[keyof typeof VmStatus];

export const SpmStatus = { NONE: 'none', CONTENDING: 'contending', SPM: 'spm' } as const;
export type SpmStatus = (typeof SpmStatus)[keyof typeof SpmStatus];

export const DataCenterStatus = {
  UNINITIALIZED: 'uninitialized',
  UP: 'up',
  PROBLEMATIC: 'problematic',
  NOT_OPERATIONAL: 'not_operational',
  CONTEND: 'contend',
} as const;
export type DataCenterStatus = (typeof DataCenterStatus)[keyof typeof DataCenterStatus];

export const PlacementAffinity = {
  MIGRATABLE: 'migratable',
  USER_MIGRATABLE: 'user_migratable',
  PINNED: 'pinned',
} as const;
export type PlacementAffinity = (typeof PlacementAffinity)[keyof typeof PlacementAffinity];

export const ResumeBehaviour = { AUTO_RESUME: 'auto_resume', LEAVE_PAUSED: 'leave_paused', KILL: 'kill' } as const;
export type ResumeBehaviour = (typeof ResumeBehaviour)[keyof typeof ResumeBehaviour];

export const JobStatus = { STARTED: 'started', FINISHED: 'finished', FAILED: 'failed' } as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

export const Severity = { NORMAL: 'normal', WARNING: 'warning', ERROR: 'error', ALERT: 'alert' } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

/** What physically happens to a simulated machine, independent of what the engine believes. */
export interface PhysicalState {
  isPoweredOn: boolean;
  /** Cut off from the network (management and storage). */
  isCutOff: boolean;
  /** Powered on but still booting (does not answer yet). */
  isBooting?: boolean;
}

export interface HostRecord {
  id: string;
  name: string;
  address: string;
  site?: SiteRole;
  clusterId: string;
  status: HostStatus;
  statusDetail?: string;
  spmPriority: number;
  spmStatus: SpmStatus;
  memory: number;
  sshPort: number;
  comment: string;
  description: string;
  isPmEnabled: boolean;
  /**
   * The hosted-engine HA agent is deployed on this host (`hosted-engine --deploy`, or host-deploy with
   * deploy_hosted_engine): the engine's `hosted_engine.configured` (hosted-engine-deploy.ts).
   */
  isHostedEngine: boolean;
  isLocalMaintenance: boolean;
  physical: PhysicalState;
  /** Virtual time the engine last heard from the host while it was unreachable (for grace periods). */
  lostAt?: number;
  /** VMs physically still running on the host while the engine cannot see them (cut off). */
  isolatedVmIds: string[];
  /** The status to return to when the host answers again after a loss (maintenance stays maintenance). */
  resumeStatus?: HostStatus;
  /** vdsm on the host lost its SPM role behind the engine's back (power cycle, storage lease expired). */
  isSpmLost?: boolean;
  /** CPU topology (capacity.ts DEFAULT_HOST_CPU when absent). */
  cpu?: HostCpu;
  /** Injected CPU load in percent, and since when it is above the overload threshold. */
  cpuLoad?: number;
  cpuOverloadedSince?: number;
}

export interface HostCpu {
  sockets: number;
  coresPerSocket: number;
  threadsPerCore: number;
}

export interface VmRecord {
  id: string;
  name: string;
  clusterId: string;
  /** The inventory site the VM belongs to ("home"); undefined for the hosted-engine VM. */
  site?: SiteRole;
  memory: number;
  /** Virtual CPUs (1 when absent, a new VM's default). */
  cpus?: number;
  status: VmStatus;
  hostId?: string;
  migratingToHostId?: string;
  /** When the engine asked vdsm for the current migration (virtual ms); it may wait for a slot (migration.ts). */
  migrationQueuedAt?: number;
  /** When its memory transfer started; absent while it waits for a slot. */
  migrationStartedAt?: number;
  /** Its destination had no incoming slot: vdsm tries again at this time. */
  migrationRetryAt?: number;
  /** The migration command's reason (62 for the user, else 67 with it), kept for its re-runs. */
  migrationReason?: string;
  /** Destinations the migration command tried, the current one last (MigrateVmCommand's run list). */
  migrationTriedHostIds?: string[];
  /** The user named the destination (MigrateVmToServer): no re-run elsewhere. */
  isMigrationToServer?: boolean;
  /** Bytes per second the guest dirties its memory (fault injection); default the knob vm_dirty_rate. */
  dirtyRate?: number;
  haEnabled: boolean;
  haPriority: number;
  leaseStorageDomainId?: string;
  placementAffinity: PlacementAffinity;
  placementHostIds: string[];
  resumeBehaviour: ResumeBehaviour;
  origin: 'ovirt' | 'managed_hosted_engine';
  description: string;
  comment: string;
  creationTime: number;
  startTime?: number;
  stopTime?: number;
  stopReason?: string;
  /** Next-run configuration pending (changes that apply only after a restart). */
  nextRun?: { resumeBehaviour?: ResumeBehaviour };
  /** When the engine lost certainty about the VM (host non-responsive): virtual ms. */
  unknownSince?: number;
  /** When the VM's old instance lost its lease for sure (sanlock expiry): virtual ms. */
  leaseFreeAt?: number;
  /** Queued for an HA restart since (virtual ms); the number of failed attempts. */
  restartQueuedAt?: number;
  restartAttempts?: number;
  /** Earliest virtual time of the next restart attempt. */
  nextRestartAt?: number;
  /** Who started the VM's current launch (decides the events at launch and when up). */
  launcher?: 'user' | 'engine' | 'agent';
  /** Stopped by a user: HA does not restart it. */
  isStoppedByUser?: boolean;
}

export interface AffinityRule {
  enabled: boolean;
  positive: boolean;
  enforcing: boolean;
}

export interface AffinityGroupRecord {
  id: string;
  clusterId: string;
  name: string;
  description: string;
  priority: number;
  vmsRule: AffinityRule;
  hostsRule: AffinityRule;
  vmIds: string[];
  hostIds: string[];
}

export interface StorageDomainRecord {
  id: string;
  name: string;
  site?: SiteRole;
  dataCenterId: string;
  isMaster: boolean;
  address: string;
  path: string;
  available: number;
  used: number;
  committed: number;
  /** Failed explicitly by a test (`world.failStorage`). */
  isFailed: boolean;
}

export interface DataCenterRecord {
  id: string;
  name: string;
  description: string;
  status: DataCenterStatus;
  /** The host forceselectspm prefers at the next election. */
  preferredSpmHostId?: string;
}

export interface ClusterRecord {
  id: string;
  name: string;
  description: string;
  dataCenterId: string;
  /** memory_policy.over_commit.percent (the memory_over_commit knob when absent). */
  memoryOverCommit?: number;
}

export interface JobRecord {
  id: string;
  description: string;
  status: JobStatus;
  correlationId: string;
  startTime: number;
  endTime?: number;
  lastUpdated: number;
  /** What the job waits for before it finishes (e.g. a host reaching maintenance); absent = finished at once. */
  awaiting?: JobAwait;
}

export interface JobAwait {
  hostId?: string;
  vmId?: string;
  /** Statuses of that host or VM that finish the job, and those that fail it. */
  doneOn: string[];
  failOn: string[];
}

export interface EventRecord {
  id: number;
  code: number;
  severity: Severity;
  description: string;
  time: number;
  correlationId?: string;
  hostId?: string;
  /** A host linked by name only (the engine's 204 names the SPM host by its address, without an id). */
  hostName?: string;
  vmId?: string;
  clusterId?: string;
  dataCenterId?: string;
  storageDomainId?: string;
}

/** An inventory host that the engine does not know yet (not added with POST /hosts). */
export interface PendingHost {
  name: string;
  address: string;
  site?: SiteRole;
  memory: number;
  cpu?: HostCpu;
  /** The machine still has the hosted-engine agent from an earlier deployment (a removed host). */
  isHostedEngineDeployed?: boolean;
  physical: PhysicalState;
}

/** The engine as a process: a self-hosted engine dies with its VM (engine-behaviour.md row 23). */
export interface EngineRecord {
  isUp: boolean;
  /** When the running engine started (fencing waits `fence_disabled_after_start` after it); absent: long ago. */
  startedAt?: number;
  /** When it died. */
  downSince?: number;
  /** The host the engine VM ran on before it died (the engine fences it even at start-up). */
  previousHostId?: string;
}

export interface WorldState {
  version: 1;
  seed: number;
  rngState: number;
  engineKind: 'standalone' | 'self-hosted';
  /** Whether the storage is replicated between the sites (a site's domains survive its loss). */
  isStorageReplicated: boolean;
  dataCenter: DataCenterRecord;
  cluster: ClusterRecord;
  hosts: HostRecord[];
  pendingHosts: PendingHost[];
  storageDomains: StorageDomainRecord[];
  vms: VmRecord[];
  /** Inventory VMs not imported yet (they appear once a host of their site is up). */
  pendingVms: { name: string; site: SiteRole; memory: number; cpus?: number }[];
  affinityGroups: AffinityGroupRecord[];
  /** Whole-site outages injected by tests (a site's storage is lost with it unless replicated). */
  siteOutages: Partial<Record<SiteRole, PhysicalState>>;
  heGlobalMaintenance: boolean;
  /** Absent in worlds saved before the engine could die: up. */
  engine?: EngineRecord;
  /** An injected SPM task runs until this virtual time (spm-tasks.ts). */
  spmTaskUntil?: number;
  jobs: JobRecord[];
  events: EventRecord[];
  nextEventId: number;
  clock: ClockSnapshot;
}
