/**
 * The lab's events as the engine writes them (engine-behaviour.md rows 24-25; src/lab/world/audit-catalogue.ts):
 * codes, severities, texts and entity links, read over HTTP from /events on the virtual clock.
 */
import type { LabEngine } from '../../../src/lab';
import { get, items, post, put } from './http';
import type { Doc } from './http';
import { hostByName, MINUTE, startTestLab, vmByName } from './lab-fixture';

let lab: LabEngine;
beforeEach(async () => {
  lab = await startTestLab();
});
afterEach(() => lab.close());

/** Events newer than `from`, oldest first. */
async function eventsSince(from: number): Promise<Doc[]> {
  const list = items((await get(lab, `/events?from=${from}`)).body, 'event');
  return list.sort((a: Doc, b: Doc) => Number(a.id) - Number(b.id));
}

async function lastEventId(): Promise<number> {
  return Number(items((await get(lab, '/events?max=1')).body, 'event')[0]?.id ?? 0);
}

const codesOf = (events: Doc[]) => events.map((e: Doc) => Number(e.code));

describe('events of a site power cut (hosts without power management, VMs with leases)', () => {
  it('logs 9027 and alert 9028 per host, 142 for each VM alone, and 506 twice per restart, never 32 or 9602', async () => {
    const from = await lastEventId();
    const cutAt = lab.clock.now();
    lab.world.powerOff('primary');
    lab.clock.advance(15 * MINUTE);
    const events = await eventsSince(from);
    const codes = codesOf(events);
    expect(codes).not.toContain(9008);
    expect(codes).not.toContain(9000);
    expect(codes).not.toContain(9602);
    expect(codes).not.toContain(32);
    const a1 = await hostByName(lab, 'kvm-a1');
    const notResponding = events.find((e: Doc) => e.code === '9027' && e.host?.id === a1.id);
    expect(notResponding).toMatchObject({
      severity: 'warning',
      description:
        'Host kvm-a1 is not responding. Host cannot be fenced automatically because power management for the host is disabled.',
    });
    expect(Number(notResponding.time) - cutAt).toBe(3_000);
    expect(notResponding.cluster).toBeUndefined();
    expect(events.find((e: Doc) => e.code === '12' && e.host?.id === a1.id)).toMatchObject({ severity: 'error' });
    expect(events.find((e: Doc) => e.code === '9028' && e.host?.id === a1.id)).toMatchObject({
      severity: 'alert',
      description:
        'Host kvm-a1 became non responsive. It has no power management configured. Please check the host status, manually reboot it, and click "Confirm Host Has Been Rebooted"',
    });
    const db = await vmByName(lab, 'db-1');
    const unknown = events.find((e: Doc) => e.code === '142' && e.vm?.id === db.id);
    expect(unknown).toMatchObject({ severity: 'warning', description: 'VM db-1 was set to the Unknown status.' });
    expect(unknown.host).toBeUndefined();
    const runs = events.filter((e: Doc) => e.code === '506' && e.vm?.id === db.id);
    expect(runs).toHaveLength(2);
    const [launch, up] = runs;
    expect(launch.host.id).toBe(up.host.id);
    const target = (await get(lab, `/hosts/${launch.host.id}`)).body;
    expect(target.name).toMatch(/^kvm-b/);
    expect(launch).toMatchObject({
      severity: 'normal',
      description: `Trying to restart VM db-1 on Host ${target.name}`,
      cluster: { id: db.cluster.id },
      data_center: { id: expect.any(String) },
    });
    expect(Number(up.time)).toBeGreaterThan(Number(launch.time));
    expect((await vmByName(lab, 'db-1')).status).toBe('up');
    expect(events.some((e: Doc) => String(e.description).includes('<UNKNOWN>'))).toBe(false);
  });

  it('logs 9008 with the grace period in seconds for a host with power management', async () => {
    const b2 = await hostByName(lab, 'kvm-b2');
    await put(lab, `/hosts/${b2.id}`, { power_management: { enabled: true } });
    const from = await lastEventId();
    lab.world.powerOff('kvm-b2');
    lab.clock.advance(10_000);
    const connecting = (await eventsSince(from)).find((e: Doc) => e.code === '9008');
    expect(connecting).toMatchObject({
      severity: 'warning',
      host: { id: b2.id },
      description: expect.stringMatching(
        /^Host kvm-b2 is not responding\. It will stay in Connecting state for a grace period of \d+ seconds and after that an attempt to fence the host will be issued\.$/
      ),
    });
  });
});

