/** Reads against the lab engine: lists, gets, search, follow, max, the per-data-center domains, jobs, events. */
import { HostStatus, OlvmApiError, OlvmFailure, SpmStatus } from '../../../src/olvm';
import type { OlvmClient } from '../../../src/olvm';
import { startOlvmLab } from '../../helpers/olvm-lab';
import type { OlvmLab } from '../../helpers/olvm-lab';

let env: OlvmLab;
let client: OlvmClient;
beforeAll(async () => {
  env = await startOlvmLab();
  client = env.connect({ isReadOnly: true });
});
afterAll(() => env.close());

describe('the API root', () => {
  it("reads the product, its version and the engine's clock", async () => {
    const info = await client.info();
    expect(info.productName).toBe('oVirt Engine');
    expect(info.version?.major).toBe(4);
    expect(info.time).toBe(env.lab.clock.now());
  });
});

describe('hosts', () => {
  it('lists the four preinstalled hosts, up, with exactly one SPM', async () => {
    const hosts = await client.hosts.list();
    expect(hosts.map((h) => h.name).sort()).toEqual(['kvm-a1', 'kvm-a2', 'kvm-b1', 'kvm-b2']);
    expect(hosts.every((h) => h.status === HostStatus.UP)).toBe(true);
    expect(hosts.filter((h) => h.spm.status === SpmStatus.SPM)).toHaveLength(1);
    expect(hosts.every((h) => Number.isInteger(h.spm.priority))).toBe(true);
  });

  it('finds a host by its exact name and gets it by id', async () => {
    const found = await client.hosts.findByName('kvm-b1');
    expect(found?.name).toBe('kvm-b1');
    const again = await client.hosts.get(found!.id);
    expect(again).toEqual(found);
  });

  it('finds nothing for a name that does not exist', async () => {
    await expect(client.hosts.findByName('kvm-z9')).resolves.toBeUndefined();
  });

  it('searches with criteria and with a raw query', async () => {
    const byCriteria = await client.hosts.list({ search: { status: 'up', name: 'kvm-a*' } });
    expect(byCriteria.map((h) => h.name).sort()).toEqual(['kvm-a1', 'kvm-a2']);
    const raw = await client.hosts.list({ search: 'name=kvm-b*' });
    expect(raw.map((h) => h.name).sort()).toEqual(['kvm-b1', 'kvm-b2']);
  });

  it('reads a search that matches nothing as an empty list', async () => {
    await expect(client.hosts.list({ search: { status: 'install_failed' } })).resolves.toEqual([]);
  });

  it('limits the results with max', async () => {
    await expect(client.hosts.list({ max: 1 })).resolves.toHaveLength(1);
  });

  it('inlines the cluster with follow, so its name comes with the host', async () => {
    const [host] = await client.hosts.list({ search: { name: 'kvm-a1' }, follow: 'cluster' });
    expect(host?.cluster?.name).toBe('stretch');
  });

  it('says which host was not found, without retrying', async () => {
    const before = client.stats().retries;
    const error = (await client.hosts.get('no-such-host').catch((e: unknown) => e)) as OlvmApiError;
    expect(error).toBeInstanceOf(OlvmApiError);
    expect(error).toMatchObject({ failure: OlvmFailure.HTTP, status: 404, isRetryable: false });
    expect(error.message).toBe('engine refused get of host no-such-host: not found (404)');
    expect(client.stats().retries).toBe(before);
  });
});

describe('VMs', () => {
  it('lists the inventory VMs with HA and a lease for the HA ones', async () => {
    const vms = await client.vms.list();
    const byName = new Map(vms.map((vm) => [vm.name, vm]));
    for (const name of ['db-1', 'app-1', 'web-1']) {
      expect(byName.get(name)?.highAvailability.isEnabled).toBe(true);
      expect(byName.get(name)?.lease?.storageDomain.id).toBeTruthy();
    }
    expect(byName.get('batch-1')?.highAvailability.isEnabled).toBe(false);
  });

  it('shows the host a running VM runs on, and its name with follow', async () => {
    const vm = await client.vms.findByName('db-1', { follow: 'host' });
    expect(vm?.status).toBe('up');
    expect(vm?.host?.name).toMatch(/^kvm-a/);
  });
});

describe('data centers, clusters, storage domains', () => {
  it('finds the cluster and its data center', async () => {
    const cluster = await client.clusters.findByName('stretch');
    const dc = await client.dataCenters.findByName('dc1');
    expect(cluster?.dataCenter?.id).toBe(dc?.id);
    expect(dc?.status).toBe('up');
  });

  it('lists the storage domains with their status in the data center', async () => {
    const dc = await client.dataCenters.findByName('dc1');
    const attached = await client.dataCenters.storageDomains(dc!.id).list();
    expect(attached.map((sd) => sd.name).sort()).toEqual(['data-a', 'data-b']);
    expect(attached.every((sd) => sd.status === 'active')).toBe(true);
    const one = await client.dataCenters.storageDomains(dc!.id).get(attached[0]!.id);
    expect(one.status).toBe('active');
    const top = await client.storageDomains.findByName('data-a');
    expect(top?.dataCenters.map((d) => d.id)).toContain(dc!.id);
  });
});

describe('affinity groups, jobs, events', () => {
  it('lists the affinity groups of the cluster and finds one by name', async () => {
    const cluster = await client.clusters.findByName('stretch');
    const groups = await client.affinityGroups(cluster!.id).list();
    expect(groups.length).toBeGreaterThan(0);
    const first = groups[0]!;
    await expect(client.affinityGroups(cluster!.id).findByName(first.name)).resolves.toEqual(first);
    await expect(client.affinityGroups(cluster!.id).get(first.id)).resolves.toEqual(first);
  });

  it('reads events newest first', async () => {
    const events = await client.events.list({ max: 5 });
    expect(events.length).toBeGreaterThan(0);
    const indexes = events.map((e) => e.index);
    expect(indexes).toEqual([...indexes].sort((a, b) => b - a));
  });

  // MODEL services/EventsService.java List.from; the engine turns `from` into `audit_log_id > N`.
  it('reads only events newer than the index given as from', async () => {
    const [newest] = await client.events.list({ max: 1 });
    await expect(client.events.list({ from: newest!.index })).resolves.toEqual([]);
    const older = await client.events.list({ from: newest!.index - 1 });
    expect(older.map((e) => e.index)).toEqual([newest!.index]);
  });

  it('finds no job for a correlation id nobody used', async () => {
    await expect(client.jobs.findByCorrelationId('never-used-42')).resolves.toEqual([]);
  });
});
