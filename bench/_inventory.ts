/** The typed inventories the benchmarks run on: two sites of generated hosts, optional VMs, no files read. */
import type { HostEntry, Inventory, SiteRole, VmEntry } from '../src/inventory/types';

const GiB = 1024 ** 3;

export function benchHost(name: string, site: SiteRole): HostEntry {
  return {
    name,
    address: '127.0.0.1',
    port: 22,
    user: 'root',
    auth: {},
    site,
    become: false,
    hostedEngine: false,
    vars: {},
  };
}

/** VM number `index`: even ones live on the primary site, odd ones on the secondary, 2 GiB each. */
export function benchVm(index: number, priority = 1): VmEntry {
  return {
    name: `vm-${String(index).padStart(4, '0')}`,
    site: index % 2 === 0 ? 'primary' : 'secondary',
    memory: 2 * GiB,
    highAvailability: true,
    priority,
    vars: {},
  };
}

/** `count` host names `<prefix>01`, `<prefix>02`, … */
export function siteHostNames(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
}

export interface BenchInventoryParts {
  primary: readonly string[];
  secondary: readonly string[];
  url?: string;
  vms?: VmEntry[];
  groups?: Record<string, string[]>;
}

export function benchInventory(parts: BenchInventoryParts): Inventory {
  const hosts = Object.fromEntries([
    ...parts.primary.map((n) => [n, benchHost(n, 'primary')] as const),
    ...parts.secondary.map((n) => [n, benchHost(n, 'secondary')] as const),
  ]);
  return {
    name: 'bench',
    path: '/tmp/bench-inventory.yaml',
    engine: {
      kind: 'standalone',
      url: parts.url ?? 'http://127.0.0.1:1/ovirt-engine/api',
      username: 'admin@internal',
      insecure: false,
      ha: 'external',
    },
    cluster: { name: 'stretch', dataCenter: 'dc1' },
    sites: {
      primary: { role: 'primary', name: 'primary', storageDomains: ['data-a'], hosts: [...parts.primary], vars: {} },
      secondary: {
        role: 'secondary',
        name: 'secondary',
        storageDomains: ['data-b'],
        hosts: [...parts.secondary],
        vars: {},
      },
    },
    hosts,
    groups: parts.groups ?? {},
    vms: parts.vms ?? [],
    storage: { replication: 'synchronous', isReplicated: true },
    ssh: { user: 'root', hostKeyChecking: 'strict', connectTimeoutMs: 10_000 },
    vars: {},
  };
}
