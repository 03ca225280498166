/**
 * Live migrations as vdsm runs them under the cluster's default policy (engine-behaviour.md row 17), over HTTP on
 * the virtual clock: two out and two in at once per host, the rest waiting; each taking the time its memory, its
 * dirty rate, the bandwidth and the round trip between the hosts give; one that does not converge aborts, is re-run
 * to other hosts (128) and then fails (140, or 166 and 1111 when no host is left), and the host stays
 * preparing_for_maintenance until a retry 5 minutes later moves it.
 */
import type { LabEngine } from '../../../src/lab';
import type { LabKnobs } from '../../../src/inventory/lab-knobs';
import { makeHost, makeInventory, makeVm } from '../../helpers/inventory';
import { get, items, post } from './http';
import type { Doc } from './http';
import { hostByName, startTestLab, statuses, vmByName } from './lab-fixture';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const SECOND = 1_000;

/** One primary host running six 2 GiB VMs; two secondary hosts. */
function sixVmsOnOneHost(knobs: Partial<LabKnobs> = {}, latencyMs = 2) {
  const base = makeInventory({ lab: { latencyMs, speed: 0, seed: 1, knobs } });
  return {
    ...base,
    sites: { ...base.sites, primary: { ...base.sites.primary, hosts: ['kvm-a1'] } },
    hosts: {
      'kvm-a1': makeHost('kvm-a1', 'primary'),
      'kvm-b1': makeHost('kvm-b1', 'secondary'),
      'kvm-b2': makeHost('kvm-b2', 'secondary'),
      engine: makeHost('engine', undefined),
    },
    groups: {},
    vms: Array.from({ length: 6 }, (_, i) => makeVm(`vm-${i + 1}`, 'primary', { memory: 2 * GiB })),
  };
}

interface Seen {
  code: number;
  /** Seconds after `start`. */
  at: number;
  vm: string;
  text: string;
}

async function eventsSince(lab: LabEngine, firstId: number, start: number): Promise<Seen[]> {
  const vms = new Map<string, string>(items((await get(lab, '/vms')).body, 'vm').map((v) => [v.id, v.name]));
  return items((await get(lab, `/events?from=${firstId - 1}&max=5000`)).body, 'event')
    .filter((e: Doc) => Number(e.id) >= firstId)
    .reverse()
    .map((e: Doc) => ({
      code: Number(e.code),
      at: (Number(e.time) - start) / SECOND,
      vm: vms.get(e.vm?.id as string) ?? '',
      text: e.description as string,
    }));
}

