/**
 * A step's view of the engine: each collection (hosts, VMs, clusters, storage domains, affinity groups) is
 * listed once per step and shared by every task of the step, so a step over 2,000 VMs makes one list of VMs,
 * not 2,000 reads. Writes made by the step are folded back in. A task that plans a second time (a retry, an
 * `until` loop) gets a fresh snapshot: a plan never re-reads its own stale copy.
 */
import type { AffinityGroup, Cluster, DataCenter, Host, OlvmClient, StorageDomain, Vm } from '../../olvm/types';
import type { ModuleContext } from '../types';

class Lazy<T> {
  private pending: Promise<T> | undefined;
  constructor(private readonly load: () => Promise<T>) {}
  get(): Promise<T> {
    this.pending ??= this.load().catch((error: unknown) => {
      this.pending = undefined;
      throw error;
    });
    return this.pending;
  }
  /** The value if it was loaded (or is loading); never starts a load. */
  async peek(): Promise<T | undefined> {
    return this.pending?.catch(() => undefined);
  }
}

/** Objects by id and by name, kept in step with writes. */
class Index<T extends { id: string; name: string }> {
  private readonly byId = new Map<string, T>();
  private readonly byName = new Map<string, T>();
  constructor(items: readonly T[]) {
    for (const item of items) this.put(item);
  }
  all(): T[] {
    return [...this.byId.values()];
  }
  named(name: string): T | undefined {
    return this.byName.get(name);
  }
  withId(id: string): T | undefined {
    return this.byId.get(id);
  }
  put(item: T): void {
    const previous = this.byId.get(item.id);
    if (previous && previous.name !== item.name) this.byName.delete(previous.name);
    this.byId.set(item.id, item);
    this.byName.set(item.name, item);
  }
  remove(id: string): void {
    const previous = this.byId.get(id);
    if (previous) this.byName.delete(previous.name);
    this.byId.delete(id);
  }
}

export class EngineSnapshot {
  private readonly hostIndex: Lazy<Index<Host>>;
  private readonly vmIndex: Lazy<Index<Vm>>;
  private readonly clusterList: Lazy<Cluster[]>;
  private readonly dataCenterList: Lazy<DataCenter[]>;
  private readonly domainIndex: Lazy<Index<StorageDomain>>;
  private readonly groups = new Map<string, Lazy<Index<AffinityGroup>>>();
  private readonly pendingIndex: Lazy<Map<string, Vm>>;
  /** Tasks that planned with this snapshot. */
  readonly planners = new WeakSet<object>();

  constructor(private readonly client: OlvmClient) {
    this.hostIndex = new Lazy(async () => new Index(await client.hosts.list()));
    this.vmIndex = new Lazy(async () => new Index(await client.vms.list()));
    this.clusterList = new Lazy(() => client.clusters.list());
    this.dataCenterList = new Lazy(() => client.dataCenters.list());
    this.domainIndex = new Lazy(async () => new Index(await client.storageDomains.list()));
    this.pendingIndex = new Lazy(async () => {
      // The engine builds every pending VM's OVF inside this one request; should that fail (say, past the client's
      // timeout on a very large engine), each pending VM is read alone instead (vm-diff.ts nextRunResume).
      const pending = await client.vms
        .list({ search: { next_run_config_exists: true }, allContent: true })
        .catch((): Vm[] => []);
      return new Map(pending.map((vm) => [vm.id, vm]));
    });
  }

