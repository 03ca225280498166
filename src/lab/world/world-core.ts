/**
 * The lab world's core: the state records, the virtual clock, the seeded random stream, the knobs and the audit
 * log, with the lookups every behaviour file uses. `World` (world.ts) adds fault injection on top; behaviour lives in
 * the sibling files (hosts, maintenance, spm, ha, ...), which take a `WorldCore`.
 */
import type { LabKnobs } from '../../inventory/lab-knobs';
import { resolveLabKnobs } from '../../inventory/lab-knob-values';
import type { SiteRole } from '../../inventory/types';
import type { VirtualClock } from './clock';
import { EventLog } from './events';
import type { HostRecord, PhysicalState, StorageDomainRecord, VmRecord, WorldState } from './model';
import { SeededRandom } from './rng';
import { IdIndex } from './id-index';
import type { TaskKind } from './task-kinds';

/** What the simulated host says when the engine deploys it: the string 'ok', or the reason the install failed. */
export type HostInstallCheck = (name: string) => string | Promise<string>;

export type TaskPayload = Record<string, string | number | boolean>;

/** The inventory's default `lab.latency_ms`. */
const DEFAULT_SITE_LATENCY_MS = 2;

/** Told when the engine stops or starts answering; `isRestarted`: a new engine process (its sessions are gone). */
export type EngineListener = (isUp: boolean, isRestarted: boolean) => void;

export class WorldCore {
  readonly rng: SeededRandom;
  readonly events: EventLog;
  /** Set by the simulated-SSH side: decides whether deploying a host succeeds. */
  hostInstallCheck: HostInstallCheck = () => 'ok';
  /** The Correlation-Id of the command being executed (tags its events, jobs and follow-up tasks). */
  correlationId: string | undefined;
  /** The last affinity enforcement run could move nothing (its next run does not pull `auto` time forward). */
  isBalancerStalled = false;
  private settling = false;
  private readonly hostIndex = new IdIndex<HostRecord>();
  private readonly vmIndex = new IdIndex<VmRecord>();
  private settleHooks: ((world: WorldCore) => void)[] = [];
  private physicalHooks: ((world: WorldCore) => void)[] = [];
  private readonly engineListeners = new Set<EngineListener>();

  constructor(
    readonly state: WorldState,
    readonly clock: VirtualClock,
    /** The lab's timings and limits: the engine's defaults unless the inventory's `lab.knobs` says otherwise. */
    readonly knobs: LabKnobs = resolveLabKnobs(),
    /** Round trip between the sites, ms (the inventory's `lab.latency_ms`). */
    readonly siteLatencyMs = DEFAULT_SITE_LATENCY_MS
  ) {
    this.rng = new SeededRandom(state.rngState);
    this.events = new EventLog(
      state.events,
      () => state.nextEventId++,
      () => clock.now(),
      () => this.correlationId,
      () => this.isEngineUp()
    );
  }

  /** Whether the engine runs and answers (always, for a standalone engine outside the cluster). */
  isEngineUp(): boolean {
    return this.state.engine?.isUp ?? true;
  }

  /** Be told when the engine stops or starts answering (the API server closes and opens its listener). */
  onEngineChange(listener: EngineListener): () => void {
    this.engineListeners.add(listener);
    return () => this.engineListeners.delete(listener);
  }

  notifyEngine(isUp: boolean, isRestarted = false): void {
    for (const listener of this.engineListeners) listener(isUp, isRestarted);
  }

  /** Register a reaction to machines losing or getting power or network (runs with or without an engine). */
  onPhysicalChange(hook: (world: this) => void): void {
    // Hooks run with this very world, so the narrower parameter type holds.
    this.physicalHooks.push(hook as (world: WorldCore) => void);
  }

  /** Machines changed physically: let the physical reactions run (the engine VM may have died with its host). */
  physicalChanged(): void {
    for (const hook of this.physicalHooks) hook(this);
  }

  now(): number {
    return this.clock.now();
  }

