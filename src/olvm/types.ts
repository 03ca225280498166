/**
 * The engine API client's public surface, as modules see it. Implemented in src/olvm on axios; create one with
 * `createOlvmClient` / `createOlvmClientFromInventory` (src/olvm/index.ts).
 *
 * Reads accept `search` (a raw engine query or `{ field: value }` criteria), `max`, `follow`; they are retried
 * with backoff on connection errors and 502/503/504. Writes need a correlation id (the engine tags its jobs and
 * events with it; the journal records it), are never repeated automatically, and throw `ReadOnlyViolationError`
 * before any I/O when the client is read-only (dry-run). Every failure is an `OlvmApiError`.
 */
import type {
  AffinityGroupPatch,
  AffinityGroupSpec,
  HostPatch,
  HostSpec,
  ReinstallSpec,
  Selector,
  VmPatch,
} from './bodies';
import type {
  ActionResult,
  AffinityGroup,
  Cluster,
  DataCenter,
  Event,
  Host,
  HostStatus,
  Job,
  Ref,
  StorageDomain,
  Version,
  Vm,
  VmStatus,
} from './model';
import type { WaitClock } from './engine-clock';
import type { QueryOptions } from './search';
import type { WaitOptions } from './wait';

export * from './model';
export type {
  AffinityGroupPatch,
  AffinityGroupSpec,
  HostPatch,
  HostSpec,
  PowerManagementPatch,
  ReinstallSpec,
  Selector,
  VmPatch,
} from './bodies';
export type { QueryOptions, SearchCriteria, SearchValue } from './search';
export type { PollState, WaitOptions } from './wait';
export type { WaitClock } from './engine-clock';

export interface ReadOptions {
  signal?: AbortSignal;
}

export interface ListOptions extends ReadOptions, Omit<QueryOptions, 'from'> {}

export interface GetOptions extends ReadOptions {
  follow?: string | readonly string[];
  /** Include expensive attributes (hosts: `hosted_engine`). */
  allContent?: boolean;
  /** VMs: the next-run configuration (changes that wait for a restart) instead of the running one (§4.3). */
  nextRun?: boolean;
}

export interface WriteOptions {
  /** Tags the engine's job and events; sanitised to the engine's form ([0-9a-zA-Z_-], at most 36). */
  correlationId: string;
  signal?: AbortSignal;
}

export interface StatusWaitOptions<S extends string> extends WaitOptions {
  /** Statuses that end the wait with an error (`install_failed` while awaiting `up`). */
  failOn?: readonly S[];
}

/** Lookups every top-level collection offers. */
export interface ReadableCollection<T> {
  list(options?: ListOptions): Promise<T[]>;
  get(id: string, options?: GetOptions): Promise<T>;
  /** The object with exactly this name (the engine's search is case-insensitive; this is not), or undefined. */
  findByName(name: string, options?: GetOptions): Promise<T | undefined>;
}

export interface HostsResource extends ReadableCollection<Host> {
  /**
   * POST /hosts: the engine installs the host in the background; wait for `up` (or `maintenance`).
   * `isDeployHostedEngine` also deploys the hosted-engine HA agent (`?deploy_hosted_engine=true`, §3.3).
   */
  add(
    spec: HostSpec,
    options: WriteOptions & { isActivate?: boolean; isReboot?: boolean; isDeployHostedEngine?: boolean }
  ): Promise<Host>;
  /** Reinstall a host in maintenance (§3.6): it ends in maintenance unless `isActivate`. */
  install(id: string, spec: ReinstallSpec, options: WriteOptions): Promise<ActionResult>;
  update(id: string, patch: HostPatch, options: WriteOptions): Promise<Host>;
  /** Maintenance: VMs migrate away; the host goes preparing_for_maintenance → maintenance. */
  deactivate(id: string, options: WriteOptions & { reason?: string }): Promise<ActionResult>;
  activate(id: string, options: WriteOptions): Promise<ActionResult>;
  /** DELETE /hosts/{id}: the engine refuses while the host is operational (put it in maintenance first). */
  remove(id: string, options: WriteOptions & { isForce?: boolean }): Promise<void>;
  /** Make this host the SPM of its data center at the next election. */
  forceSelectSpm(id: string, options: WriteOptions): Promise<ActionResult>;
  /** "Confirm host has been rebooted" (fence_type=manual): releases its VMs and SPM role. */
  confirmManualFence(id: string, options: WriteOptions): Promise<ActionResult>;
  waitForStatus(
    id: string,
    statuses: readonly HostStatus[],
    options: StatusWaitOptions<HostStatus>
  ): Promise<{ host: Host; trail: HostStatus[] }>;
}

export interface VmsResource extends ReadableCollection<Vm> {
  /** Partial update (HA, lease, placement); `isNextRun` applies it at the next restart. */
  update(id: string, patch: VmPatch, options: WriteOptions & { isNextRun?: boolean }): Promise<Vm>;
  /** Live migration, to `host` or wherever the scheduler chooses. */
  migrate(id: string, options: WriteOptions & { host?: Selector; isForce?: boolean }): Promise<ActionResult>;
  start(id: string, options: WriteOptions & { host?: Selector }): Promise<ActionResult>;
  /** Power off (not a guest shutdown). */
  stop(id: string, options: WriteOptions & { reason?: string; isForce?: boolean }): Promise<ActionResult>;
  waitForStatus(
    id: string,
    statuses: readonly VmStatus[],
    options: StatusWaitOptions<VmStatus>
  ): Promise<{ vm: Vm; trail: VmStatus[] }>;
}

