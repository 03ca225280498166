/**
 * Capacity as the engine's scheduler sees it (engine-behaviour.md row 18; src/lab/world/capacity.ts), over HTTP:
 * reserved memory, per-VM overhead, the cluster's over-commit, free physical memory, CPU count and CPUOverloaded;
 * and one address, one host.
 */
import type { LabKnobs } from '../../../src/inventory/lab-knobs';
import type { Inventory } from '../../../src/inventory/types';
import type { LabEngine } from '../../../src/lab';
import { makeHost, makeInventory, makeVm } from '../../helpers/inventory';
import { get, items, post, put } from './http';
import type { Doc } from './http';
import { hostByName, MINUTE, startTestLab, vmByName } from './lab-fixture';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
/** vdsm's guest overhead (65) and reserved memory (256 + 65) a host keeps from its VMs. */
const HOST_KEEPS_MIB = 65 + 321;
/** A VM's overhead: memory/512 + 64 static, 72 video (QXL), 8 per vCPU, 8 per I/O thread. */
const overheadMiB = (memoryMiB: number, cpus = 1) => Math.floor(memoryMiB / 512) + 64 + 72 + 8 * cpus + 8;

/** The vCPUs the API shows for a VM (sockets x cores x threads). */
const vcpus = (vm: Doc) => ['sockets', 'cores', 'threads'].reduce((n, k) => n * Number(vm.cpu.topology[k]), 1);

let lab: LabEngine;
afterEach(() => lab.close());

function withKnobs(inventory: Inventory, knobs: Partial<LabKnobs>): Inventory {
  return { ...inventory, lab: { latencyMs: 2, speed: 0, seed: 1, knobs } };
}

describe("a host's schedulable memory", () => {
  /** Each host's max_scheduling_memory in bytes, computed as the engine does, by host id. */
  async function expectedSchedulable(percent: number): Promise<Map<string, number>> {
    const vms = items((await get(lab, '/vms')).body, 'vm');
    const expected = new Map<string, number>();
    for (const host of items((await get(lab, '/hosts')).body, 'host')) {
      const on = vms.filter((v) => v.host?.id === host.id);
      const committed = on.reduce(
        (sum: number, v) => sum + Number(v.memory) / MiB + overheadMiB(Number(v.memory) / MiB, vcpus(v)),
        0
      );
      const physicalMiB = Number(host.memory) / MiB;
      expected.set(host.id, Math.floor((percent * physicalMiB) / 100 - HOST_KEEPS_MIB - committed) * MiB);
    }
    return expected;
  }

  async function schedulable(): Promise<Map<string, number>> {
    const hosts = items((await get(lab, '/hosts')).body, 'host');
    return new Map(hosts.map((h) => [h.id, Number(h.max_scheduling_memory)]));
  }

  it('is the physical memory less what vdsm keeps and each VM with its overhead', async () => {
    lab = await startTestLab();
    for (const host of items((await get(lab, '/hosts')).body, 'host')) {
      expect(Number(host.memory)).toBe(128 * GiB);
      expect(host.cpu.topology).toEqual({ cores: '20', sockets: '2', threads: '2' });
    }
    expect(await schedulable()).toEqual(await expectedSchedulable(100));
    const [cluster] = items((await get(lab, '/clusters')).body, 'cluster');
    expect(cluster.memory_policy.over_commit.percent).toBe('100');
    const db = await vmByName(lab, 'db-1');
    expect(db.cpu.topology).toEqual({ cores: '1', sockets: '2', threads: '1' }); // 8 GiB: one vCPU per 4 GiB
  });

  it("follows the cluster's over-commit (the memory_over_commit knob)", async () => {
    lab = await startTestLab({ inventory: withKnobs(makeInventory(), { memoryOverCommit: 150 }) });
    const [cluster] = items((await get(lab, '/clusters')).body, 'cluster');
    expect(cluster.memory_policy.over_commit.percent).toBe('150');
    expect(await schedulable()).toEqual(await expectedSchedulable(150));
  });
});

