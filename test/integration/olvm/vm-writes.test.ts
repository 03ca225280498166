/** Every VM write against the lab engine: HA, lease, placement, migrate, stop, start. */
import { OlvmApiError, OlvmFailure, VmPlacement, VmStatus } from '../../../src/olvm';
import type { OlvmClient, Vm } from '../../../src/olvm';
import { advanceClockOnReads, POLL, startOlvmLab } from '../../helpers/olvm-lab';
import type { OlvmLab } from '../../helpers/olvm-lab';

let env: OlvmLab;
let client: OlvmClient;
let sd: { a: string; b: string };
beforeAll(async () => {
  env = await startOlvmLab();
  client = env.connect({ onRequest: advanceClockOnReads(env.lab, 1_000, '/vms/') });
  sd = {
    a: (await client.storageDomains.findByName('data-a'))!.id,
    b: (await client.storageDomains.findByName('data-b'))!.id,
  };
});
afterAll(() => env.close());

async function vm(name: string): Promise<Vm> {
  const found = await client.vms.findByName(name);
  if (!found) throw new Error(`no VM ${name} in the lab`);
  return found;
}

describe('high availability and leases', () => {
  it('refuses a lease on a VM without HA, with the engine message', async () => {
    const batch = await vm('batch-1');
    const error = (await client.vms
      .update(batch.id, { lease: { id: sd.b } }, { correlationId: 'lease-no-ha' })
      .catch((e: unknown) => e)) as OlvmApiError;
    expect(error).toBeInstanceOf(OlvmApiError);
    expect(error).toMatchObject({ failure: OlvmFailure.HTTP, status: 409, isMaybeApplied: false });
    expect(error.message).toMatch(/^engine refused update of VM batch-1: .*high availability.*\(409\)$/);
  });

  it('enables HA with a priority, then adds a lease on the site storage domain', async () => {
    const batch = await vm('batch-1');
    const withHa = await client.vms.update(
      batch.id,
      { highAvailability: { isEnabled: true, priority: 50 } },
      { correlationId: 'ha-1' }
    );
    expect(withHa.highAvailability).toEqual({ isEnabled: true, priority: 50 });
    const withLease = await client.vms.update(batch.id, { lease: { id: sd.b } }, { correlationId: 'lease-1' });
    expect(withLease.lease?.storageDomain.id).toBe(sd.b);
  });

  it('refuses to swap the lease of a running VM, then removes it', async () => {
    const batch = await vm('batch-1');
    await expect(client.vms.update(batch.id, { lease: { id: sd.a } }, { correlationId: 'swap' })).rejects.toMatchObject(
      {
        status: 409,
      }
    );
    const without = await client.vms.update(batch.id, { lease: null }, { correlationId: 'lease-off' });
    expect(without.lease).toBeUndefined();
  });
});

describe('the next-run configuration', () => {
  it('shows a resume behaviour change on a running VM only in the next-run configuration', async () => {
    const web = await vm('web-1');
    const updated = await client.vms.update(
      web.id,
      { storageErrorResumeBehaviour: 'leave_paused' },
      { correlationId: 'resume-next-run' }
    );
    expect(updated.hasNextRunConfiguration).toBe(true);
    expect(updated.storageErrorResumeBehaviour).not.toBe('leave_paused');
    const nextRun = await client.vms.get(web.id, { nextRun: true });
    expect(nextRun.storageErrorResumeBehaviour).toBe('leave_paused');
  });
});

describe('placement', () => {
  it('pins a VM to two hosts named in the request', async () => {
    const web = await vm('web-1');
    const pinned = await client.vms.update(
      web.id,
      { placementPolicy: { affinity: VmPlacement.PINNED, hosts: [{ name: 'kvm-b1' }, { name: 'kvm-b2' }] } },
      { correlationId: 'pin-1' }
    );
    const hostIds = [(await client.hosts.findByName('kvm-b1'))!.id, (await client.hosts.findByName('kvm-b2'))!.id];
    expect(pinned.placementPolicy.affinity).toBe(VmPlacement.PINNED);
    expect(pinned.placementPolicy.hosts.map((h) => h.id).sort()).toEqual(hostIds.sort());
  });

  it('makes it migratable again', async () => {
    const web = await vm('web-1');
    const free = await client.vms.update(
      web.id,
      { placementPolicy: { affinity: VmPlacement.MIGRATABLE, hosts: [] } },
      { correlationId: 'unpin-1' }
    );
    expect(free.placementPolicy.affinity).toBe(VmPlacement.MIGRATABLE);
  });
});

describe('migrate, stop, start', () => {
  it('migrates a VM to a named host and waits until it runs there', async () => {
    const web = await vm('web-1');
    const target = web.host?.id === (await client.hosts.findByName('kvm-b1'))!.id ? 'kvm-b2' : 'kvm-b1';
    await expect(
      client.vms.migrate(web.id, { host: { name: target }, correlationId: 'move-1' })
    ).resolves.toMatchObject({
      status: 'complete',
      correlationId: 'move-1',
    });
    const { vm: moved, trail } = await client.vms.waitForStatus(web.id, [VmStatus.UP], POLL);
    expect(trail).toEqual([VmStatus.MIGRATING, VmStatus.UP]);
    const placed = await client.vms.get(moved.id, { follow: 'host' });
    expect(placed.host?.name).toBe(target);
  });

  it('refuses a migration to the host the VM is on', async () => {
    const web = await vm('web-1');
    await expect(
      client.vms.migrate(web.id, { host: { id: web.host!.id }, correlationId: 'same-host' })
    ).rejects.toMatchObject({ status: 409, isRetryable: false });
  });

  it('powers a VM off and starts it on a chosen host', async () => {
    const batch = await vm('batch-1');
    await client.vms.stop(batch.id, { reason: 'drill', correlationId: 'stop-1' });
    const { trail: down } = await client.vms.waitForStatus(batch.id, [VmStatus.DOWN], POLL);
    expect(down[down.length - 1]).toBe(VmStatus.DOWN);
    expect((await client.vms.get(batch.id)).host).toBeUndefined();
    await client.vms.start(batch.id, { host: { name: 'kvm-b2' }, correlationId: 'start-1' });
    const { vm: started, trail: up } = await client.vms.waitForStatus(batch.id, [VmStatus.UP], POLL);
    expect(up[0]).not.toBe(VmStatus.UP);
    expect(up[up.length - 1]).toBe(VmStatus.UP);
    expect(started.host?.id).toBe((await client.hosts.findByName('kvm-b2'))!.id);
  });

  it('fails a status wait that sees a status it was told to fail on', async () => {
    const batch = await vm('batch-1');
    await client.vms.stop(batch.id, { correlationId: 'stop-2' });
    await expect(
      client.vms.waitForStatus(batch.id, [VmStatus.UP], { ...POLL, failOn: [VmStatus.DOWN] })
    ).rejects.toThrow(/^VM batch-1 went down while waiting for up/);
  });
});
