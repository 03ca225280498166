/**
 * Maintenance that cannot empty its host fails as the engine's does (engine-behaviour.md row 9): the VMs that can
 * move do, only 602 is logged, the action fails, and the host stays preparing_for_maintenance while the engine
 * retries an internal maintenance every 300 s from entering it. Over HTTP, on the virtual clock.
 */
import type { LabEngine } from '../../../src/lab';
import { makeInventory, makeVm } from '../../helpers/inventory';
import { del, get, items, post } from './http';
import type { Doc } from './http';
import { hostByName, MINUTE, startTestLab, vmByName } from './lab-fixture';

let lab: LabEngine;
beforeEach(async () => {
  // Two VMs on each primary host: db-1 and app-1 share kvm-a1 when the lab starts (the scheduler spreads four).
  const vms = [
    makeVm('db-1', 'primary'),
    makeVm('app-1', 'primary'),
    makeVm('db-2', 'primary'),
    makeVm('app-2', 'primary'),
    makeVm('web-1', 'secondary'),
  ];
  lab = await startTestLab({ inventory: makeInventory({ vms }) });
});
afterEach(() => lab.close());

async function eventsSince(from: number): Promise<Doc[]> {
  const list = items((await get(lab, `/events?from=${from}`)).body, 'event');
  return list.sort((a: Doc, b: Doc) => Number(a.id) - Number(b.id));
}

/** Pins `vm` to its current host with a hard (enforcing) positive VM-to-host group; returns the group path. */
async function pinWithHardAffinity(vmName: string): Promise<{ hostId: string; groupPath: string }> {
  const vm = await vmByName(lab, vmName);
  const [cluster] = items((await get(lab, '/clusters')).body, 'cluster');
  const res = await post(lab, `/clusters/${cluster.id}/affinitygroups`, {
    name: `pin-${vmName}`,
    hosts_rule: { enabled: true, positive: true, enforcing: true },
    hosts: { host: [{ id: vm.host.id }] },
    vms: { vm: [{ id: vm.id }] },
  });
  expect(res.status).toBe(201);
  return { hostId: vm.host.id, groupPath: `/clusters/${cluster.id}/affinitygroups/${res.body.id}` };
}

describe('maintenance of a host with a VM no other host may take', () => {
  it('migrates the others, logs 602 only, fails the action with 400 [], and keeps the host preparing', async () => {
    const { hostId, groupPath } = await pinWithHardAffinity('db-1');
    const host = (await get(lab, `/hosts/${hostId}`)).body;
    const others = items((await get(lab, '/vms')).body, 'vm').filter(
      (v: Doc) => v.host?.id === hostId && v.name !== 'db-1'
    );
    expect(others.length).toBeGreaterThan(0);
    const from = Number(items((await get(lab, '/events?max=1')).body, 'event')[0].id);
    const startedAt = lab.clock.now();
    const res = await post(lab, `/hosts/${hostId}/deactivate`, { reason: 'drill' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'failed', fault: { reason: 'Operation Failed', detail: '[]' } });
    lab.clock.advance(MINUTE);
    let events = await eventsSince(from);
    const codes = events.map((e: Doc) => Number(e.code));
    expect(codes).toContain(602);
    expect(codes).not.toContain(600);
    expect(codes).not.toContain(620);
    expect(events.find((e: Doc) => e.code === '602').description).toBe(
      `Host ${host.name} cannot change into maintenance mode - not all Vms have been migrated successfully. Consider manual intervention: stopping/migrating Vms running on this host. (User: admin@internal-authz).`
    );
    for (const vm of others) expect((await vmByName(lab, vm.name)).host.id).not.toBe(hostId);
    expect((await get(lab, `/hosts/${hostId}`)).body.status).toBe('preparing_for_maintenance');

    // The engine's internal retries, every 300 s from entering preparing_for_maintenance: each fails (17).
    lab.clock.advance(startedAt + 5 * MINUTE - lab.clock.now() - 1);
    expect((await eventsSince(from)).filter((e: Doc) => e.code === '17')).toHaveLength(0);
    lab.clock.advance(1);
    events = await eventsSince(from);
    const retries = events.filter((e: Doc) => e.code === '17');
    expect(retries.map((e: Doc) => Number(e.time) - startedAt)).toEqual([5 * MINUTE]);
    expect(retries[0]).toMatchObject({
      severity: 'error',
      description: `Failed to switch Host ${host.name} to Maintenance mode.`,
    });
    lab.clock.advance(5 * MINUTE);
    expect((await eventsSince(from)).filter((e: Doc) => e.code === '17')).toHaveLength(2);
    expect((await get(lab, `/hosts/${hostId}`)).body.status).toBe('preparing_for_maintenance');

    // Once nothing holds db-1, the next retry moves it (15) and the host reaches maintenance, with no event of its own.
    expect((await del(lab, groupPath)).status).toBe(200);
    const beforeRetry = Number(items((await get(lab, '/events?max=1')).body, 'event')[0].id);
    lab.clock.advance(6 * MINUTE);
    const last = await eventsSince(beforeRetry);
    expect(last.map((e: Doc) => Number(e.code))).toEqual(expect.arrayContaining([15, 67, 63]));
    expect(Number(last.find((e: Doc) => e.code === '15').time) - startedAt).toBe(15 * MINUTE);
    expect((await get(lab, `/hosts/${hostId}`)).body.status).toBe('maintenance');
    expect(last.filter((e: Doc) => e.code === '15')).toHaveLength(1);
  });

  it('fails with 409 and the scheduler reasons when no VM can move, and logs 602', async () => {
    const vms = items((await get(lab, '/vms')).body, 'vm');
    const a1 = await hostByName(lab, 'kvm-a1');
    const onA1 = vms.filter((v: Doc) => v.host?.id === a1.id);
    for (const vm of onA1) await pinWithHardAffinity(vm.name);
    const res = await post(lab, `/hosts/${a1.id}/deactivate`, {});
    expect(res.status).toBe(409);
    expect(res.body.fault.detail).toMatch(/There is no host that satisfies current scheduling constraints/);
    const [newest] = items((await get(lab, '/events?max=1')).body, 'event');
    expect(newest.code).toBe('602');
    expect((await hostByName(lab, 'kvm-a1')).status).toBe('preparing_for_maintenance');
  });
});
