/** olvm.host through the engine against the lab: SPM priority, maintenance, activation, removal and adding. */
import { forceSelectSpm } from '../../../../src/lab/world/spm';
import { FAST, startModuleLab } from '../../../helpers/olvm-modules';
import type { ModuleLab } from '../../../helpers/olvm-modules';
import { loopbackOf } from '../../../helpers/inventory';

let env: ModuleLab;
beforeAll(async () => {
  env = await startModuleLab();
});
afterAll(() => env.close());

function priorities(): Record<string, number> {
  return Object.fromEntries(env.lab.world.state.hosts.map((h) => [h.name, h.spmPriority]));
}

function resultOf(run: Awaited<ReturnType<ModuleLab['run']>>, target: string): Record<string, unknown> {
  const finished = run.sink.ofType('task.finished').find((e) => e.target === target);
  return finished?.result ?? {};
}

describe('spm_priority', () => {
  const step = {
    id: 'spm-priority',
    module: 'olvm.host',
    hosts: 'site:primary',
    args: { spm_priority: 'high', ...FAST },
  };

  it('plans the change per host in a dry run, and writes nothing', async () => {
    env.lab.writes.reset();
    const run = await env.run([step], { isDryRun: true });
    expect(env.lab.writes.count()).toBe(0);
    expect(run.summary.changes.map((c) => [c.target, c.changes])).toEqual([
      ['kvm-a1', [{ path: 'spm_priority', from: 8, to: 7 }]],
      ['kvm-a2', [{ path: 'spm_priority', from: 8, to: 7 }]],
    ]);
    expect(priorities()['kvm-a1']).toBe(8);
  });

  it('sets it with one write per host, each carrying the correlation id the journal records', async () => {
    env.lab.writes.reset();
    const run = await env.run([step]);
    expect(run.sink.finished().sort()).toEqual(['spm-priority/kvm-a1: changed', 'spm-priority/kvm-a2: changed']);
    expect(env.lab.writes.count()).toBe(2);
    expect(priorities()).toMatchObject({ 'kvm-a1': 7, 'kvm-a2': 7, 'kvm-b1': 2 });
    const ids = run.sink.ofType('task.finished').flatMap((e) => e.correlationIds ?? []);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(env.lab.events.list().some((e) => e.correlationId === id)).toBe(true);
  });

  it('makes no write the second time', async () => {
    env.lab.writes.reset();
    const run = await env.run([step]);
    expect(run.sink.finished().sort()).toEqual(['spm-priority/kvm-a1: ok', 'spm-priority/kvm-a2: ok']);
    expect(env.lab.writes.count()).toBe(0);
    expect(resultOf(run, 'kvm-a1')).toMatchObject({ name: 'kvm-a1', spm_priority: 7, status: 'up' });
  });
});

describe('maintenance and activation', () => {
  const maintenance = {
    id: 'evacuate',
    module: 'olvm.host',
    hosts: 'kvm-a2',
    args: { state: 'maintenance', reason: 'drill', ...FAST },
  };
  const active = { id: 'return', module: 'olvm.host', hosts: 'kvm-a2', args: { state: 'active', ...FAST } };

  it('moves the host to maintenance, waits for it, and reports the status trail', async () => {
    const run = await env.run([maintenance]);
    expect(run.summary.status).toBe('ok');
    expect(resultOf(run, 'kvm-a2')).toMatchObject({
      status: 'maintenance',
      status_trail: ['up', 'preparing_for_maintenance', 'maintenance'],
    });
    expect(env.lab.world.hostByName('kvm-a2')).toMatchObject({ status: 'maintenance', statusDetail: 'drill' });
    expect(env.lab.world.vmsOnHost(env.lab.world.hostByName('kvm-a2')!.id)).toEqual([]);
  });

  it('is idempotent in maintenance, and a dry run of the activation writes nothing', async () => {
    env.lab.writes.reset();
    expect((await env.run([maintenance])).sink.finished()).toEqual(['evacuate/kvm-a2: ok']);
    const dry = await env.run([active], { isDryRun: true });
    expect(dry.summary.changes[0]?.changes).toEqual([
      { path: 'status', from: 'maintenance', to: 'up', note: 'would activate kvm-a2' },
    ]);
    expect(env.lab.writes.count()).toBe(0);
  });

  it('activates it and waits for up', async () => {
    const run = await env.run([active]);
    expect(resultOf(run, 'kvm-a2')).toMatchObject({
      status: 'up',
      status_trail: ['maintenance', 'unassigned', 'initializing', 'up'],
    });
  });
});