describe('live migrations in the lab', () => {
  let lab: LabEngine | undefined;
  afterEach(async () => {
    await lab?.close();
    lab = undefined;
  });

  it('six VMs leaving one host for maintenance move two at a time, each taking the time its memory needs', async () => {
    lab = await startTestLab({ inventory: sixVmsOnOneHost() });
    const [start, firstId] = [lab.clock.now(), lab.world.state.nextEventId];
    const a1 = await hostByName(lab, 'kvm-a1');
    expect((await post(lab, `/hosts/${a1.id}/deactivate`, {})).status).toBe(200);
    expect(Object.values(await statuses(lab, 'vms')).filter((s) => s === 'migrating')).toHaveLength(6);
    lab.clock.advance(10 * 60 * SECOND);
    const events = await eventsSince(lab, firstId, start);
    expect(events.filter((e) => e.code === 67).map((e) => e.at)).toEqual([0, 0, 0, 0, 0, 0]);
    const done = events.filter((e) => e.code === 63).map((e) => e.at);
    expect(done).toHaveLength(6);
    // 2 GiB at 52 MiB/s (39.4 s) plus what an 8 MiB/s guest dirties meanwhile, after 2 s of set-up: ~49 s a wave.
    const wave = done[0]!;
    expect(wave).toBeGreaterThan(47);
    expect(wave).toBeLessThan(50);
    const waves = [wave, wave, 2 * wave, 2 * wave, 3 * wave, 3 * wave];
    done.forEach((at, i) => expect(at).toBeCloseTo(waves[i]!, 0));
    expect((await hostByName(lab, 'kvm-a1')).status).toBe('maintenance');
  }, 30_000);

  it('with max_migrations 3, three at a time', async () => {
    lab = await startTestLab({ inventory: sixVmsOnOneHost({ maxMigrations: 3 }) });
    const [start, firstId] = [lab.clock.now(), lab.world.state.nextEventId];
    await post(lab, `/hosts/${(await hostByName(lab, 'kvm-a1')).id}/deactivate`, {});
    lab.clock.advance(10 * 60 * SECOND);
    const done = (await eventsSince(lab, firstId, start)).filter((e) => e.code === 63).map((e) => e.at);
    expect(new Set(done).size).toBe(2);
  }, 30_000);

  it('a VM whose guest dirties memory faster than the link aborts; the engine re-runs it to the other host (128), then gives up (166, 1111); the host stays preparing and is retried every 5 minutes', async () => {
    lab = await startTestLab({ inventory: sixVmsOnOneHost() });
    lab.world.setDirtyRate('vm-1', 100 * MiB);
    const [start, firstId] = [lab.clock.now(), lab.world.state.nextEventId];
    const a1 = await hostByName(lab, 'kvm-a1');
    await post(lab, `/hosts/${a1.id}/deactivate`, {});
    lab.clock.advance(12 * 60 * SECOND);
    let events = await eventsSince(lab, firstId, start);
    const reruns = events.filter((e) => e.code === 128);
    expect(reruns.map((e) => e.vm)).toEqual(['vm-1', 'vm-1']);
    // Passes of 39 s (2 GiB at 52 MiB/s, all of it dirtied again): the schedule's six steps take until ~330 s.
    const [first, second] = reruns.map((e) => e.at) as [number, number];
    expect(first).toBeGreaterThan(300);
    expect(first).toBeLessThan(360);
    expect(reruns[0]!.text).not.toEqual(reruns[1]!.text);
    // The re-run went at once to the other secondary host, and aborted as late.
    expect(second).toBeCloseTo(2 * first, 0);
    expect(events.filter((e) => e.code === 67 && e.vm === 'vm-1').map((e) => e.at)).toEqual([0, first]);
    const gaveUp = events.filter((e) => e.vm === 'vm-1' && [140, 166, 1111].includes(e.code));
    expect(gaveUp.map((e) => [e.code, e.at])).toEqual([
      [166, second],
      [1111, second],
    ]);
    expect(gaveUp[1]!.text).toContain("while Source Host is in 'preparing for maintenance' state");
    expect(events.filter((e) => e.code === 63)).toHaveLength(5);
    expect((await hostByName(lab, 'kvm-a1')).status).toBe('preparing_for_maintenance');
    expect((await vmByName(lab, 'vm-1')).status).toBe('up');
    lab.clock.advance(4 * 60 * SECOND);
    events = await eventsSince(lab, firstId, start);
    // The retries at 300 and 600 s found vm-1 migrating; the one at 900 s starts it again.
    expect(events.filter((e) => e.code === 67 && e.vm === 'vm-1').map((e) => e.at)).toEqual([0, first, 900]);
    lab.world.setDirtyRate('vm-1', 0);
    lab.clock.advance(20 * 60 * SECOND);
    expect((await hostByName(lab, 'kvm-a1')).status).toBe('maintenance');
  }, 30_000);

  it('with migration_tries 1 the first abort fails the migration (128, then 140 naming the destination)', async () => {
    lab = await startTestLab({ inventory: sixVmsOnOneHost({ migrationTries: 1 }) });
    lab.world.setDirtyRate('vm-1', 100 * MiB);
    const [start, firstId] = [lab.clock.now(), lab.world.state.nextEventId];
    await post(lab, `/hosts/${(await hostByName(lab, 'kvm-a1')).id}/deactivate`, {});
    lab.clock.advance(6 * 60 * SECOND);
    const events = (await eventsSince(lab, firstId, start)).filter((e) => e.vm === 'vm-1' && e.code !== 67);
    expect(events.map((e) => e.code)).toEqual([128, 140]);
    expect(events[1]!.at).toBe(events[0]!.at);
    expect(events[1]!.text).toContain("while Host is in 'preparing for maintenance' state");
    expect(events[1]!.text).toMatch(/Destination: kvm-b[12]\)/);
  }, 30_000);

  it('a migration to a host the user named is not re-run: 120 at the abort', async () => {
    lab = await startTestLab({ inventory: sixVmsOnOneHost() });
    lab.world.setDirtyRate('vm-1', 100 * MiB);
    const [start, firstId] = [lab.clock.now(), lab.world.state.nextEventId];
    const vm = await vmByName(lab, 'vm-1');
    const b2 = await hostByName(lab, 'kvm-b2');
    expect((await post(lab, `/vms/${vm.id}/migrate`, { host: { id: b2.id } })).status).toBe(200);
    lab.clock.advance(10 * 60 * SECOND);
    const events = (await eventsSince(lab, firstId, start)).filter((e) => e.vm === 'vm-1');
    expect(events.map((e) => e.code)).toEqual([62, 120]);
    expect(events[1]!.text).toContain('Destination: kvm-b2');
    expect((await vmByName(lab, 'vm-1')).status).toBe('up');
    expect(lab.world.vm(vm.id)?.hostId).toBe((await hostByName(lab, 'kvm-a1')).id);
  }, 30_000);

  it('a migration between sites 100 ms apart is slower: 4 MiB in flight per round trip is 40 MiB/s', async () => {
    const measure = async (latencyMs: number): Promise<number> => {
      const other = await startTestLab({ inventory: sixVmsOnOneHost({ vmDirtyRate: 0 }, latencyMs) });
      try {
        const [start, firstId] = [other.clock.now(), other.world.state.nextEventId];
        const vm = await vmByName(other, 'vm-1');
        const b1 = await hostByName(other, 'kvm-b1');
        expect((await post(other, `/vms/${vm.id}/migrate`, { host: { id: b1.id } })).status).toBe(200);
        other.clock.advance(5 * 60 * SECOND);
        return (await eventsSince(other, firstId, start)).find((e) => e.code === 63)!.at;
      } finally {
        await other.close();
      }
    };
    expect(await measure(2)).toBeCloseTo(2 + 2048 / 52, 0);
    expect(await measure(100)).toBeCloseTo(2 + 2048 / 40, 0);
  }, 30_000);

  it('a destination takes two incoming at once; a third source tries again every 10 s', async () => {
    const base = makeInventory({ lab: { latencyMs: 2, speed: 0, seed: 1, knobs: { vmDirtyRate: 0 } } });
    const inventory = {
      ...base,
      sites: { ...base.sites, primary: { ...base.sites.primary, hosts: ['kvm-a1', 'kvm-a2', 'kvm-a3'] } },
      hosts: { ...base.hosts, 'kvm-a3': makeHost('kvm-a3', 'primary') },
      vms: ['kvm-a1', 'kvm-a2', 'kvm-a3'].map((_, i) => makeVm(`vm-${i + 1}`, 'primary', { memory: 2 * GiB })),
    };
    lab = await startTestLab({ inventory });
    const [start, firstId] = [lab.clock.now(), lab.world.state.nextEventId];
    const b1 = await hostByName(lab, 'kvm-b1');
    const names = Object.entries(await statuses(lab, 'vms')).map(([name]) => name);
    expect(names.sort()).toEqual(['vm-1', 'vm-2', 'vm-3']);
    const hostsOfVms = new Set(lab.world.state.vms.map((vm) => vm.hostId));
    expect(hostsOfVms.size).toBe(3);
    for (const name of names)
      await post(lab, `/vms/${(await vmByName(lab, name)).id}/migrate`, { host: { id: b1.id } });
    lab.clock.advance(5 * 60 * SECOND);
    const done = (await eventsSince(lab, firstId, start)).filter((e) => e.code === 63).map((e) => e.at);
    const one = 2 + 2048 / 52;
    expect(done[0]).toBeCloseTo(one, 0);
    expect(done[1]).toBeCloseTo(one, 0);
    // The third retried at 10, 20, 30, 40 s: a slot was free at 50 s.
    expect(done[2]).toBeCloseTo(50 + one, 0);
  }, 30_000);
});
