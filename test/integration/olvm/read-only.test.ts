/** Dry-run's guarantee at the client: in read-only mode every write throws before it leaves the process. */
import { ReadOnlyViolationError } from '../../../src/shared/errors';
import type { OlvmClient } from '../../../src/olvm';
import { startOlvmLab } from '../../helpers/olvm-lab';
import type { OlvmLab } from '../../helpers/olvm-lab';

let env: OlvmLab;
let client: OlvmClient;
let ids: { host: string; vm: string; cluster: string; group: string; sd: string };

beforeAll(async () => {
  env = await startOlvmLab();
  client = env.connect({ isReadOnly: true });
  const cluster = (await client.clusters.findByName('stretch'))!;
  ids = {
    host: (await client.hosts.findByName('kvm-a1'))!.id,
    vm: (await client.vms.findByName('db-1'))!.id,
    cluster: cluster.id,
    group: (await client.affinityGroups(cluster.id).list())[0]!.id,
    sd: (await client.storageDomains.findByName('data-a'))!.id,
  };
});
afterAll(() => env.close());

const c = { correlationId: 'dry-run-1' };
const writes: Array<[string, (client: OlvmClient) => Promise<unknown>]> = [
  ['hosts.add', (x) => x.hosts.add({ name: 'kvm-c1', address: '127.0.0.1' }, c)],
  ['hosts.update', (x) => x.hosts.update(ids.host, { spmPriority: 8 }, c)],
  ['hosts.deactivate', (x) => x.hosts.deactivate(ids.host, { ...c, reason: 'drill' })],
  ['hosts.activate', (x) => x.hosts.activate(ids.host, c)],
  ['hosts.forceSelectSpm', (x) => x.hosts.forceSelectSpm(ids.host, c)],
  ['hosts.confirmManualFence', (x) => x.hosts.confirmManualFence(ids.host, c)],
  ['vms.update', (x) => x.vms.update(ids.vm, { lease: { id: ids.sd } }, c)],
  ['vms.migrate', (x) => x.vms.migrate(ids.vm, c)],
  ['vms.start', (x) => x.vms.start(ids.vm, c)],
  ['vms.stop', (x) => x.vms.stop(ids.vm, c)],
  ['affinityGroups.add', (x) => x.affinityGroups(ids.cluster).add({ name: 'g' }, c)],
  ['affinityGroups.update', (x) => x.affinityGroups(ids.cluster).update(ids.group, { priority: 2 }, c)],
  ['affinityGroups.remove', (x) => x.affinityGroups(ids.cluster).remove(ids.group, c)],
  ['affinityGroups.vms.add', (x) => x.affinityGroups(ids.cluster).vms(ids.group).add({ id: ids.vm }, c)],
  ['affinityGroups.vms.remove', (x) => x.affinityGroups(ids.cluster).vms(ids.group).remove(ids.vm, c)],
  ['affinityGroups.hosts.add', (x) => x.affinityGroups(ids.cluster).hosts(ids.group).add({ id: ids.host }, c)],
  ['affinityGroups.hosts.remove', (x) => x.affinityGroups(ids.cluster).hosts(ids.group).remove(ids.host, c)],
];

it.each(writes)('%s throws ReadOnlyViolationError and nothing reaches the engine', async (_name, write) => {
  env.lab.writes.reset();
  const before = client.stats();
  const error = await write(client).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ReadOnlyViolationError);
  expect((error as Error).message).toMatch(/^refused in dry-run: .* would change the world$/);
  expect(env.lab.writes.count()).toBe(0);
  expect(client.stats().writes).toBe(before.writes);
  expect(client.stats().writes).toBe(0);
});

it('still reads in read-only mode', async () => {
  await expect(client.hosts.list()).resolves.toHaveLength(4);
  expect(env.lab.writes.count()).toBe(0);
});