describe('scheduling with the engine memory and CPU rules', () => {
  /** kvm-b1 and kvm-b2 have 8 GiB each: room for an 8 GiB VM by raw memory, not with what the engine counts. */
  async function smallSecondary(vms = makeInventory().vms): Promise<void> {
    const base = makeInventory();
    const hosts = {
      ...base.hosts,
      'kvm-b1': makeHost('kvm-b1', 'secondary', { vars: { memory: '8GiB' } }),
      'kvm-b2': makeHost('kvm-b2', 'secondary', { vars: { memory: '8GiB' } }),
    };
    lab = await startTestLab({ inventory: makeInventory({ hosts, vms }) });
  }

  it('refuses to migrate an 8 GiB VM to an 8 GiB host: free physical memory less the host own use is too low', async () => {
    await smallSecondary([makeVm('db-1', 'primary', { memory: 8 * GiB }), makeVm('web-1', 'primary')]);
    const db = await vmByName(lab, 'db-1');
    const b1 = await hostByName(lab, 'kvm-b1');
    expect(Number(b1.max_scheduling_memory)).toBe((8 * 1024 - HOST_KEEPS_MIB) * MiB);
    const res = await post(lab, `/vms/${db.id}/migrate`, { host: { id: b1.id } });
    expect(res.status).toBe(409);
    expect(res.body.fault.detail).toContain(
      'The host kvm-b1 did not satisfy internal filter Memory because its available memory is too low (7168 MB) to run the VM.'
    );
  });

  it('refuses a VM whose memory fits the physical check but not the over-commit limit with its overhead', async () => {
    const base = makeInventory();
    const hosts = {
      ...base.hosts,
      'kvm-b1': makeHost('kvm-b1', 'secondary', { vars: { memory: '8GiB' } }),
      'kvm-b2': makeHost('kvm-b2', 'secondary', { vars: { memory: '8GiB' } }),
    };
    const inventory = makeInventory({ hosts, vms: [makeVm('db-1', 'primary', { memory: 7800 * MiB })] });
    lab = await startTestLab({ inventory: withKnobs(inventory, { hostOsMemory: 64 * MiB }) });
    const db = await vmByName(lab, 'db-1');
    const b1 = await hostByName(lab, 'kvm-b1');
    const res = await post(lab, `/vms/${db.id}/migrate`, { host: { id: b1.id } });
    expect(res.status).toBe(409);
    expect(res.body.fault.detail).toContain(`its available memory is too low (${8 * 1024 - HOST_KEEPS_MIB} MB)`);
  });

  it("refuses a host with fewer cores than the VM's vCPUs", async () => {
    const base = makeInventory();
    const hosts = {
      ...base.hosts,
      'kvm-b1': makeHost('kvm-b1', 'secondary', { vars: { cpu_sockets: 1, cpu_cores: 4 } }),
    };
    const vms = [makeVm('db-1', 'primary', { vars: { cpus: 8 } })];
    lab = await startTestLab({ inventory: makeInventory({ hosts, vms }) });
    const db = await vmByName(lab, 'db-1');
    expect(db.cpu.topology).toEqual({ cores: '1', sockets: '8', threads: '1' });
    const b1 = await hostByName(lab, 'kvm-b1');
    expect(b1.cpu.topology).toEqual({ cores: '4', sockets: '1', threads: '2' });
    const res = await post(lab, `/vms/${db.id}/migrate`, { host: { id: b1.id } });
    expect(res.status).toBe(409);
    expect(res.body.fault.detail).toContain(
      'The host kvm-b1 did not satisfy internal filter CPU because it has an insufficient amount of CPU cores to run the VM.'
    );
  });

  it('filters out a host loaded above 80 % once it has been for 2 minutes (CPUOverloaded)', async () => {
    lab = await startTestLab();
    const db = await vmByName(lab, 'db-1');
    const b1 = await hostByName(lab, 'kvm-b1');
    lab.world.setHostCpuLoad('kvm-b1', 95);
    lab.clock.advance(2 * MINUTE - 1_000);
    expect((await post(lab, `/vms/${db.id}/migrate`, { host: { id: b1.id } })).status).toBe(200);
    lab.clock.advance(MINUTE);
    const web = await vmByName(lab, 'app-1');
    const res = await post(lab, `/vms/${web.id}/migrate`, { host: { id: b1.id } });
    expect(res.status).toBe(409);
    expect(res.body.fault.detail).toContain(
      'The host kvm-b1 did not satisfy internal filter CPUOverloaded because its CPU is too loaded.'
    );
  });
});

describe('one address, one host', () => {
  it('refuses to add a second host with an address already in the engine, and to change an up host address', async () => {
    lab = await startTestLab({ preinstalled: false });
    const [cluster] = items((await get(lab, '/clusters')).body, 'cluster');
    const add = (name: string, address: string) =>
      post(lab, '/hosts', { name, address, root_password: 'x', cluster: { id: cluster.id } });
    expect((await add('kvm-a1', '127.0.50.1')).status).toBe(201);
    const twin = await add('kvm-a2', '127.0.50.1');
    expect(twin.status).toBe(409);
    expect(twin.body.detail).toBe('[Cannot add Host. Host with the same address already exists.]');
    lab.clock.advance(MINUTE);
    const a1 = await hostByName(lab, 'kvm-a1');
    const moved = await put(lab, `/hosts/${a1.id}`, { address: '127.0.50.2' });
    expect(moved.status).toBe(400);
    expect(moved.body.detail).toMatch(/Host Address can not be modified due to Security restrictions/);
  });
});