describe('maintenance of a host contending for the SPM role', () => {
  it('waits for the election the engine asks to wait for, then asks again', async () => {
    const world = env.lab.world;
    const next = world.state.hosts.find((h) => h.status === 'up' && h.spmStatus === 'none' && h.spmPriority > -1)!;
    forceSelectSpm(world, next);
    env.lab.clock.advance(10_000); // the engine's next pool refresh starts the election
    expect(next.spmStatus).toBe('contending');
    const run = await env.run([
      { id: 'evacuate-spm', module: 'olvm.host', hosts: next.name, args: { state: 'maintenance', ...FAST } },
    ]);
    expect(run.summary.status).toBe('ok');
    const output = run.sink.ofType('task.output').map((e) => e.line);
    expect(output).toContain(`${next.name} is contending for the SPM role: maintenance waits for the election`);
    expect(resultOf(run, next.name)).toMatchObject({ status: 'maintenance' });
    expect(run.sink.ofType('task.finished')[0]?.correlationIds).toHaveLength(2);
    await env.run([{ id: 'back', module: 'olvm.host', hosts: next.name, args: { state: 'active', ...FAST } }]);
  });
});

describe('absent and present', () => {
  const absent = { id: 'remove', module: 'olvm.host', hosts: 'kvm-b2', args: { state: 'absent', ...FAST } };
  const present = {
    id: 'add',
    module: 'olvm.host',
    hosts: 'kvm-b2',
    args: { state: 'present', root_password: 'env:RUNBOOK_TEST_ROOT_PASSWORD', spm_priority: 'low', ...FAST },
  };

  it('removes a host that runs VMs: maintenance first, then the removal', async () => {
    const run = await env.run([absent]);
    expect(resultOf(run, 'kvm-b2')).toMatchObject({
      status: 'absent',
      status_trail: ['up', 'preparing_for_maintenance', 'maintenance', 'absent'],
    });
    expect(env.lab.world.hostByName('kvm-b2')).toBeUndefined();
    env.lab.writes.reset();
    expect((await env.run([absent])).sink.finished()).toEqual(['remove/kvm-b2: ok']);
    expect(env.lab.writes.count()).toBe(0);
  });

  it('adds it back to the cluster by name with the root password reference, and waits until it is up', async () => {
    process.env.RUNBOOK_TEST_ROOT_PASSWORD = 'lab-root-secret';
    const dry = await env.run([present], { isDryRun: true });
    expect(dry.summary.changes[0]?.changes).toEqual([
      {
        path: 'state',
        from: 'absent',
        to: 'up',
        note: `would add kvm-b2 (${loopbackOf('kvm-b2')}) to cluster stretch with the root password from env:RUNBOOK_TEST_ROOT_PASSWORD`,
      },
      { path: 'spm_priority', from: null, to: 2 },
    ]);
    const run = await env.run([present]);
    expect(resultOf(run, 'kvm-b2')).toMatchObject({
      status: 'up',
      spm_priority: 2,
      status_trail: ['installing', 'initializing', 'up'],
    });
    expect(JSON.stringify(run.sink.events)).not.toContain('lab-root-secret');
    env.lab.writes.reset();
    expect((await env.run([present])).sink.finished()).toEqual(['add/kvm-b2: ok']);
    expect(env.lab.writes.count()).toBe(0);
  });
});

describe('a write whose reply is an internal error', () => {
  const step = { id: 'prio', module: 'olvm.host', hosts: 'kvm-b2', args: { spm_priority: 3, ...FAST } };

  it('is read back, not sent again, and fails retryably when the engine does not show it', async () => {
    env.lab.faults.inject({ method: 'PUT', path: '/hosts/', kind: '500', times: 1 });
    const run = await env.run([step]);
    expect(run.summary.failures[0]?.message).toMatch(
      /^SPM priority of host kvm-b2 may or may not have reached the engine \(correlation id test-run-1\); a fresh read does not show it applied$/
    );
    expect(env.lab.faults.history().filter((f) => f.method === 'PUT')).toHaveLength(1);
    expect(priorities()['kvm-b2']).not.toBe(3);
  });

  it('is planned again from a fresh read by the step retry, which then applies it', async () => {
    env.lab.faults.inject({ method: 'PUT', path: '/hosts/', kind: '500', times: 1 });
    const run = await env.run([{ ...step, retry: { retries: 1, delayMs: 0 } }]);
    expect(run.summary.status).toBe('ok');
    expect(run.sink.ofType('task.planned')).toHaveLength(2);
    expect(priorities()['kvm-b2']).toBe(3);
    expect(run.sink.ofType('task.finished')[0]?.correlationIds).toEqual(['test-run-1', 'test-run-2']);
  });
});

describe('refusals', () => {
  it('fails clearly for a cluster the engine does not have', async () => {
    await env.run([{ id: 'drop', module: 'olvm.host', hosts: 'kvm-b1', args: { state: 'absent', ...FAST } }]);
    const run = await env.run([
      { id: 'add', module: 'olvm.host', hosts: 'kvm-b1', args: { cluster: 'nope', ...FAST } },
    ]);
    expect(run.summary.failures[0]?.message).toBe(
      'step "add" on kvm-b1: olvm.host: no cluster "nope" in the engine (known: stretch)'
    );
  });
});
