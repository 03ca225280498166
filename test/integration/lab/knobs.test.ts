/** The lab's timings come from the inventory's `lab.knobs`, defaulting to the engine's (over HTTP, virtual clock). */
import type { LabEngine } from '../../../src/lab';
import type { LabKnobs } from '../../../src/inventory/lab-knobs';
import { makeInventory } from '../../helpers/inventory';
import { hostByName, startTestLab } from './lab-fixture';

function inventoryWith(knobs: Partial<LabKnobs>) {
  return makeInventory({ lab: { latencyMs: 2, speed: 0, seed: 1, knobs } });
}

/** The status of `name` at each of `offsets` (ms after the call), moving the clock forward between them. */
async function statusesAt(lab: LabEngine, name: string, offsets: number[]): Promise<string[]> {
  const seen: string[] = [];
  let now = 0;
  for (const offset of offsets) {
    lab.clock.advance(offset - now);
    now = offset;
    seen.push((await hostByName(lab, name)).status as string);
  }
  return seen;
}

describe('lab knobs', () => {
  let lab: LabEngine;
  afterEach(() => lab.close());

  it('with the engine defaults, a silent host is connecting after 3 s (VdsRefreshRate) and non-responsive 60 s (+20 s SPM, +0.5 s per VM) later', async () => {
    lab = await startTestLab();
    const host = lab.world.hostByName('kvm-b2')!;
    const graceMs =
      Math.floor(
        (60_000 + (host.spmStatus === 'spm' ? 20_000 : 0) + 500 * lab.world.vmsOnHost(host.id).length) / 1000
      ) * 1000;
    lab.world.powerOff('kvm-b2');
    expect(await statusesAt(lab, 'kvm-b2', [2_999, 3_000, 3_000 + graceMs - 1, 3_000 + graceMs])).toEqual([
      'up',
      'connecting',
      'connecting',
      'non_responsive',
    ]);
  });

  it('follows host_refresh and host_grace from the inventory', async () => {
    lab = await startTestLab({
      inventory: inventoryWith({ hostRefresh: 10_000, hostGrace: 120_000, hostGraceSpm: 0, hostGracePerVm: 0 }),
    });
    lab.world.powerOff('kvm-b2');
    expect(await statusesAt(lab, 'kvm-b2', [9_999, 10_000, 129_999, 130_000])).toEqual([
      'up',
      'connecting',
      'connecting',
      'non_responsive',
    ]);
  });

  it('truncates the grace period to whole seconds, as the engine does (60 s + 0.5 s per VM)', async () => {
    lab = await startTestLab({ inventory: inventoryWith({ hostGraceSpm: 0, hostGracePerVm: 700 }) });
    const host = await hostByName(lab, 'kvm-a1');
    const vms = lab.world.vmsOnHost(host.id as string).length;
    expect(vms).toBeGreaterThan(0);
    const graceMs = Math.floor((60_000 + 700 * vms) / 1000) * 1000;
    lab.world.powerOff('kvm-a1');
    expect(await statusesAt(lab, 'kvm-a1', [3_000 + graceMs - 1, 3_000 + graceMs])).toEqual([
      'connecting',
      'non_responsive',
    ]);
  });
});
