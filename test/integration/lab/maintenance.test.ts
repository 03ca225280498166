import type { LabEngine } from '../../../src/lab';
import { ClockMode } from '../../../src/lab';
import { post } from './http';
import { hostByName, MINUTE, placement, spmHost, startTestLab, statuses } from './lab-fixture';

describe('host maintenance and failback in the lab', () => {
  let lab: LabEngine;

  beforeEach(async () => {
    lab = await startTestLab();
  });
  afterEach(() => lab.close());

  async function deactivate(name: string) {
    const host = await hostByName(lab, name);
    return post(lab, `/hosts/${host.id}/deactivate`, { reason: 'DR drill' });
  }

  it('moves every VM to the secondary site and the SPM with it when the primary hosts enter maintenance', async () => {
    expect(await spmHost(lab)).toMatch(/^kvm-a/);
    for (const name of ['kvm-a1', 'kvm-a2']) expect((await deactivate(name)).status).toBe(200);
    expect(await statuses(lab, 'hosts')).toMatchObject({
      'kvm-a1': 'preparing_for_maintenance',
      'kvm-a2': 'preparing_for_maintenance',
    });
    lab.clock.advance(4 * MINUTE); // db-1's 8 GiB at 52 MiB/s: about 3 minutes 8 seconds
    expect(await statuses(lab, 'hosts')).toMatchObject({ 'kvm-a1': 'maintenance', 'kvm-a2': 'maintenance' });
    const where = await placement(lab);
    for (const vm of ['db-1', 'app-1', 'web-1', 'batch-1']) expect(where[vm]).toMatch(/^kvm-b/);
    expect(await spmHost(lab)).toMatch(/^kvm-b/);
  });

  it('brings soft-affinity VMs home one per balancer interval when the primary hosts return', async () => {
    for (const name of ['kvm-a1', 'kvm-a2']) await deactivate(name);
    lab.clock.advance(4 * MINUTE);
    for (const name of ['kvm-a1', 'kvm-a2']) {
      const host = await hostByName(lab, name);
      expect((await post(lab, `/hosts/${host.id}/activate`, {})).status).toBe(200);
    }
    lab.clock.advance(10_000);
    expect(await statuses(lab, 'hosts')).toMatchObject({ 'kvm-a1': 'up', 'kvm-a2': 'up' });
    const homeCount = async () => {
      const where = await placement(lab);
      return ['db-1', 'app-1'].filter((vm) => where[vm]?.startsWith('kvm-a')).length;
    };
    expect(await homeCount()).toBe(0);
    lab.clock.advance(2 * MINUTE); // one balancer interval plus app-1's migration (2 GiB: about 49 s)
    expect(await homeCount()).toBe(1);
    lab.clock.advance(4 * MINUTE); // the next interval moves db-1 (8 GiB: about 3 minutes 8 seconds)
    expect(await homeCount()).toBe(2);
  });
});

describe('a lab in auto clock mode', () => {
  it('runs a maintenance to its end without the test moving time', async () => {
    const lab = await startTestLab({ clockMode: ClockMode.AUTO });
    try {
      const host = await hostByName(lab, 'kvm-a1');
      await post(lab, `/hosts/${host.id}/deactivate`, {});
      let status = '';
      for (let i = 0; i < 200 && status !== 'maintenance'; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        status = (await hostByName(lab, 'kvm-a1')).status as string;
      }
      expect(status).toBe('maintenance');
    } finally {
      await lab.close();
    }
  });
});
