/**
 * SPM rules as the engine's (engine-behaviour.md rows 2-7): the pool refresh every 10 s, forceselectspm refused
 * unless the data center is up and no SPM task runs, and a power-cycled SPM host comes back without the role.
 * Over HTTP, on the virtual clock.
 */
import type { LabEngine } from '../../../src/lab';
import { get, items, post } from './http';
import type { Doc } from './http';
import { hostByName, MINUTE, spmHost, startTestLab, vmByName } from './lab-fixture';

let lab: LabEngine;
beforeEach(async () => {
  lab = await startTestLab();
});
afterEach(() => lab.close());

async function dataCenterStatus(): Promise<string> {
  return items((await get(lab, '/datacenters')).body, 'data_center')[0].status as string;
}

async function lastEventId(): Promise<number> {
  return Number(items((await get(lab, '/events?max=1')).body, 'event')[0].id);
}

async function eventsSince(from: number): Promise<Doc[]> {
  const list = items((await get(lab, `/events?from=${from}`)).body, 'event');
  return list.sort((a: Doc, b: Doc) => Number(a.id) - Number(b.id));
}

describe('forceselectspm', () => {
  it('is refused while the data center is not up, with the engine words', async () => {
    const spm = (await spmHost(lab))!;
    lab.world.powerOff(spm);
    lab.clock.advance(10_000);
    expect(await dataCenterStatus()).toBe('problematic');
    const b2 = await hostByName(lab, 'kvm-b2');
    const res = await post(lab, `/hosts/${b2.id}/forceselectspm`, {});
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      status: 'failed',
      fault: { detail: '[Cannot force select SPM. Unknown Data Center status.]' },
    });
    lab.clock.advance(10 * MINUTE);
    expect(await spmHost(lab)).toBe(spm);
  });

  it('is refused while an SPM task runs, as is maintenance of the SPM host', async () => {
    const spm = await hostByName(lab, (await spmHost(lab))!);
    lab.world.runSpmTask(MINUTE);
    const b2 = await hostByName(lab, 'kvm-b2');
    const forced = await post(lab, `/hosts/${b2.id}/forceselectspm`, {});
    expect(forced.status).toBe(409);
    expect(forced.body.fault.detail).toBe('[Cannot force select SPM. The Storage Pool has running tasks.]');
    const maintenance = await post(lab, `/hosts/${spm.id}/deactivate`, {});
    expect(maintenance.status).toBe(409);
    expect(maintenance.body.fault.detail).toMatch(/Host has asynchronous running tasks/);
    lab.clock.advance(MINUTE);
    expect((await post(lab, `/hosts/${b2.id}/forceselectspm`, {})).status).toBe(200);
  });

  it('is refused for a host that is not up, or already SPM', async () => {
    const spm = await hostByName(lab, (await spmHost(lab))!);
    const already = await post(lab, `/hosts/${spm.id}/forceselectspm`, {});
    expect(already.status).toBe(409);
    expect(already.body.fault.detail).toBe(
      `[Cannot force select SPM. The Host ${spm.name} is already SPM or contending.]`
    );
    const b1 = await hostByName(lab, 'kvm-b1');
    await post(lab, `/hosts/${b1.id}/deactivate`, {});
    lab.clock.advance(MINUTE);
    const down = await post(lab, `/hosts/${b1.id}/forceselectspm`, {});
    expect(down.status).toBe(409);
    expect(down.body.fault.detail).toBe('[Cannot force select SPM. The Host kvm-b1 is not active.]');
  });

  it('stops the SPM, and the next pool refresh elects the chosen host: 159, 980, contending, 204', async () => {
    const b2 = await hostByName(lab, 'kvm-b2');
    const from = await lastEventId();
    const at = lab.clock.now();
    expect((await post(lab, `/hosts/${b2.id}/forceselectspm`, {})).status).toBe(200);
    lab.clock.advance(10_000);
    expect((await hostByName(lab, 'kvm-b2')).spm.status).toBe('contending');
    expect(await dataCenterStatus()).toBe('contend');
    lab.clock.advance(5_000);
    expect(await spmHost(lab)).toBe('kvm-b2');
    expect(await dataCenterStatus()).toBe('up');
    const events = (await eventsSince(from)).map((e: Doc) => [Number(e.code), Number(e.time) - at]);
    expect(events).toEqual([
      [159, 0],
      [980, 10_000],
      [204, 15_000],
    ]);
  });
});

describe('a power-cycled SPM host', () => {
  it('comes back without the SPM role; an election by priority follows at the next pool refresh', async () => {
    const spm = (await spmHost(lab))!;
    const from = await lastEventId();
    lab.world.powerOff(spm);
    lab.clock.advance(5 * MINUTE);
    expect(await spmHost(lab)).toBe(spm); // no election while the SPM host is silent
    lab.world.powerOn(spm);
    lab.clock.advance(2 * MINUTE + 3_000); // boot, then the engine hears it again
    expect((await hostByName(lab, spm)).status).toBe('up');
    const upAt = lab.clock.now();
    expect(await dataCenterStatus()).toBe('problematic');
    lab.clock.advance(MINUTE);
    const events = await eventsSince(from);
    const elected = events.filter((e: Doc) => e.code === '204');
    expect(elected).toHaveLength(1);
    expect(Number(elected[0].time) - upAt).toBeLessThanOrEqual(15_000);
    const winner = items((await get(lab, '/hosts')).body, 'host').find((h: Doc) => h.spm.status === 'spm');
    expect(elected[0].host).toEqual({ name: winner.address });
    expect(Number(winner.spm.priority)).toBe(8); // a primary host: the highest priority among the up hosts
    expect(await dataCenterStatus()).toBe('up');
    expect(events.filter((e: Doc) => e.code === '980')).toHaveLength(1);
  });
});

describe("a user's start while the data center is not up", () => {
  it('is refused with the engine words until the data center is up again (RunVmValidator.validateStoragePoolUp)', async () => {
    const batch = await vmByName(lab, 'batch-1');
    expect((await post(lab, `/vms/${batch.id}/stop`, {})).status).toBe(200);
    lab.clock.advance(MINUTE);
    expect((await vmByName(lab, 'batch-1')).status).toBe('down');
    const spm = (await spmHost(lab))!;
    expect((await hostByName(lab, spm)).id).not.toBe(batch.host?.id);
    lab.world.powerOff(spm);
    lab.clock.advance(10_000);
    expect(await dataCenterStatus()).toBe('problematic');
    const refused = await post(lab, `/vms/${batch.id}/start`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.fault.detail).toBe('[Cannot run VM. Unknown Data Center status.]');
    expect((await vmByName(lab, 'batch-1')).status).toBe('down');
    lab.world.powerOn(spm);
    lab.clock.advance(3 * MINUTE);
    expect(await dataCenterStatus()).toBe('up');
    expect((await post(lab, `/vms/${batch.id}/start`, {})).status).toBe(200);
    lab.clock.advance(MINUTE);
    expect((await vmByName(lab, 'batch-1')).status).toBe('up');
  });
});
