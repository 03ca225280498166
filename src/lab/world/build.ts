/**
 * Builds the initial world from a typed inventory: one data center, one stretch cluster, storage domains per site,
 * and either an empty cluster (hosts are added through the API) or, with `preinstalled`, hosts already up, the
 * inventory's VMs running with HA and leases, and a soft VM-to-host affinity group per site.
 */
import type { HostEntry, Inventory, SiteRole } from '../../inventory/types';
import { SITE_ROLES } from '../../inventory/types';
import type { ClockSnapshot } from './clock';
import { DEFAULT_HOST_CPU } from './capacity';
import type { HostCpu, HostRecord, PendingHost, StorageDomainRecord, WorldState } from './model';
import { DataCenterStatus, HostStatus, SpmStatus } from './model';
import { SeededRandom } from './rng';

const GiB = 1024 ** 3;
const DEFAULT_HOST_MEMORY = 128 * GiB;
const HOSTED_ENGINE_MEMORY = 16 * GiB;
/** SPM priorities a preinstalled world has, as the stretch-cluster guidance recommends (primary high). */
export const PREINSTALLED_SPM_PRIORITY: Record<SiteRole, number> = { primary: 8, secondary: 2 };

export interface BuildOptions {
  preinstalled: boolean;
  seed: number;
  now: number;
}

export function buildWorldState(inventory: Inventory, options: BuildOptions): WorldState {
  const rng = new SeededRandom(options.seed);
  const dataCenterId = rng.uuid();
  const clusterId = rng.uuid();
  const state: WorldState = {
    version: 1,
    seed: options.seed,
    rngState: 0,
    engineKind: inventory.engine.kind,
    isStorageReplicated: inventory.storage.isReplicated,
    dataCenter: { id: dataCenterId, name: inventory.cluster.dataCenter, description: '', status: 'uninitialized' },
    cluster: { id: clusterId, name: inventory.cluster.name, description: 'Stretch cluster', dataCenterId },
    hosts: [],
    pendingHosts: collectPendingHosts(inventory),
    storageDomains: buildStorageDomains(inventory, dataCenterId, rng),
    vms: [],
    pendingVms: inventory.vms.map((vm) => ({
      name: vm.name,
      site: vm.site,
      memory: vm.memory,
      ...(positiveInt(vm.vars['cpus']) !== undefined ? { cpus: positiveInt(vm.vars['cpus']) } : {}),
    })),
    affinityGroups: [],
    siteOutages: {},
    heGlobalMaintenance: false,
    jobs: [],
    events: [],
    nextEventId: 1,
    clock: emptyClock(options.now),
  };
  state.dataCenter.status = DataCenterStatus.UNINITIALIZED;
  state.rngState = rng.snapshot;
  return state;
}

function emptyClock(now: number): ClockSnapshot {
  return { now, nextId: 1, tasks: [] };
}

function clusterHostNames(inventory: Inventory): string[] {
  return SITE_ROLES.flatMap((role) => inventory.sites[role].hosts);
}

function collectPendingHosts(inventory: Inventory): PendingHost[] {
  const names = clusterHostNames(inventory);
  const hasFlaggedHe = names.some((name) => inventory.hosts[name]?.hostedEngine === true);
  return names.flatMap((name) => {
    const entry = inventory.hosts[name];
    if (entry === undefined) return [];
    const isFirstOfSite = entry.site !== undefined && inventory.sites[entry.site].hosts[0] === name;
    const isHostedEngine =
      inventory.engine.kind === 'self-hosted' && (hasFlaggedHe ? entry.hostedEngine : isFirstOfSite);
    return [toPendingHost(entry, isHostedEngine)];
  });
}

function toPendingHost(entry: HostEntry, isHostedEngine: boolean): PendingHost {
  return {
    name: entry.name,
    address: entry.address,
    ...(entry.site !== undefined ? { site: entry.site } : {}),
    memory: parseMemory(entry.vars['memory']) ?? DEFAULT_HOST_MEMORY,
    ...hostCpu(entry),
    isHostedEngine,
    physical: { isPoweredOn: true, isCutOff: false },
  };
}

/** A positive whole number from an inventory var (a number or a numeric string); undefined otherwise. */
function positiveInt(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}

/** The host's CPU topology from `vars.cpu_sockets`, `cpu_cores` (per socket) and `cpu_threads` (per core). */
function hostCpu(entry: HostEntry): { cpu?: HostCpu } {
  const sockets = positiveInt(entry.vars['cpu_sockets']);
  const coresPerSocket = positiveInt(entry.vars['cpu_cores']);
  const threadsPerCore = positiveInt(entry.vars['cpu_threads']);
  if (sockets === undefined && coresPerSocket === undefined && threadsPerCore === undefined) return {};
  return {
    cpu: {
      sockets: sockets ?? DEFAULT_HOST_CPU.sockets,
      coresPerSocket: coresPerSocket ?? DEFAULT_HOST_CPU.coresPerSocket,
      threadsPerCore: threadsPerCore ?? DEFAULT_HOST_CPU.threadsPerCore,
    },
  };
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: GiB, t: 1024 ** 4 };

/** Bytes from a number or a size such as `256GiB` / `64G`; undefined when absent or unreadable. */
export function parseMemory(value: unknown): number | undefined {
  if (typeof value === 'number' && value > 0) return value;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(value);
  if (!match) return undefined;
  const unit = SIZE_UNITS[(match[2] ?? '').toLowerCase()] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

function buildStorageDomains(inventory: Inventory, dataCenterId: string, rng: SeededRandom): StorageDomainRecord[] {
  let isFirst = true;
  return SITE_ROLES.flatMap((role) =>
    inventory.sites[role].storageDomains.map((name) => {
      const domain: StorageDomainRecord = {
        id: rng.uuid(),
        name,
        site: role,
        dataCenterId,
        isMaster: isFirst,
        address: `storage-${role}.lab.test`,
        path: `/exports/${name}`,
        available: 4 * 1024 * GiB,
        used: 512 * GiB,
        committed: 768 * GiB,
        isFailed: false,
      };
      isFirst = false;
      return domain;
    })
  );
}

/** Turn a pending inventory host into an engine host record (used by POST /hosts and preinstalled worlds). */
export function makeHostRecord(pending: PendingHost, id: string, clusterId: string, spmPriority: number): HostRecord {
  return {
    id,
    name: pending.name,
    address: pending.address,
    ...(pending.site !== undefined ? { site: pending.site } : {}),
    clusterId,
    status: HostStatus.INSTALLING,
    spmPriority,
    spmStatus: SpmStatus.NONE,
    memory: pending.memory,
    ...(pending.cpu !== undefined ? { cpu: pending.cpu } : {}),
    sshPort: 22,
    comment: '',
    description: '',
    isPmEnabled: false,
    isHostedEngine: pending.isHostedEngine,
    isLocalMaintenance: false,
    physical: pending.physical,
    isolatedVmIds: [],
  };
}

export { HOSTED_ENGINE_MEMORY };
