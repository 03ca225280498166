/** Affinity groups of the cluster: add, update, remove, and their vms and hosts sub-collections. */
import { OlvmApiError } from '../../../src/olvm';
import type { AffinityGroupsResource, OlvmClient } from '../../../src/olvm';
import { startOlvmLab } from '../../helpers/olvm-lab';
import type { OlvmLab } from '../../helpers/olvm-lab';

let env: OlvmLab;
let client: OlvmClient;
let groups: AffinityGroupsResource;
let ids: { a1: string; a2: string; db: string; app: string };
beforeAll(async () => {
  env = await startOlvmLab();
  client = env.connect();
  groups = client.affinityGroups((await client.clusters.findByName('stretch'))!.id);
  ids = {
    a1: (await client.hosts.findByName('kvm-a1'))!.id,
    a2: (await client.hosts.findByName('kvm-a2'))!.id,
    db: (await client.vms.findByName('db-1'))!.id,
    app: (await client.vms.findByName('app-1'))!.id,
  };
});
afterAll(() => env.close());

describe('a group for the failback preference', () => {
  it('adds a soft positive VM-to-host group with the VM rule off', async () => {
    const group = await groups.add(
      {
        name: 'db-prefers-primary',
        description: 'failback preference',
        priority: 1,
        hostsRule: { isEnabled: true, isPositive: true, isEnforcing: false },
        vmsRule: { isEnabled: false },
        hosts: [{ id: ids.a1 }],
        vms: [{ id: ids.db }],
      },
      { correlationId: 'ag-add-1' }
    );
    expect(group).toMatchObject({
      name: 'db-prefers-primary',
      hostsRule: { isEnabled: true, isPositive: true, isEnforcing: false },
      vmsRule: { isEnabled: false },
    });
    expect(group.hosts.map((h) => h.id)).toEqual([ids.a1]);
    expect(group.vms.map((v) => v.id)).toEqual([ids.db]);
    await expect(groups.findByName('db-prefers-primary')).resolves.toMatchObject({ id: group.id });
  });

  it('refuses a second group with the same name, with the engine message', async () => {
    const error = (await groups
      .add({ name: 'db-prefers-primary' }, { correlationId: 'ag-dup' })
      .catch((e: unknown) => e)) as OlvmApiError;
    expect(error).toBeInstanceOf(OlvmApiError);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(
      /^engine refused add of affinity group db-prefers-primary in cluster stretch: .*name.*\(400\)$/
    );
  });

  it('updates the rule to hard and the priority', async () => {
    const group = (await groups.findByName('db-prefers-primary'))!;
    const updated = await groups.update(
      group.id,
      { priority: 5, hostsRule: { isEnabled: true, isPositive: true, isEnforcing: true } },
      { correlationId: 'ag-upd-1' }
    );
    expect(updated.priority).toBe(5);
    expect(updated.hostsRule.isEnforcing).toBe(true);
  });

  it('adds and removes one VM and one host through the sub-collections', async () => {
    const group = (await groups.findByName('db-prefers-primary'))!;
    await groups.vms(group.id).add({ id: ids.app }, { correlationId: 'ag-vm-add' });
    await groups.hosts(group.id).add({ id: ids.a2 }, { correlationId: 'ag-host-add' });
    expect((await groups.vms(group.id).list()).map((v) => v.id).sort()).toEqual([ids.db, ids.app].sort());
    expect((await groups.hosts(group.id).list()).map((h) => h.id).sort()).toEqual([ids.a1, ids.a2].sort());
    await groups.vms(group.id).remove(ids.db, { correlationId: 'ag-vm-rm' });
    await groups.hosts(group.id).remove(ids.a1, { correlationId: 'ag-host-rm' });
    const after = await groups.get(group.id);
    expect(after.vms.map((v) => v.id)).toEqual([ids.app]);
    expect(after.hosts.map((h) => h.id)).toEqual([ids.a2]);
  });

  it('removes the group', async () => {
    const group = (await groups.findByName('db-prefers-primary'))!;
    await groups.remove(group.id, { correlationId: 'ag-rm-1' });
    await expect(groups.findByName('db-prefers-primary')).resolves.toBeUndefined();
    await expect(groups.get(group.id)).rejects.toMatchObject({ status: 404 });
  });
});