  newId(): string {
    return this.rng.uuid();
  }

  schedule(delayMs: number, kind: TaskKind, payload: TaskPayload, isBackground = false): void {
    const tagged = this.correlationId !== undefined ? { correlationId: this.correlationId, ...payload } : payload;
    this.clock.schedule(delayMs, { kind, payload: tagged, isBackground });
  }

  /** Run `action` as part of the command with this Correlation-Id. */
  withCorrelation<T>(correlationId: string | undefined, action: () => T): T {
    const previous = this.correlationId;
    this.correlationId = correlationId;
    try {
      return action();
    } finally {
      this.correlationId = previous;
    }
  }

  cancelTasks(kind: TaskKind, key: string, value: string): void {
    this.clock.cancel((task) => task.kind === kind && task.payload[key] === value);
  }

  hasTask(kind: TaskKind): boolean {
    return this.clock.pending().some((task) => task.kind === kind);
  }

  host(id: string | undefined): HostRecord | undefined {
    return id === undefined ? undefined : this.hostIndex.lookup(this.state.hosts).get(id);
  }

  hostByName(name: string): HostRecord | undefined {
    return this.state.hosts.find((h) => h.name === name);
  }

  vm(id: string | undefined): VmRecord | undefined {
    return id === undefined ? undefined : this.vmIndex.lookup(this.state.vms).get(id);
  }

  vmByName(name: string): VmRecord | undefined {
    return this.state.vms.find((v) => v.name === name);
  }

  storageDomain(id: string | undefined): StorageDomainRecord | undefined {
    return id === undefined ? undefined : this.state.storageDomains.find((d) => d.id === id);
  }

  storageDomainByName(name: string): StorageDomainRecord | undefined {
    return this.state.storageDomains.find((d) => d.name === name);
  }

  vmsOnHost(hostId: string): VmRecord[] {
    return this.state.vms.filter((v) => v.hostId === hostId);
  }

  /** Hosts of a site (engine hosts only). */
  hostsOfSite(site: SiteRole): HostRecord[] {
    return this.state.hosts.filter((h) => h.site === site);
  }

  /** Whether the machine answers on the network (powered on and not cut off). */
  isHostReachable(host: { physical: PhysicalState }): boolean {
    return host.physical.isPoweredOn && !host.physical.isCutOff && host.physical.isBooting !== true;
  }

  /** Whether the host's power-management controller answers (not cut off, its site has power). */
  isBmcReachable(host: HostRecord): boolean {
    const outage = host.site !== undefined ? this.state.siteOutages[host.site] : undefined;
    return !host.physical.isCutOff && (outage === undefined || outage.isPoweredOn);
  }

  /** Whether a storage domain can be reached from the surviving hosts. */
  isStorageReachable(domain: StorageDomainRecord): boolean {
    if (domain.isFailed) return false;
    if (this.state.isStorageReplicated || domain.site === undefined) return true;
    const outage = this.state.siteOutages[domain.site];
    return outage === undefined || (outage.isPoweredOn && !outage.isCutOff);
  }

  /** Register a reaction run after every world change (SPM election, HA queue, balancer, ...). */
  onSettle(hook: (world: this) => void): void {
    // Hooks run with this very world, so the narrower parameter type holds.
    this.settleHooks.push(hook as (world: WorldCore) => void);
  }

  /**
   * Let the engine react to a change: run each settle hook once (re-entrant calls are folded into this one). They
   * are the engine's reactions (SPM, HA, maintenance, affinity), so nothing runs while the engine is down.
   */
  settle(): void {
    if (this.settling || !this.isEngineUp()) return;
    this.settling = true;
    try {
      for (const hook of this.settleHooks) hook(this);
    } finally {
      this.settling = false;
    }
  }

  /** The state with the clock queue and random stream folded in, ready to be saved. */
  snapshot(): WorldState {
    this.state.rngState = this.rng.snapshot;
    this.state.clock = this.clock.snapshot();
    return this.state;
  }
}
