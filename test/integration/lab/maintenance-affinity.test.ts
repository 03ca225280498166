/**
 * Hard VM-to-VM affinity during host maintenance, as MigrateMultipleVmsCommand schedules it (engine-behaviour.md
 * row 10): first every VM honouring hard VM-to-VM rules (a negative group keeps its VMs apart, a positive group's
 * VMs move together to one host), then, for the VMs left, without them (IgnoreVmToVmAffinityForHostMaintenance).
 * kvm-a2 has 24 GiB: room for one 16 GiB VM, not two. Over HTTP, on the virtual clock.
 */
import type { VmEntry } from '../../../src/inventory/types';
import type { LabEngine } from '../../../src/lab';
import { makeHost, makeInventory, makeVm } from '../../helpers/inventory';
import { get, items, post } from './http';
import type { Doc } from './http';
import { hostByName, MINUTE, placement, startTestLab, vmByName } from './lab-fixture';

const GiB = 1024 ** 3;
let lab: LabEngine;
afterEach(() => lab.close());

async function startLab(vms: VmEntry[]): Promise<void> {
  const inventory = makeInventory({ vms });
  inventory.hosts['kvm-a2'] = makeHost('kvm-a2', 'primary', { vars: { memory: '24GiB' } });
  lab = await startTestLab({ inventory });
}

async function clusterPath(): Promise<string> {
  const [cluster] = items((await get(lab, '/clusters')).body, 'cluster');
  return `/clusters/${cluster.id}`;
}

/** A hard VM-to-VM group of the named VMs; returns its path. */
async function hardVmGroup(name: string, positive: boolean, vmNames: string[]): Promise<string> {
  const vms = await Promise.all(vmNames.map((n) => vmByName(lab, n)));
  const base = `${await clusterPath()}/affinitygroups`;
  const res = await post(lab, base, {
    name,
    vms_rule: { enabled: true, positive, enforcing: true },
    vms: { vm: vms.map((vm: Doc) => ({ id: vm.id })) },
  });
  expect(res.status).toBe(201);
  return `${base}/${res.body.id}`;
}

async function migrateTo(vmName: string, hostName: string): Promise<void> {
  const vm = await vmByName(lab, vmName);
  if (vm.host?.id === (await hostByName(lab, hostName)).id) return;
  expect((await post(lab, `/vms/${vm.id}/migrate`, { host: { name: hostName } })).status).toBe(200);
  lab.clock.advance(MINUTE);
  expect((await placement(lab))[vmName]).toBe(hostName);
}

interface Maintenance {
  status: number;
  codes: number[];
  /** Each VM the maintenance moves, to the host its 67 names as the destination. */
  destinations: Record<string, string>;
}

/** Deactivates the host; the events and destinations it logs at once; then lets the migrations run. */
async function deactivate(hostName: string): Promise<Maintenance> {
  const [last] = items((await get(lab, '/events?max=1')).body, 'event');
  const res = await post(lab, `/hosts/${(await hostByName(lab, hostName)).id}/deactivate`, {});
  const events = items((await get(lab, `/events?from=${last.id}`)).body, 'event');
  const destinations: Record<string, string> = {};
  for (const event of events.filter((e: Doc) => e.code === '67')) {
    const [, vm, destination] = /VM: ([^,]+), .*Destination: ([^,]+),/.exec(event.description as string) ?? [];
    if (vm !== undefined && destination !== undefined) destinations[vm] = destination;
  }
  lab.clock.advance(10 * MINUTE);
  return { status: res.status, codes: events.map((e: Doc) => Number(e.code)), destinations };
}

const BIG_PAIR = [
  makeVm('x', 'primary', { memory: 16 * GiB }),
  makeVm('z', 'primary', { memory: 16 * GiB }),
  makeVm('y', 'primary'),
  makeVm('w', 'secondary'),
];

describe('maintenance with hard VM-to-VM affinity', () => {
  it('keeps a negative group apart when another host can take the VM, before its soft home', async () => {
    await startLab(BIG_PAIR);
    await migrateTo('x', 'kvm-a1');
    await migrateTo('z', 'kvm-a1');
    await migrateTo('y', 'kvm-a2');
    await hardVmGroup('x-not-with-y', false, ['x', 'y']);
    const { status, codes, destinations } = await deactivate('kvm-a1');
    expect(status).toBe(200);
    expect(codes).toContain(620);
    expect(codes).not.toContain(602);
    expect(destinations['x']).toMatch(/^kvm-b/); // kvm-a2, its site's host, runs y
    expect(destinations['z']).toBe('kvm-a2');
    expect((await hostByName(lab, 'kvm-a1')).status).toBe('maintenance');
    expect((await placement(lab))['x']).toMatch(/^kvm-b/);
  });

  it('breaks a negative group only when no other host can take the VM', async () => {
    await startLab([makeVm('x', 'primary', { memory: 16 * GiB }), makeVm('y', 'primary'), makeVm('w', 'secondary')]);
    await migrateTo('x', 'kvm-a1');
    await migrateTo('y', 'kvm-a2');
    expect((await deactivate('kvm-b1')).status).toBe(200);
    expect((await deactivate('kvm-b2')).status).toBe(200);
    const groupPath = await hardVmGroup('x-not-with-y', false, ['x', 'y']);
    const { status, codes, destinations } = await deactivate('kvm-a1');
    expect(status).toBe(200);
    expect(codes).toContain(620);
    expect(destinations['x']).toBe('kvm-a2');
    expect((await placement(lab))['x']).toBe('kvm-a2');
    expect((await get(lab, groupPath)).body.broken).toBe('true');
  });

  it("moves a positive group's VMs together to a host that takes both", async () => {
    await startLab(BIG_PAIR);
    await migrateTo('x', 'kvm-a1');
    await migrateTo('z', 'kvm-a1');
    const groupPath = await hardVmGroup('x-with-z', true, ['x', 'z']);
    const { status, codes, destinations } = await deactivate('kvm-a1');
    expect(status).toBe(200);
    expect(codes).toContain(620);
    expect(destinations['x']).toMatch(/^kvm-b/); // kvm-a2 has room for one of them, not both
    expect(destinations['z']).toBe(destinations['x']);
    const where = await placement(lab);
    expect([where['x'], where['z']]).toEqual([destinations['x'], destinations['x']]);
    expect((await get(lab, groupPath)).body.broken).toBe('false');
  });
});