  async hosts(): Promise<Host[]> {
    return (await this.hostIndex.get()).all();
  }
  async host(name: string): Promise<Host | undefined> {
    return (await this.hostIndex.get()).named(name);
  }
  async hostById(id: string): Promise<Host | undefined> {
    return (await this.hostIndex.get()).withId(id);
  }
  async vms(): Promise<Vm[]> {
    return (await this.vmIndex.get()).all();
  }
  async vm(name: string): Promise<Vm | undefined> {
    return (await this.vmIndex.get()).named(name);
  }
  async vmById(id: string): Promise<Vm | undefined> {
    return (await this.vmIndex.get()).withId(id);
  }
  /**
   * A VM whose change waits for its restart, as one search lists them all with their OVF (`next_run_config_exists`,
   * `all_content`): one read per step, whatever the number of VMs (docs/benchmarks.md, "olvm.* modules at scale").
   */
  async pendingVm(id: string): Promise<Vm | undefined> {
    return (await this.pendingIndex.get()).get(id);
  }
  async clusters(): Promise<Cluster[]> {
    return this.clusterList.get();
  }
  async cluster(name: string): Promise<Cluster | undefined> {
    return (await this.clusterList.get()).find((c) => c.name === name);
  }
  async dataCenter(name: string): Promise<DataCenter | undefined> {
    return (await this.dataCenterList.get()).find((d) => d.name === name);
  }
  async storageDomains(): Promise<StorageDomain[]> {
    return (await this.domainIndex.get()).all();
  }
  async storageDomain(name: string): Promise<StorageDomain | undefined> {
    return (await this.domainIndex.get()).named(name);
  }
  async storageDomainById(id: string): Promise<StorageDomain | undefined> {
    return (await this.domainIndex.get()).withId(id);
  }
  async affinityGroups(clusterId: string): Promise<AffinityGroup[]> {
    return (await this.groupIndex(clusterId).get()).all();
  }
  async affinityGroup(clusterId: string, name: string): Promise<AffinityGroup | undefined> {
    return (await this.groupIndex(clusterId).get()).named(name);
  }

  /** Fold a write's reply (or a fresh read) back in; a collection never listed stays unlisted. */
  async putHost(host: Host): Promise<void> {
    (await this.hostIndex.peek())?.put(host);
  }
  async dropHost(id: string): Promise<void> {
    (await this.hostIndex.peek())?.remove(id);
  }
  async putVm(vm: Vm): Promise<void> {
    (await this.vmIndex.peek())?.put(vm);
    (await this.pendingIndex.peek())?.delete(vm.id);
  }
  async putAffinityGroup(clusterId: string, group: AffinityGroup): Promise<void> {
    (await this.groups.get(clusterId)?.peek())?.put(group);
  }
  async dropAffinityGroup(clusterId: string, id: string): Promise<void> {
    (await this.groups.get(clusterId)?.peek())?.remove(id);
  }

  private groupIndex(clusterId: string): Lazy<Index<AffinityGroup>> {
    let lazy = this.groups.get(clusterId);
    if (lazy === undefined) {
      lazy = new Lazy(async () => new Index(await this.client.affinityGroups(clusterId).list()));
      this.groups.set(clusterId, lazy);
    }
    return lazy;
  }
}

/** The latest step's snapshot per client (steps run one after the other). */
const current = new WeakMap<OlvmClient, { stepId: string; snapshot: EngineSnapshot }>();

/** For `plan`: the step's shared snapshot, or a fresh one when this task already planned with it. */
export function planSnapshot(ctx: ModuleContext, client: OlvmClient): EngineSnapshot {
  const entry = current.get(client);
  const isReusable = entry !== undefined && entry.stepId === ctx.stepId && !entry.snapshot.planners.has(ctx);
  const snapshot = isReusable ? entry.snapshot : new EngineSnapshot(client);
  if (!isReusable) current.set(client, { stepId: ctx.stepId, snapshot });
  snapshot.planners.add(ctx);
  return snapshot;
}

/** For `apply`: the snapshot this task planned with (a fresh one if it is gone). */
export function applySnapshot(ctx: ModuleContext, client: OlvmClient): EngineSnapshot {
  const entry = current.get(client);
  if (entry !== undefined && entry.stepId === ctx.stepId) return entry.snapshot;
  const snapshot = new EngineSnapshot(client);
  current.set(client, { stepId: ctx.stepId, snapshot });
  return snapshot;
}