export interface DataCentersResource extends ReadableCollection<DataCenter> {
  /** The domains attached to a data center, with their per-data-center status (§6.3). */
  storageDomains(dataCenterId: string): {
    list(options?: ReadOptions): Promise<StorageDomain[]>;
    get(storageDomainId: string, options?: ReadOptions): Promise<StorageDomain>;
  };
}

/** The VMs or hosts of one affinity group. */
export interface AffinityMembersResource {
  list(options?: ReadOptions): Promise<Ref[]>;
  add(member: Selector, options: WriteOptions): Promise<void>;
  remove(memberId: string, options: WriteOptions): Promise<void>;
}

/** Affinity groups live under a cluster and have no search: lists are filtered here. */
export interface AffinityGroupsResource {
  list(options?: ReadOptions & { max?: number; follow?: string | readonly string[] }): Promise<AffinityGroup[]>;
  get(id: string, options?: GetOptions): Promise<AffinityGroup>;
  findByName(name: string, options?: ReadOptions): Promise<AffinityGroup | undefined>;
  add(spec: AffinityGroupSpec, options: WriteOptions): Promise<AffinityGroup>;
  update(id: string, patch: AffinityGroupPatch, options: WriteOptions): Promise<AffinityGroup>;
  remove(id: string, options: WriteOptions): Promise<void>;
  vms(groupId: string): AffinityMembersResource;
  hosts(groupId: string): AffinityMembersResource;
}

export interface JobsResource {
  list(options?: ListOptions): Promise<Job[]>;
  get(id: string, options?: ReadOptions): Promise<Job>;
  /** The jobs the engine ran for writes tagged with this correlation id. */
  findByCorrelationId(correlationId: string, options?: ReadOptions): Promise<Job[]>;
}

export interface EventsResource {
  /** Newest first unless the search sorts; `from` returns only events with a greater index. */
  list(options?: ListOptions & { from?: number }): Promise<Event[]>;
}

/** Requests made so far, for benchmarks and the run summary. */
export interface OlvmStats {
  reads: number;
  writes: number;
  /** Reads repeated after a transient failure. */
  retries: number;
  /** Tokens refused with 401 and replaced. */
  reLogins: number;
  logins: number;
  logouts: number;
  /** Requests that ended in an error. */
  failures: number;
  /** The most requests in flight at once (never above the concurrency limit). */
  peakInFlight: number;
}

export interface RequestReport {
  method: string;
  path: string;
  /** 0 when no HTTP status came back. */
  status: number;
  durationMs: number;
  correlationId?: string;
}

export interface OlvmClientConfig {
  /** The API base, ending in /ovirt-engine/api. */
  url: string;
  username: string;
  password: string;
  /** PEM file of the engine CA; without it the system trust store verifies the engine. */
  caFile?: string;
  /** Skip TLS verification. Must be explicit; reported through onWarning. */
  insecure?: boolean;
  /** Every write throws ReadOnlyViolationError before leaving the process (dry-run). */
  isReadOnly: boolean;
  /** Requests in flight at once against this engine; default 4. */
  concurrency?: number;
  /** Per request; default 60 s. */
  timeoutMs?: number;
  /** Backoff for repeated reads; default 4 attempts from 250 ms, at most 5 s apart. */
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  onWarning?: (message: string) => void;
  onRequest?: (info: RequestReport) => void;
}

/** The engine's pki-resource resources and formats (ENGINE services/PKIResourceServlet.java). */
export type PkiResource = 'ca-certificate' | 'engine-certificate' | 'qemu-ca-certificate';
export type PkiFormat = 'X509-PEM' | 'X509-PEM-CA' | 'OPENSSH-PUBKEY';

/** The API root (`GET /ovirt-engine/api`): what the engine is and what time it is there. */
export interface EngineInfo {
  /** The engine's clock, epoch ms (the time base of its events). */
  time?: number;
  productName?: string;
  version?: Version;
}

/** The engine's clock as the client reads it from every reply's `Date` header (src/olvm/engine-clock.ts). */
export interface EngineClockView extends WaitClock {
  /** Engine ms per local ms, once measurable. */
  readonly rate: number | undefined;
  /** True once the engine answered with a `Date` header. */
  readonly hasReading: boolean;
  /** The engine's time at its last reply (whole seconds), or undefined before the first. */
  readonly lastAnsweredAt: number | undefined;
}

export interface OlvmClient {
  readonly url: string;
  /** The engine's clock: waits count their timeouts and pace their polls on it. */
  readonly clock: EngineClockView;
  /** The API root: product, version, and the engine's current time. */
  info(options?: ReadOptions): Promise<EngineInfo>;
  /** True when every write throws before it leaves the process (dry-run). */
  readonly isReadOnly: boolean;
  readonly hosts: HostsResource;
  readonly vms: VmsResource;
  readonly clusters: ReadableCollection<Cluster>;
  readonly dataCenters: DataCentersResource;
  readonly storageDomains: ReadableCollection<StorageDomain>;
  affinityGroups(clusterId: string): AffinityGroupsResource;
  /** The engine's public PKI material (no login): its CA certificate, its SSH public key. */
  pki(resource: PkiResource, format: PkiFormat, options?: ReadOptions): Promise<string>;
  readonly jobs: JobsResource;
  readonly events: EventsResource;
  stats(): OlvmStats;
  /** Log out and release the sockets; later calls throw. */
  close(): Promise<void>;
}
