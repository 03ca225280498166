import type { LabEngine } from '../../../src/lab';
import { makeInventory, makeVm } from '../../helpers/inventory';
import { get, items, post, put } from './http';
import { hostByName, MINUTE, placement, spmHost, startTestLab, statuses, vmByName } from './lab-fixture';

describe('a primary site failure in the lab', () => {
  let lab: LabEngine;

  beforeEach(async () => {
    const base = makeInventory();
    const inventory = makeInventory({ vms: [...base.vms, makeVm('noha-1', 'primary', { highAvailability: false })] });
    lab = await startTestLab({ inventory });
    const app = await vmByName(lab, 'app-1');
    expect((await put(lab, `/vms/${app.id}`, { lease: {} })).status).toBe(200);
  });
  afterEach(() => lab.close());

  it('restarts HA VMs with leases on the secondary site only after the lease expiry', async () => {
    lab.world.powerOff('primary');
    lab.clock.advance(75_000);
    expect((await placement(lab))['db-1']).toMatch(/^kvm-a/);
    lab.clock.advance(3 * MINUTE);
    const where = await placement(lab);
    const vms = await statuses(lab, 'vms');
    expect(where['db-1']).toMatch(/^kvm-b/);
    expect(vms['db-1']).toBe('up');
    expect(vms['app-1']).toBe('unknown');
    expect(vms['noha-1']).toBe('unknown');
    expect(await statuses(lab, 'hosts')).toMatchObject({ 'kvm-a1': 'non_responsive', 'kvm-a2': 'non_responsive' });
  });

  it('keeps the SPM on the dead primary host until it is confirmed rebooted, then elects a secondary host', async () => {
    const oldSpm = await spmHost(lab);
    lab.world.powerOff('primary');
    lab.clock.advance(5 * MINUTE);
    expect(await spmHost(lab)).toBe(oldSpm);
    const dc = items((await get(lab, '/datacenters')).body, 'data_center')[0];
    expect(dc.status).toBe('problematic');
    const host = await hostByName(lab, oldSpm ?? '');
    expect((await post(lab, `/hosts/${host.id}/fence`, { fence_type: 'manual' })).status).toBe(200);
    lab.clock.advance(MINUTE);
    expect(await spmHost(lab)).toMatch(/^kvm-b/);
  });

  it('restarts an HA VM without a lease once its host is confirmed rebooted, and never a non-HA VM', async () => {
    lab.world.powerOff('primary');
    lab.clock.advance(5 * MINUTE);
    for (const name of ['kvm-a1', 'kvm-a2']) {
      const host = await hostByName(lab, name);
      await post(lab, `/hosts/${host.id}/fence`, { fence_type: 'manual' });
    }
    lab.clock.advance(2 * MINUTE);
    const vms = await statuses(lab, 'vms');
    expect(vms['app-1']).toBe('up');
    expect((await placement(lab))['app-1']).toMatch(/^kvm-b/);
    expect(vms['noha-1']).toBe('down');
  });
});
