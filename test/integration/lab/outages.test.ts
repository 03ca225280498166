import type { LabEngine } from '../../../src/lab';
import { makeInventory, makeVm } from '../../helpers/inventory';
import { get, items, post, put } from './http';
import { hostByName, MINUTE, placement, startTestLab, statuses, vmByName } from './lab-fixture';

describe('network cut-offs, storage and HA ordering in the lab', () => {
  let lab: LabEngine;
  afterEach(() => lab.close());

  it('restarts lease VMs of a cut-off site elsewhere and reconciles the site when it reconnects', async () => {
    lab = await startTestLab();
    const app = await vmByName(lab, 'app-1');
    await put(lab, `/vms/${app.id}`, { lease: {} });
    lab.world.cutOff('primary');
    lab.clock.advance(4 * MINUTE);
    expect(await statuses(lab, 'vms')).toMatchObject({ 'db-1': 'up', 'app-1': 'unknown' });
    expect((await placement(lab))['db-1']).toMatch(/^kvm-b/);
    lab.world.reconnect('primary');
    lab.clock.advance(30_000);
    expect(await statuses(lab, 'hosts')).toMatchObject({ 'kvm-a1': 'up', 'kvm-a2': 'up' });
    const vms = await statuses(lab, 'vms');
    expect(vms['app-1']).toBe('up');
    expect((await placement(lab))['app-1']).toMatch(/^kvm-a/);
    expect(Object.values(vms).filter((s) => s === 'up')).toHaveLength(4);
    expect(items((await get(lab, '/datacenters')).body, 'data_center')[0].status).toBe('up');
  });

  it('fences a lost host with power management and restarts its VMs without waiting for a manual confirmation', async () => {
    lab = await startTestLab();
    const web = await vmByName(lab, 'web-1');
    await put(lab, `/vms/${web.id}`, { lease: {} });
    const hostId = web.host.id;
    await put(lab, `/hosts/${hostId}`, { power_management: { enabled: 'true' } });
    const name = (await get(lab, `/hosts/${hostId}`)).body.name;
    lab.world.powerOff(name);
    lab.clock.advance(3 * MINUTE);
    expect((await statuses(lab, 'vms'))['web-1']).toBe('up');
    lab.clock.advance(5 * MINUTE);
    expect((await hostByName(lab, name)).status).toBe('up');
  });

  it('does not restart lease VMs while their lease storage is unreachable (storage not replicated)', async () => {
    lab = await startTestLab({ inventory: makeInventory({ storage: { isReplicated: false } }) });
    lab.world.powerOff('primary');
    lab.clock.advance(10 * MINUTE);
    expect((await statuses(lab, 'vms'))['db-1']).toBe('unknown');
    const [sd] = items(
      (
        await get(
          lab,
          `/datacenters/${items((await get(lab, '/datacenters')).body, 'data_center')[0].id}/storagedomains?search=name%3Ddata-a`
        )
      ).body,
      'storage_domain'
    );
    expect(sd.status).toBe('inactive');
  });

  it('restarts HA VMs confirmed down together highest priority first when capacity is short', async () => {
    const GiB = 1024 ** 3;
    const inventory = makeInventory({
      vms: [
        makeVm('low', 'primary', { memory: 70 * GiB, priority: 1 }),
        makeVm('high', 'primary', { memory: 70 * GiB, priority: 100 }),
      ],
    });
    lab = await startTestLab({ inventory });
    for (const name of ['low', 'high']) await put(lab, `/vms/${(await vmByName(lab, name)).id}`, { lease: {} });
    const b2 = await hostByName(lab, 'kvm-b2');
    await post(lab, `/hosts/${b2.id}/deactivate`, {});
    lab.world.powerOff('primary');
    lab.clock.advance(4 * MINUTE);
    for (const name of ['kvm-a1', 'kvm-a2']) {
      await post(lab, `/hosts/${(await hostByName(lab, name)).id}/fence`, { fence_type: 'manual' });
    }
    lab.clock.advance(MINUTE);
    const vms = await statuses(lab, 'vms');
    expect(vms['high']).toBe('up');
    expect(vms['low']).toBe('down');
    expect((await placement(lab))['high']).toBe('kvm-b1');
    const failures = items((await get(lab, '/events?search=type%3D9603')).body, 'event');
    expect(failures.map((e) => String(e.description))).toContain('Restart of the Highly Available VM low failed.');
  });

  it('names the known targets when a failure target is unknown', async () => {
    lab = await startTestLab();
    expect(() => lab.world.powerOff('tertiary')).toThrow(
      /no host or site "tertiary" in the lab \(known: primary, secondary, kvm-a1/
    );
  });
});

describe('power notifications of the lab world', () => {
  it('tells listeners every machine that lost or got power', async () => {
    const lab = await startTestLab();
    try {
      const changes: string[] = [];
      lab.world.onPowerChange((name, isPoweredOn) => changes.push(`${name}:${isPoweredOn ? 'on' : 'off'}`));
      lab.world.powerOff('primary');
      lab.world.powerOn('kvm-a2');
      expect(changes).toEqual(['kvm-a1:off', 'kvm-a2:off', 'kvm-a2:on']);
    } finally {
      await lab.close();
    }
  });
});
