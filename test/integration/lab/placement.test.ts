/**
 * The inventory's VMs start where the engine's scheduler would put them (issue #18): once a site's hosts are all
 * installed, each VM goes to its home site (the soft affinity the install then creates) and, among its hosts, to
 * the one with the most schedulable memory: an even spread, not a pile on the first host up. Hosts are added one
 * by one over HTTP, the slowest way an install adds them.
 */
import type { Inventory, VmEntry } from '../../../src/inventory/types';
import type { LabEngine } from '../../../src/lab';
import { makeHost, makeInventory, makeVm } from '../../helpers/inventory';
import { get, items, post } from './http';
import type { Doc } from './http';
import { MINUTE, startTestLab } from './lab-fixture';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

function inventoryOf(hostsPerSite: number, vms: VmEntry[]): Inventory {
  const names = (prefix: string) => Array.from({ length: hostsPerSite }, (_, i) => `${prefix}${i + 1}`);
  const primary = names('kvm-a');
  const secondary = names('kvm-b');
  const hosts = Object.fromEntries([
    ...primary.map((n) => [n, makeHost(n, 'primary')] as const),
    ...secondary.map((n) => [n, makeHost(n, 'secondary')] as const),
  ]);
  const base = makeInventory({ vms });
  return {
    ...base,
    hosts,
    groups: {},
    sites: {
      primary: { ...base.sites.primary, hosts: primary },
      secondary: { ...base.sites.secondary, hosts: secondary },
    },
  };
}

function vmsOf(count: number, memory: number): VmEntry[] {
  return Array.from({ length: count }, (_, i) =>
    makeVm(`vm-${String(i).padStart(4, '0')}`, i % 2 === 0 ? 'primary' : 'secondary', { memory })
  );
}

/** Adds every inventory host through the API, one after the other, each up before the next is added. */
async function installHostsOneByOne(lab: LabEngine, inventory: Inventory): Promise<void> {
  const [cluster] = items((await get(lab, '/clusters')).body, 'cluster');
  for (const role of ['primary', 'secondary'] as const) {
    for (const name of inventory.sites[role].hosts) {
      const address = inventory.hosts[name]!.address;
      const res = await post(lab, '/hosts', { name, address, root_password: 'x', cluster: { id: cluster.id } });
      expect(res.status).toBe(201);
      lab.clock.advance(MINUTE);
    }
  }
}

interface AtRest {
  down: number;
  awayFromHome: number;
  perHost: Map<string, number>;
}

async function atRest(lab: LabEngine, inventory: Inventory): Promise<AtRest> {
  const hosts = items((await get(lab, '/hosts')).body, 'host');
  const siteOf = new Map(hosts.map((h: Doc) => [h.id as string, inventory.hosts[h.name as string]?.site]));
  const home = new Map(inventory.vms.map((v) => [v.name, v.site]));
  const vms = items((await get(lab, '/vms')).body, 'vm');
  const perHost = new Map<string, number>(hosts.map((h: Doc) => [h.name as string, 0]));
  let down = inventory.vms.length - vms.length;
  let awayFromHome = 0;
  for (const vm of vms) {
    if (vm.status !== 'up') {
      down++;
      continue;
    }
    if (siteOf.get(vm.host.id) !== home.get(vm.name)) awayFromHome++;
    const name = hosts.find((h: Doc) => h.id === vm.host.id).name as string;
    perHost.set(name, (perHost.get(name) ?? 0) + 1);
  }
  return { down, awayFromHome, perHost };
}

let lab: LabEngine;
afterEach(() => lab.close());

describe('where the inventory VMs start', () => {
  it('200 VMs of 2 GiB on 2 x 3 hosts: every VM up at home, spread evenly over its site hosts', async () => {
    const inventory = inventoryOf(3, vmsOf(200, 2 * GiB));
    lab = await startTestLab({ inventory, preinstalled: false });
    await installHostsOneByOne(lab, inventory);
    const rest = await atRest(lab, inventory);
    expect(rest).toMatchObject({ down: 0, awayFromHome: 0 });
    const counts = [...rest.perHost.values()];
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('2,000 VMs of 256 MiB on 2 x 4 hosts: every VM up at home, spread evenly', async () => {
    const inventory = inventoryOf(4, vmsOf(2_000, 256 * MiB));
    lab = await startTestLab({ inventory, preinstalled: false });
    await installHostsOneByOne(lab, inventory);
    const rest = await atRest(lab, inventory);
    expect(rest).toMatchObject({ down: 0, awayFromHome: 0 });
    const counts = [...rest.perHost.values()];
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('2,000 VMs of 256 MiB do not fit 2 x 3 hosts of 128 GiB with the overhead the engine counts: some stay down', async () => {
    // 1,000 per site x (256 + 152 MiB overhead) = 408,000 MiB > 3 x (131,072 - 386) MiB the scheduler may commit.
    const inventory = inventoryOf(3, vmsOf(2_000, 256 * MiB));
    lab = await startTestLab({ inventory, preinstalled: false });
    await installHostsOneByOne(lab, inventory);
    const rest = await atRest(lab, inventory);
    expect(rest.down).toBeGreaterThan(0);
    expect(rest.down + [...rest.perHost.values()].reduce((a, b) => a + b, 0)).toBe(2_000);
  });
});
