/** Every host write against the lab engine, each tagged with a correlation id the engine's jobs carry. */
import { HostStatus, OlvmApiError, OlvmFailure, SpmStatus, waitFor } from '../../../src/olvm';
import type { Host, OlvmClient } from '../../../src/olvm';
import { cutOff } from '../../../src/lab/world/failures';
import { advanceClockOnReads, POLL, startOlvmLab } from '../../helpers/olvm-lab';
import type { OlvmLab } from '../../helpers/olvm-lab';

let env: OlvmLab;
let client: OlvmClient;
beforeAll(async () => {
  env = await startOlvmLab();
  client = env.connect({ onRequest: advanceClockOnReads(env.lab, 1_000, '/hosts/') });
});
afterAll(() => env.close());

async function host(name: string): Promise<Host> {
  const found = await client.hosts.findByName(name);
  if (!found) throw new Error(`no host ${name} in the lab`);
  return found;
}

describe('update', () => {
  it('changes the SPM priority and returns the updated host', async () => {
    const before = await host('kvm-b2');
    const updated = await client.hosts.update(before.id, { spmPriority: 2 }, { correlationId: 'spm-prio-1' });
    expect(updated.spm.priority).toBe(2);
    expect((await client.hosts.get(before.id)).spm.priority).toBe(2);
  });

  it('refuses an out-of-range priority before sending anything', async () => {
    const target = await host('kvm-b2');
    env.lab.writes.reset();
    await expect(client.hosts.update(target.id, { spmPriority: 11 }, { correlationId: 'x' })).rejects.toThrow(
      /spm priority must be an integer from -1 to 10/
    );
    expect(env.lab.writes.count()).toBe(0);
  });
});

describe('maintenance and activation', () => {
  it('deactivates with a reason, waits through preparing_for_maintenance, and finds the job by correlation id', async () => {
    const target = await host('kvm-a2');
    const result = await client.hosts.deactivate(target.id, {
      reason: 'DR drill: evacuate',
      correlationId: 'drill-7-evacuate',
    });
    expect(result).toMatchObject({ status: 'complete', correlationId: 'drill-7-evacuate' });
    const { host: after, trail } = await client.hosts.waitForStatus(target.id, [HostStatus.MAINTENANCE], POLL);
    expect(after.status).toBe(HostStatus.MAINTENANCE);
    expect(after.statusDetail).toBe('DR drill: evacuate');
    expect(trail).toEqual([HostStatus.PREPARING_FOR_MAINTENANCE, HostStatus.MAINTENANCE]);
    const jobs = await client.jobs.findByCorrelationId('drill-7-evacuate');
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs[0]!.description).toMatch(/kvm-a2/);
  });

  it('refuses to deactivate a host already in maintenance with the engine message', async () => {
    const target = await host('kvm-a2');
    const error = (await client.hosts
      .deactivate(target.id, { correlationId: 'again' })
      .catch((e: unknown) => e)) as OlvmApiError;
    expect(error).toBeInstanceOf(OlvmApiError);
    expect(error).toMatchObject({ failure: OlvmFailure.HTTP, status: 409, isRetryable: false, isMaybeApplied: false });
    expect(error.message).toMatch(/^engine refused deactivate of host kvm-a2: \[.*Maintenance.*\] \(409\)$/s);
  });

  it('activates the host again and sees it come up', async () => {
    const target = await host('kvm-a2');
    await expect(client.hosts.activate(target.id, { correlationId: 'drill-7-return' })).resolves.toMatchObject({
      status: 'complete',
    });
    const { trail } = await client.hosts.waitForStatus(target.id, [HostStatus.UP], POLL);
    expect(trail).toEqual([HostStatus.UNASSIGNED, HostStatus.INITIALIZING, HostStatus.UP]);
  });
});

describe('removal', () => {
  it('is refused while the host is up, and removes it from maintenance', async () => {
    const target = await host('kvm-a2');
    await expect(client.hosts.remove(target.id, { correlationId: 'remove-up' })).rejects.toMatchObject({
      status: 409,
    });
    await client.hosts.deactivate(target.id, { correlationId: 'remove-prepare' });
    await client.hosts.waitForStatus(target.id, [HostStatus.MAINTENANCE], POLL);
    await client.hosts.remove(target.id, { correlationId: 'remove-1' });
    await expect(client.hosts.findByName('kvm-a2')).resolves.toBeUndefined();
    const jobs = await client.jobs.findByCorrelationId('remove-1');
    expect(jobs.length).toBeGreaterThan(0);
  });
});

describe('SPM selection', () => {
  it('moves the SPM role to the host chosen with forceselectspm', async () => {
    const hosts = await client.hosts.list();
    const chosen = hosts.find(
      (h) => h.spm.status !== SpmStatus.SPM && h.status === HostStatus.UP && h.spm.priority >= 0
    )!;
    await client.hosts.forceSelectSpm(chosen.id, { correlationId: 'force-spm-1' });
    const spm = await waitForSpm(chosen.id);
    expect(spm.name).toBe(chosen.name);
  });
});

describe('manual fence confirmation', () => {
  it('is refused for a host that is up', async () => {
    const target = await host('kvm-b1');
    const error = (await client.hosts
      .confirmManualFence(target.id, { correlationId: 'fence-up' })
      .catch((e: unknown) => e)) as OlvmApiError;
    expect(error).toBeInstanceOf(OlvmApiError);
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.message).toMatch(/^engine refused manual fence confirmation of host kvm-b1: /);
  });

  it('releases the VMs of a host that went non-responsive', async () => {
    const target = await host('kvm-b1');
    const stranded = await client.vms.list({ search: { host: 'kvm-b1' } });
    expect(stranded.length).toBeGreaterThan(0);
    cutOff(env.lab.world, 'kvm-b1');
    const { trail } = await client.hosts.waitForStatus(target.id, [HostStatus.NON_RESPONSIVE], POLL);
    expect(trail).toEqual([HostStatus.UP, HostStatus.CONNECTING, HostStatus.NON_RESPONSIVE]);
    const result = await client.hosts.confirmManualFence(target.id, { correlationId: 'fence-manual-1' });
    expect(result).toMatchObject({ status: 'complete', correlationId: 'fence-manual-1' });
    for (const vm of stranded) {
      const now = await client.vms.get(vm.id);
      expect(now.host?.id).not.toBe(target.id);
    }
  });
});

function waitForSpm(hostId: string): Promise<Host> {
  return waitFor(
    async () => {
      const current = await client.hosts.get(hostId);
      return current.spm.status === SpmStatus.SPM ? current : undefined;
    },
    { ...POLL, description: 'the SPM role to move' }
  );
}