describe('events of host maintenance', () => {
  it('logs 620 without a reason, 67 and 63 linking the source host, and nothing when the host reaches maintenance', async () => {
    const a2 = await hostByName(lab, 'kvm-a2');
    const vmsOnA2 = items((await get(lab, '/vms')).body, 'vm').filter((v: Doc) => v.host?.id === a2.id);
    expect(vmsOnA2.length).toBeGreaterThan(0);
    const from = await lastEventId();
    expect((await post(lab, `/hosts/${a2.id}/deactivate`, {})).status).toBe(200);
    lab.clock.advance(MINUTE);
    expect((await hostByName(lab, 'kvm-a2')).status).toBe('maintenance');
    const events = await eventsSince(from);
    expect(codesOf(events)).not.toContain(15);
    expect(codesOf(events)).not.toContain(600);
    expect(events.find((e: Doc) => e.code === '620')).toMatchObject({
      severity: 'normal',
      description: 'Host kvm-a2 was switched to Maintenance mode by admin@internal-authz.',
      host: { id: a2.id },
      cluster: { id: a2.cluster.id },
    });
    for (const vm of vmsOnA2) {
      const start = events.find((e: Doc) => e.code === '67' && e.vm?.id === vm.id);
      const done = events.find((e: Doc) => e.code === '63' && e.vm?.id === vm.id);
      const destination = (await get(lab, `/vms/${vm.id}`)).body.host.id;
      const destinationName = (await get(lab, `/hosts/${destination}`)).body.name;
      expect(start.host.id).toBe(a2.id);
      expect(start.description).toBe(
        `Migration initiated by system (VM: ${vm.name}, Source: kvm-a2, Destination: ${destinationName}, Reason: Host preparing for maintenance).`
      );
      expect(done.host.id).toBe(a2.id);
      // Durations in the engine's words and the downtime vdsm reports (a 2 GiB guest: about 49 s, tens of ms).
      expect(done.description).toMatch(
        new RegExp(
          `^Migration completed \\(VM: ${vm.name}, Source: kvm-a2, Destination: ${destinationName}, Duration: \\d+ seconds, Total: \\d+ seconds, Actual downtime: \\d+ms\\)$`
        )
      );
    }
  });

  it('logs 600 with the reason given', async () => {
    const b1 = await hostByName(lab, 'kvm-b1');
    const from = await lastEventId();
    await post(lab, `/hosts/${b1.id}/deactivate`, { reason: 'DR drill' });
    const event = (await eventsSince(from)).find((e: Doc) => e.code === '600');
    expect(event.description).toBe(
      'Host kvm-b1 was switched to Maintenance mode by admin@internal-authz (Reason: DR drill).'
    );
  });
});

describe('events of power management, the SPM and the data center', () => {
  it('logs a user restart as 41, not 121', async () => {
    const b1 = await hostByName(lab, 'kvm-b1');
    await put(lab, `/hosts/${b1.id}`, { power_management: { enabled: true } });
    await post(lab, `/hosts/${b1.id}/deactivate`, {});
    lab.clock.advance(MINUTE);
    const from = await lastEventId();
    expect((await post(lab, `/hosts/${b1.id}/fence`, { fence_type: 'restart' })).status).toBe(200);
    const codes = codesOf(await eventsSince(from));
    expect(codes).toContain(41);
    expect(codes).not.toContain(121);
  });

  it('names the new SPM by address in 204 and logs 980 when the data center loses its SPM', async () => {
    const spm = items((await get(lab, '/hosts')).body, 'host').find((h: Doc) => h.spm.status === 'spm');
    const from = await lastEventId();
    await post(lab, `/hosts/${spm.id}/deactivate`, {});
    lab.clock.advance(MINUTE);
    const events = await eventsSince(from);
    const problematic = events.find((e: Doc) => e.code === '980');
    expect(problematic).toMatchObject({
      severity: 'warning',
      description: 'Invalid status on Data Center dc1. Setting status to Non Responsive.',
      data_center: { id: expect.any(String) },
    });
    const elected = events.find((e: Doc) => e.code === '204');
    const newSpm = items((await get(lab, '/hosts')).body, 'host').find((h: Doc) => h.spm.status === 'spm');
    expect(elected.host).toEqual({ name: newSpm.address });
    expect(elected.description).toBe(
      `Storage Pool Manager runs on Host ${newSpm.address} (Address: ${newSpm.address}), Data Center dc1.`
    );
    expect(Number(problematic.id)).toBeLessThan(Number(elected.id));
  });
});
