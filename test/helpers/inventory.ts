/**
 * A typed inventory for tests: two sites of two hosts, a standalone engine, a storage domain per site, four VMs.
 * Override any part: `makeInventory({ engine: { kind: 'self-hosted' } })`.
 */
import type { HostEntry, Inventory, SiteRole, VmEntry } from '../../src/inventory/types';

const GiB = 1024 ** 3;

/**
 * One loopback address per host name, as on a real network (the engine refuses two hosts with one address):
 * `127.0.X.Y` from a hash of the name, the same in every test.
 */
export function loopbackOf(name: string): string {
  let hash = 2166136261;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return `127.0.${((hash >>> 8) % 250) + 1}.${(hash % 250) + 1}`;
}

export function makeHost(name: string, site: SiteRole | undefined, overrides: Partial<HostEntry> = {}): HostEntry {
  return {
    name,
    address: loopbackOf(name),
    port: 22,
    user: 'root',
    auth: {},
    ...(site ? { site } : {}),
    become: false,
    hostedEngine: false,
    vars: {},
    ...overrides,
  };
}

export function makeVm(name: string, site: SiteRole, overrides: Partial<VmEntry> = {}): VmEntry {
  return { name, site, memory: 2 * GiB, highAvailability: true, priority: 1, vars: {}, ...overrides };
}

export type InventoryOverrides = Partial<Omit<Inventory, 'engine'>> & { engine?: Partial<Inventory['engine']> };

export function makeInventory(overrides: InventoryOverrides = {}): Inventory {
  const hosts: Record<string, HostEntry> = {
    'kvm-a1': makeHost('kvm-a1', 'primary'),
    'kvm-a2': makeHost('kvm-a2', 'primary'),
    'kvm-b1': makeHost('kvm-b1', 'secondary'),
    'kvm-b2': makeHost('kvm-b2', 'secondary'),
    engine: makeHost('engine', undefined),
  };
  const { engine, ...rest } = overrides;
  return {
    name: 'test',
    path: '/tmp/test-inventory.yaml',
    engine: {
      kind: 'standalone',
      host: 'engine',
      url: 'http://127.0.0.1:1/ovirt-engine/api',
      username: 'admin@internal',
      insecure: false,
      ha: 'external',
      ...engine,
    },
    cluster: { name: 'stretch', dataCenter: 'dc1' },
    sites: {
      primary: { role: 'primary', name: 'primary', storageDomains: ['data-a'], hosts: ['kvm-a1', 'kvm-a2'], vars: {} },
      secondary: {
        role: 'secondary',
        name: 'secondary',
        storageDomains: ['data-b'],
        hosts: ['kvm-b1', 'kvm-b2'],
        vars: {},
      },
    },
    hosts,
    groups: { kvm: ['kvm-a1', 'kvm-a2', 'kvm-b1', 'kvm-b2'] },
    vms: [
      makeVm('db-1', 'primary', { memory: 8 * GiB }),
      makeVm('app-1', 'primary'),
      makeVm('web-1', 'secondary'),
      makeVm('batch-1', 'secondary', { highAvailability: false }),
    ],
    storage: { replication: 'synchronous', isReplicated: true },
    ssh: { user: 'root', hostKeyChecking: 'strict', connectTimeoutMs: 10_000 },
    vars: {},
    ...rest,
  };
}
