/**
 * The engine's objects as the client hands them to modules: camelCase, typed, with the engine's string-encoded
 * scalars already parsed. Enum values are the API's lower-case strings; a value this client does not know is
 * passed through unchanged (newer engines add states), so compare against the maps below rather than switching
 * exhaustively. Field meanings: shared/reference/ovirt-api.md §3-§7.
 */

/** A reference to another object: `{id, href}`, with `name` when the engine (or `follow`) inlined it. */
export interface Ref {
  id: string;
  href?: string;
  name?: string;
}

/** MODEL types/HostStatus.java (§3.2). */
export const HostStatus = {
  UNASSIGNED: 'unassigned',
  DOWN: 'down',
  MAINTENANCE: 'maintenance',
  UP: 'up',
  NON_RESPONSIVE: 'non_responsive',
  ERROR: 'error',
  INSTALLING: 'installing',
  INSTALL_FAILED: 'install_failed',
  REBOOT: 'reboot',
  PREPARING_FOR_MAINTENANCE: 'preparing_for_maintenance',
  NON_OPERATIONAL: 'non_operational',
  PENDING_APPROVAL: 'pending_approval',
  INITIALIZING: 'initializing',
  CONNECTING: 'connecting',
  INSTALLING_OS: 'installing_os',
  KDUMPING: 'kdumping',
} as const;
export type HostStatus = (typeof HostStatus)[keyof typeof HostStatus];

/** MODEL types/SpmStatus.java (§3.4). */
export const SpmStatus = { NONE: 'none', CONTENDING: 'contending', SPM: 'spm' } as const;
export type SpmStatus = (typeof SpmStatus)[keyof typeof SpmStatus];

export interface HostedEngineInfo {
  isConfigured: boolean;
  isActive: boolean;
  score: number;
  isGlobalMaintenance: boolean;
  isLocalMaintenance: boolean;
}

export interface Host {
  id: string;
  name: string;
  href?: string;
  description?: string;
  comment?: string;
  address?: string;
  status: HostStatus;
  /** The maintenance reason, or the non-operational reason (§3.1). */
  statusDetail?: string;
  externalStatus?: string;
  /** -1..10; -1 means never SPM. */
  spm: { priority: number; status: SpmStatus };
  cluster?: Ref;
  type?: string;
  port?: number;
  /** Bytes. */
  memory?: number;
  maxSchedulingMemory?: number;
  summary?: { active: number; migrating: number; total: number };
  powerManagement?: { isEnabled: boolean; isAutomaticPmEnabled?: boolean; isKdumpDetection?: boolean };
  /** Only with `allContent: true` and only on hosts where the hosted-engine agent is configured. */
  hostedEngine?: HostedEngineInfo;
  isUpdateAvailable?: boolean;
  /** Names of the actions the engine offers on this host right now (`deactivate`, `activate`, …). */
  actions: string[];
}

/** MODEL types/VmStatus.java (§4.2). */
export const VmStatus = {
  UNASSIGNED: 'unassigned',
  DOWN: 'down',
  UP: 'up',
  POWERING_UP: 'powering_up',
  PAUSED: 'paused',
  MIGRATING: 'migrating',
  UNKNOWN: 'unknown',
  NOT_RESPONDING: 'not_responding',
  WAIT_FOR_LAUNCH: 'wait_for_launch',
  REBOOT_IN_PROGRESS: 'reboot_in_progress',
  SAVING_STATE: 'saving_state',
  RESTORING_STATE: 'restoring_state',
  SUSPENDED: 'suspended',
  IMAGE_LOCKED: 'image_locked',
  POWERING_DOWN: 'powering_down',
} as const;
export type VmStatus = (typeof VmStatus)[keyof typeof VmStatus];

/** MODEL types/VmAffinity.java (§4.1). */
export const VmPlacement = { MIGRATABLE: 'migratable', USER_MIGRATABLE: 'user_migratable', PINNED: 'pinned' } as const;
export type VmPlacement = (typeof VmPlacement)[keyof typeof VmPlacement];

export interface Vm {
  id: string;
  name: string;
  href?: string;
  description?: string;
  status: VmStatus;
  statusDetail?: string;
  stopReason?: string;
  /** The host it runs on; absent while the VM is not running (§4.1). */
  host?: Ref;
  cluster?: Ref;
  highAvailability: { isEnabled: boolean; priority: number };
  /** The storage domain holding the VM lease; absent when the VM has none. */
  lease?: { storageDomain: Ref };
  placementPolicy: { affinity?: VmPlacement; hosts: Ref[] };
  storageErrorResumeBehaviour?: string;
  hasNextRunConfiguration: boolean;
  /**
   * The next-run values the VM's OVF carries (read with `all_content=true`); absent when the reply has no OVF or
   * the OVF has no NEXT_RUN configuration (parse/vm-ovf.ts).
   */
  ovfNextRun?: { storageErrorResumeBehaviour?: string };
  /** Bytes. */
  memory?: number;
  /** vCPUs (`cpu.topology`: sockets × cores × threads). */
  cpuCount?: number;
  origin?: string;
  type?: string;
  /** Epoch milliseconds. */
  startTime?: number;
  stopTime?: number;
  creationTime?: number;
  actions: string[];
}

