/** olvm.vm through the engine against the lab: HA, lease with its resume behaviour, placement, idempotence. */
import { startModuleLab } from '../../../helpers/olvm-modules';
import type { ModuleLab } from '../../../helpers/olvm-modules';

let env: ModuleLab;
beforeAll(async () => {
  env = await startModuleLab();
});
afterAll(() => env.close());

const vm = (name: string) => env.lab.world.vmByName(name)!;
const domainId = (name: string) => env.lab.world.storageDomainByName(name)!.id;

describe('high availability with a lease', () => {
  const step = {
    id: 'ha-lease',
    module: 'olvm.vm',
    args: { name: 'batch-1', high_availability: { enabled: true, priority: 'high' }, lease: 'data-b' },
  };

  it('plans every field that would change in a dry run, the resume behaviour with the lease, and writes nothing', async () => {
    env.lab.writes.reset();
    const run = await env.run([step], { isDryRun: true });
    expect(run.summary.changes[0]?.changes).toEqual([
      { path: 'high_availability.enabled', from: false, to: true },
      { path: 'high_availability.priority', from: 0, to: 100 },
      { path: 'lease.storage_domain', from: null, to: 'data-b' },
      { path: 'storage_error_resume_behaviour', from: 'auto_resume', to: 'kill' },
    ]);
    expect(env.lab.writes.count()).toBe(0);
  });

  it('applies them in one update; the resume behaviour of the running VM waits for its restart', async () => {
    env.lab.writes.reset();
    const run = await env.run([step]);
    expect(run.summary.status).toBe('ok');
    expect(env.lab.writes.count()).toBe(1);
    expect(vm('batch-1')).toMatchObject({
      haEnabled: true,
      haPriority: 100,
      leaseStorageDomainId: domainId('data-b'),
      nextRun: { resumeBehaviour: 'kill' },
    });
    expect(run.sink.ofType('task.finished')[0]?.result).toMatchObject({
      high_availability: { enabled: true, priority: 100 },
      lease: 'data-b',
      storage_error_resume_behaviour: 'kill',
      pending_restart: true,
    });
  });

  it('makes no write the second time, reading the pending next-run configuration', async () => {
    env.lab.writes.reset();
    const run = await env.run([step]);
    expect(run.sink.finished()).toEqual(['ha-lease: ok']);
    expect(env.lab.writes.count()).toBe(0);
  });
});

describe('a pending next-run configuration that would undo the running value', () => {
  it('reads the next-run configuration and plans the change although the running value is already as asked', async () => {
    const record = vm('app-1');
    expect(record.status).not.toBe('down');
    delete record.leaseStorageDomainId;
    record.resumeBehaviour = 'leave_paused';
    record.nextRun = { resumeBehaviour: 'auto_resume' };
    const step = {
      id: 'resume',
      module: 'olvm.vm',
      args: { name: 'app-1', storage_error_resume_behaviour: 'leave_paused' },
    };
    const dry = await env.run([step], { isDryRun: true });
    expect(dry.summary.changes[0]?.changes).toEqual([
      { path: 'storage_error_resume_behaviour', from: 'auto_resume', to: 'leave_paused' },
    ]);
    env.lab.writes.reset();
    const run = await env.run([step]);
    expect(run.summary.status).toBe('ok');
    expect(env.lab.writes.count()).toBe(1);
    expect(vm('app-1').nextRun).toEqual({ resumeBehaviour: 'leave_paused' });
  });
});

describe('a loop over the inventory VMs', () => {
  const step = {
    id: 'ha',
    module: 'olvm.vm',
    loop: { items: 'vms', as: 'item' },
    when: 'item.high_availability',
    args: {
      name: '{{ item.name }}',
      high_availability: { enabled: true },
      lease: '{{ sites[item.site].storage_domains[0] }}',
    },
  };

  it('changes only the VMs that differ: one write each, then none', async () => {
    env.lab.world.vmByName('app-1')!.haEnabled = false;
    delete env.lab.world.vmByName('app-1')!.leaseStorageDomainId;
    env.lab.writes.reset();
    const first = await env.run([step]);
    expect(first.sink.finished()).toEqual(['ha/db-1: ok', 'ha/app-1: changed', 'ha/web-1: ok', 'ha/batch-1: skipped']);
    expect(env.lab.writes.count()).toBe(1);
    expect(first.stats.reads).toBeLessThanOrEqual(4);
    env.lab.writes.reset();
    const second = await env.run([step]);
    expect(second.sink.finished()).toEqual(['ha/db-1: ok', 'ha/app-1: ok', 'ha/web-1: ok', 'ha/batch-1: skipped']);
    expect(env.lab.writes.count()).toBe(0);
  });

  it('reads the next-run configurations of every VM whose change waits for a restart at once, not one by one', async () => {
    const names = ['db-1', 'app-1', 'web-1'];
    for (const name of names)
      Object.assign(vm(name), { resumeBehaviour: 'kill', nextRun: { resumeBehaviour: 'kill' } });
    const pending = await env.run([step]);
    for (const name of names) delete vm(name).nextRun;
    const settled = await env.run([step]);
    const expected = ['ha/db-1: ok', 'ha/app-1: ok', 'ha/web-1: ok', 'ha/batch-1: skipped'];
    expect(pending.sink.finished()).toEqual(expected);
    expect(settled.sink.finished()).toEqual(expected);
    // One search of the pending VMs with their OVF (next_run_config_exists, all_content) for the three of them.
    expect(pending.stats.reads).toBe(settled.stats.reads + 1);
  });

  it('reads each pending VM alone when the engine cannot answer the search of the pending VMs', async () => {
    const names = ['db-1', 'app-1', 'web-1'];
    for (const name of names)
      Object.assign(vm(name), { resumeBehaviour: 'auto_resume', nextRun: { resumeBehaviour: 'kill' } });
    env.lab.faults.inject({ method: 'GET', path: /next_run_config_exists/, kind: '500', times: 1 });
    env.lab.writes.reset();
    const run = await env.run([step]);
    expect(env.lab.faults.history()).toHaveLength(1);
    expect(run.sink.finished()).toEqual(['ha/db-1: ok', 'ha/app-1: ok', 'ha/web-1: ok', 'ha/batch-1: skipped']);
    expect(env.lab.writes.count()).toBe(0);
    for (const name of names) {
      Object.assign(vm(name), { resumeBehaviour: 'kill' });
      delete vm(name).nextRun;
    }
  });
});

