/**
 * The lab world: the state records, the virtual clock, the seeded random stream and the audit log, with lookups
 * that every behaviour file uses. Behaviour itself lives in the sibling files (hosts, maintenance, spm, ha, ...).
 */
import type { SiteRole } from '../../inventory/types';
import type { VirtualClock } from './clock';
import { EventLog } from './events';
import { cutOff, failStorage, powerOff, powerOn, reconnect, restoreStorage } from './failures';
import type { HostRecord, PhysicalState, StorageDomainRecord, VmRecord, WorldState } from './model';
import { SeededRandom } from './rng';
import { IdIndex } from './id-index';
import { runSpmTask } from './spm-tasks';
import type { TaskKind } from './task-kinds';

/** What the simulated host says when the engine deploys it: the string 'ok', or the reason the install failed. */
export type HostInstallCheck = (name: string) => string | Promise<string>;

/** Told a machine's name and whether it now has power. */
export type PowerListener = (hostName: string, isPoweredOn: boolean) => void;

export type TaskPayload = Record<string, string | number | boolean>;

export class World {
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
  private readonly powerListeners = new Set<PowerListener>();
  private settleHooks: ((world: World) => void)[] = [];

  constructor(
    readonly state: WorldState,
    readonly clock: VirtualClock
  ) {
    this.rng = new SeededRandom(state.rngState);
    this.events = new EventLog(
      state.events,
      () => state.nextEventId++,
      () => clock.now(),
      () => this.correlationId
    );
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
  onSettle(hook: (world: World) => void): void {
    this.settleHooks.push(hook);
  }

  /** Let the world react to a change: run each settle hook once (re-entrant calls are folded into this one). */
  settle(): void {
    if (this.settling) return;
    this.settling = true;
    try {
      for (const hook of this.settleHooks) hook(this);
    } finally {
      this.settling = false;
    }
  }

  /** Fault injection: power a host, or a whole site (`primary` / `secondary`), off or on. */
  powerOff(hostOrSite: string): void {
    this.notifyPower(powerOff(this, hostOrSite), false);
  }

  powerOn(hostOrSite: string): void {
    this.notifyPower(powerOn(this, hostOrSite), true);
  }

  /** Be told which machines lost or got power (e.g. to stop or start their simulated SSH servers). */
  onPowerChange(listener: PowerListener): () => void {
    this.powerListeners.add(listener);
    return () => this.powerListeners.delete(listener);
  }

  private notifyPower(names: readonly string[], isPoweredOn: boolean): void {
    for (const listener of this.powerListeners) for (const name of names) listener(name, isPoweredOn);
  }

  /** Fault injection: cut a host or a site off the network (management and storage), or reconnect it. */
  cutOff(hostOrSite: string): void {
    cutOff(this, hostOrSite);
  }

  reconnect(hostOrSite: string): void {
    reconnect(this, hostOrSite);
  }

  /** Fault injection: lose or restore a storage domain. */
  failStorage(name: string): void {
    failStorage(this, name);
  }

  restoreStorage(name: string): void {
    restoreStorage(this, name);
  }

  /** Fault injection: an SPM task (a storage operation) runs for `durationMs` of virtual time. */
  runSpmTask(durationMs: number): void {
    runSpmTask(this, durationMs);
  }

  /** The state with the clock queue and random stream folded in, ready to be saved. */
  snapshot(): WorldState {
    this.state.rngState = this.rng.snapshot;
    this.state.clock = this.clock.snapshot();
    return this.state;
  }
}
