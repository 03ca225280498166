/**
 * VMs with a lease on a lost host restart as sanlock and the engine allow (engine-behaviour.md rows 13-14), seen
 * over HTTP on the virtual clock: the engine's tries (506 / 507) come 9 refreshes after the VMs went unknown, then
 * every 101 refreshes; a new instance runs only once its lease is free, host_dead_seconds after the surviving
 * hosts last saw the dead host renew.
 */
import type { LabEngine } from '../../../src/lab';
import type { LabKnobs } from '../../../src/inventory/lab-knobs';
import { makeInventory } from '../../helpers/inventory';
import { get, items } from './http';
import type { Doc } from './http';
import { placement, startTestLab, statuses } from './lab-fixture';

const PRIMARY_VMS = ['db-1', 'app-1'];

function inventoryWith(knobs: Partial<LabKnobs>) {
  return makeInventory({ lab: { latencyMs: 2, speed: 0, seed: 1, knobs } });
}

/** Seconds after the cut at which each primary VM was first seen running on another host. */
async function firstUpElsewhere(lab: LabEngine, untilSeconds: number): Promise<Record<string, number>> {
  const firstUp: Record<string, number> = {};
  for (let second = 1; second <= untilSeconds; second++) {
    lab.clock.advance(1_000);
    const [vms, where] = [await statuses(lab, 'vms'), await placement(lab)];
    for (const name of PRIMARY_VMS) {
      const isElsewhere = where[name]?.startsWith('kvm-b') === true;
      if (firstUp[name] === undefined && isElsewhere && vms[name] === 'up') firstUp[name] = second;
    }
  }
  return firstUp;
}

interface SeenEvent {
  id: number;
  code: number;
  /** Seconds after `startedAt`. */
  at: number;
  vmId: string | undefined;
}

async function eventsSince(lab: LabEngine, startedAt: number, codes: number[]): Promise<SeenEvent[]> {
  const all: Doc[] = items((await get(lab, '/events?max=1000')).body, 'event');
  return all
    .map(
      (e): SeenEvent => ({
        id: Number(e.id),
        code: Number(e.code),
        at: (Number(e.time) - startedAt) / 1000,
        vmId: e.vm?.id as string | undefined,
      })
    )
    .filter((e) => codes.includes(e.code))
    .sort((a, b) => a.at - b.at || a.id - b.id);
}

describe('HA VMs with a lease after their site loses power', () => {
  let lab: LabEngine;
  afterEach(() => lab.close());

  it.each<[LabKnobs['leaseRenewalPhase'], number]>([
    ['early', 121],
    ['on-failure', 141],
    ['late', 161],
  ])(
    'with io_timeout 10 s and the %s renewal phase, no VM runs elsewhere before %i s after the cut (never before 120 s)',
    async (phase, freeAt) => {
      lab = await startTestLab({ inventory: inventoryWith({ leaseRenewalPhase: phase }) });
      lab.world.powerOff('primary');
      const firstUp = await firstUpElsewhere(lab, freeAt + 20);
      for (const name of PRIMARY_VMS) {
        expect(firstUp[name]).toBeGreaterThanOrEqual(120);
        expect(firstUp[name]).toBe(freeAt + 8);
      }
    },
    60_000
  );

  it('tries on the 9th refresh after the VMs went unknown (506), then waits in wait_for_launch for the lease', async () => {
    lab = await startTestLab();
    const cutAt = lab.clock.now();
    lab.world.powerOff('primary');
    lab.clock.advance(130_000);
    const unknown = await eventsSince(lab, cutAt, [142]);
    const tries = await eventsSince(lab, cutAt, [506]);
    const nonSpmVm = lab.world.state.vms.find(
      (vm) => vm.name !== 'HostedEngine' && unknown.some((e) => e.vmId === vm.id)
    );
    expect(nonSpmVm).toBeDefined();
    const wentUnknown = unknown.find((e) => e.vmId === nonSpmVm!.id)!.at;
    expect(tries.find((e) => e.vmId === nonSpmVm!.id)!.at).toBe(wentUnknown + 27);
    expect((await statuses(lab, 'vms'))[nonSpmVm!.name]).toBe('wait_for_launch');
  });

  it('with lease_acquire fail, a try before the lease is free fails (507) and the next comes 101 refreshes later', async () => {
    lab = await startTestLab({ inventory: inventoryWith({ leaseAcquire: 'fail' }) });
    const cutAt = lab.clock.now();
    lab.world.powerOff('primary');
    lab.clock.advance(10 * 60_000);
    const tries = await eventsSince(lab, cutAt, [506, 507]);
    for (const name of PRIMARY_VMS) {
      const vmId = lab.world.vmByName(name)!.id;
      const mine = tries.filter((e) => e.vmId === vmId);
      const firstAt = mine[0]!.at;
      // 506 and 507 for the try while the lease is held; 506 at the launch 303 s later and 506 again when up.
      expect(mine.map((e) => [e.code, e.at])).toEqual([
        [506, firstAt],
        [507, firstAt],
        [506, firstAt + 303],
        [506, firstAt + 303 + 10],
      ]);
      expect(firstAt).toBeLessThan(161);
    }
    const vms = await statuses(lab, 'vms');
    for (const name of PRIMARY_VMS) expect(vms[name]).toBe('up');
  });

  it('with io_timeout 20 s, the lease is free 8 x 20 + 60 s after the last renewal seen (late phase: 261 s)', async () => {
    lab = await startTestLab({ inventory: inventoryWith({ sanlockIoTimeout: 20_000 }) });
    lab.world.powerOff('primary');
    const firstUp = await firstUpElsewhere(lab, 280);
    for (const name of PRIMARY_VMS) expect(firstUp[name]).toBe(261 + 8);
  }, 60_000);
});