describe('a VM that keeps its lease', () => {
  it('changes the HA priority in one write and leaves the lease alone', async () => {
    const step = {
      id: 'priority',
      module: 'olvm.vm',
      args: { name: 'db-1', high_availability: { enabled: true, priority: 'medium' }, lease: 'data-a' },
    };
    env.lab.writes.reset();
    const run = await env.run([step]);
    expect(run.sink.ofType('task.planned')[0]?.changes).toEqual([
      { path: 'high_availability.priority', from: 1, to: 50 },
    ]);
    expect(env.lab.writes.count()).toBe(1);
    expect(vm('db-1')).toMatchObject({ haPriority: 50, leaseStorageDomainId: domainId('data-a') });
  });
});

describe('lease moves and placement', () => {
  it('moves the lease of a running VM in two writes, as the engine cannot swap it in place', async () => {
    const step = { id: 'move-lease', module: 'olvm.vm', args: { name: 'web-1', lease: 'data-a' } };
    const dry = await env.run([step], { isDryRun: true });
    expect(dry.summary.changes[0]?.changes).toEqual([
      {
        path: 'lease.storage_domain',
        from: 'data-b',
        to: 'data-a',
        note: 'a running VM cannot swap its lease: removed first, then set (two writes)',
      },
    ]);
    env.lab.writes.reset();
    await env.run([step]);
    expect(env.lab.writes.count()).toBe(2);
    expect(vm('web-1').leaseStorageDomainId).toBe(domainId('data-a'));
  });

  it('pins a VM to the hosts of a site given as a selector', async () => {
    const step = {
      id: 'pin',
      module: 'olvm.vm',
      args: { name: 'web-1', placement: { affinity: 'pinned', hosts: 'site:secondary' } },
    };
    const run = await env.run([step]);
    expect(run.summary.status).toBe('ok');
    expect(run.sink.ofType('task.planned')[0]?.changes).toEqual([
      { path: 'placement.affinity', from: 'migratable', to: 'pinned' },
      { path: 'placement.hosts', from: [], to: ['kvm-b1', 'kvm-b2'] },
    ]);
    const hostIds = ['kvm-b1', 'kvm-b2'].map((n) => env.lab.world.hostByName(n)!.id);
    expect(vm('web-1')).toMatchObject({ placementAffinity: 'pinned', placementHostIds: hostIds });
    env.lab.writes.reset();
    expect((await env.run([step])).sink.finished()).toEqual(['pin: ok']);
    expect(env.lab.writes.count()).toBe(0);
  });
});

describe('refusals before any write', () => {
  it.each([
    [
      'a lease without HA',
      { name: 'batch-1', high_availability: false, lease: 'data-b' },
      /olvm.vm: VM batch-1 would have a lease without high availability$/,
    ],
    [
      'a lease with auto_resume',
      { name: 'db-1', lease: 'data-a', storage_error_resume_behaviour: 'auto_resume' },
      /olvm.vm: VM db-1: a lease needs storage_error_resume_behaviour: kill$/,
    ],
    [
      'an unknown storage domain',
      { name: 'db-1', lease: 'data-z' },
      /no storage domain "data-z" in the engine \(known: data-a, data-b\)$/,
    ],
    ['an unknown VM', { name: 'db-9', high_availability: true }, /olvm.vm: no VM "db-9" in the engine$/],
  ])('refuses %s', async (_what, args, message) => {
    env.lab.writes.reset();
    const run = await env.run([{ id: 'bad', module: 'olvm.vm', args }]);
    expect(run.summary.failures[0]?.message).toMatch(message);
    expect(env.lab.writes.count()).toBe(0);
  });
});