export interface Version {
  major: number;
  minor: number;
  build?: number;
  revision?: number;
  fullVersion?: string;
}

export interface Cluster {
  id: string;
  name: string;
  href?: string;
  description?: string;
  dataCenter?: Ref;
  cpu?: { architecture?: string; type?: string };
  version?: Version;
  /** What happens to VMs of a host that turns non-operational: migrate | do_not_migrate | migrate_highly_available. */
  errorHandling?: { onError?: string };
  fencingPolicy?: {
    isEnabled: boolean;
    isSkipIfSdActive?: boolean;
    isSkipIfConnectivityBroken?: boolean;
    connectivityThreshold?: number;
  };
  schedulingPolicy?: Ref;
  /** How far the scheduler lets committed VM memory exceed a host's physical memory (100: not at all). */
  memoryPolicy?: { overCommitPercent?: number };
  isHaReservation?: boolean;
  isUpgradeInProgress?: boolean;
}

/** MODEL types/DataCenterStatus.java (§6.1). */
export const DataCenterStatus = {
  UNINITIALIZED: 'uninitialized',
  UP: 'up',
  MAINTENANCE: 'maintenance',
  NOT_OPERATIONAL: 'not_operational',
  PROBLEMATIC: 'problematic',
  CONTEND: 'contend',
} as const;
export type DataCenterStatus = (typeof DataCenterStatus)[keyof typeof DataCenterStatus];

export interface DataCenter {
  id: string;
  name: string;
  href?: string;
  description?: string;
  status: DataCenterStatus;
  isLocal: boolean;
  version?: Version;
  storageFormat?: string;
  quotaMode?: string;
}

/** MODEL types/StorageDomainStatus.java (§6.3): meaningful per data center only. */
export const StorageDomainStatus = {
  ACTIVE: 'active',
  INACTIVE: 'inactive',
  LOCKED: 'locked',
  MIXED: 'mixed',
  UNATTACHED: 'unattached',
  MAINTENANCE: 'maintenance',
  PREPARING_FOR_MAINTENANCE: 'preparing_for_maintenance',
  DETACHING: 'detaching',
  ACTIVATING: 'activating',
  UNKNOWN: 'unknown',
} as const;
export type StorageDomainStatus = (typeof StorageDomainStatus)[keyof typeof StorageDomainStatus];

export interface StorageDomain {
  id: string;
  name: string;
  href?: string;
  description?: string;
  /** The role: data, iso, export, … */
  type?: string;
  /** Present at top level only for unattached domains; per data center always (§6.3). */
  status?: StorageDomainStatus;
  isMaster: boolean;
  externalStatus?: string;
  storageFormat?: string;
  storage?: { type?: string; address?: string; path?: string };
  /** Bytes. */
  available?: number;
  used?: number;
  committed?: number;
  dataCenters: Ref[];
}

export interface AffinityRule {
  isEnabled: boolean;
  isPositive: boolean;
  /** Hard (true) or soft (false). */
  isEnforcing: boolean;
}

export interface AffinityGroup {
  id: string;
  name: string;
  href?: string;
  description?: string;
  cluster?: Ref;
  priority?: number;
  vmsRule: AffinityRule;
  hostsRule: AffinityRule;
  /** True when a rule is currently unsatisfied (4.4.8+); undefined when the engine does not say. */
  isBroken?: boolean;
  vms: Ref[];
  hosts: Ref[];
}

/** MODEL types/JobStatus.java (§7.2). */
export const JobStatus = {
  STARTED: 'started',
  FINISHED: 'finished',
  FAILED: 'failed',
  ABORTED: 'aborted',
  UNKNOWN: 'unknown',
} as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

export interface Job {
  id: string;
  href?: string;
  description?: string;
  status: JobStatus;
  isExternal: boolean;
  isAutoCleared: boolean;
  /** Epoch milliseconds. */
  startTime?: number;
  endTime?: number;
  lastUpdated?: number;
  owner?: Ref;
}

export interface Event {
  id: string;
  /** Strictly increasing; pass the highest seen as `from` to get only newer events. */
  index: number;
  code: number;
  severity?: string;
  description?: string;
  /** Epoch milliseconds. */
  time?: number;
  correlationId?: string;
  origin?: string;
  customId?: number;
  host?: Ref;
  /** A host the event names without an id (the engine's 204 IRS_HOSTED_ON_VDS names the SPM by its address). */
  hostName?: string;
  vm?: Ref;
  cluster?: Ref;
  dataCenter?: Ref;
  storageDomain?: Ref;
  user?: Ref;
}

/** MODEL types/CreationStatus.java: the status of an action reply (§7.1). */
export const ActionStatus = {
  PENDING: 'pending',
  IN_PROGRESS: 'in_progress',
  COMPLETE: 'complete',
  FAILED: 'failed',
} as const;
export type ActionStatus = (typeof ActionStatus)[keyof typeof ActionStatus];

/** What an action (deactivate, migrate, …) returned. `complete` means the command ran, not that the world
 * reached its target state: poll the object (§7.1). */
export interface ActionResult {
  status: ActionStatus;
  job?: Ref;
  /** The correlation id the engine recorded for this write. */
  correlationId: string;
}
