/** olvm.spm and olvm.facts through the engine against the lab. */
import { FAST, startModuleLab } from '../../../helpers/olvm-modules';
import type { ModuleLab } from '../../../helpers/olvm-modules';
import { TaskKind } from '../../../../src/lab/world/task-kinds';

let env: ModuleLab;
beforeAll(async () => {
  env = await startModuleLab();
});
afterAll(() => env.close());

const spmHost = () => env.lab.world.state.hosts.find((h) => h.spmStatus === 'spm')?.name;

describe('olvm.spm', () => {
  it('plans nothing when the SPM already sits on the site', async () => {
    env.lab.writes.reset();
    const run = await env.run([{ id: 'spm', module: 'olvm.spm', args: { site: 'primary', force: true, ...FAST } }]);
    expect(run.sink.finished()).toEqual(['spm: ok']);
    expect(run.sink.ofType('task.finished')[0]?.result).toMatchObject({
      host: spmHost(),
      site: 'primary',
      from_host: spmHost(),
    });
    expect(env.lab.writes.count()).toBe(0);
  });

  it('force-selects the named host of the other site, after a dry run that writes nothing', async () => {
    const before = spmHost();
    const step = { id: 'spm', module: 'olvm.spm', args: { site: 'secondary', force: true, host: 'kvm-b2', ...FAST } };
    env.lab.writes.reset();
    const dry = await env.run([step], { isDryRun: true });
    expect(dry.summary.changes[0]?.changes).toEqual([
      { path: 'spm', from: before, to: 'kvm-b2', note: 'would force-select kvm-b2' },
    ]);
    expect(env.lab.writes.count()).toBe(0);
    const run = await env.run([step]);
    expect(run.sink.ofType('task.finished')[0]?.result).toMatchObject({
      host: 'kvm-b2',
      site: 'secondary',
      from_host: before,
    });
    expect(spmHost()).toBe('kvm-b2');
    expect(env.lab.writes.count()).toBe(1);
    expect(run.sink.ofType('task.finished')[0]?.changes).toEqual([
      { path: 'spm', from: before, to: 'kvm-b2', note: 'force-selected kvm-b2' },
    ]);
  });

  it('without force, waits for the engine to elect a host of the site and fails when it does not', async () => {
    const run = await env.run([
      { id: 'spm', module: 'olvm.spm', args: { site: 'primary', poll: '5ms', timeout: '1s' } },
    ]);
    expect(run.summary.failures[0]?.message).toMatch(
      /^gave up waiting for the SPM on site primary after 1.0s \(SPM on kvm-b2\)$/
    );
  });

  // The engine refuses a forced selection while a host contends ("already SPM or contending"): an install whose
  // hosts had just come up failed there now and then. kvm-a1 contends (no SPM) and the lab's SpmStart on it returns
  // `afterPlanMs` after the plan's reads, on the lab clock, which moves 2 s on each read: 1 s ends the election
  // before the apply's first read (of the events), 20 s while the apply waits for it.
  it.each([
    {
      afterPlanMs: 20_000,
      what: 'an election that ends while the step waits',
      note: 'the election in progress put the SPM on kvm-a1: nothing force-selected',
    },
    {
      afterPlanMs: 1_000,
      what: 'an election that ended between the plan and the apply',
      note: 'found the SPM already on kvm-a1: nothing force-selected',
    },
  ])('forces nothing after $what, and its applied note says so', async ({ afterPlanMs, note }) => {
    const world = env.lab.world;
    for (const host of world.state.hosts) if (host.spmStatus === 'spm') host.spmStatus = 'none';
    const kvmA1 = world.hostByName('kvm-a1')!;
    kvmA1.spmStatus = 'contending';
    const step = { id: 'spm', module: 'olvm.spm', args: { site: 'primary', force: true, ...FAST } };
    // How far the plan's reads move the lab clock: a dry run reads what the plan reads.
    const before = env.lab.clock.now();
    await env.run([step], { isDryRun: true });
    world.schedule(env.lab.clock.now() - before + afterPlanMs, TaskKind.SPM_CONTEND_DONE, { hostId: kvmA1.id });
    env.lab.writes.reset();
    const run = await env.run([step]);
    const writes = env.lab.writes.count();
    // Back at once as the tests below expect it, whatever this one finds: the SPM on kvm-b2.
    kvmA1.spmStatus = 'none';
    world.hostByName('kvm-b2')!.spmStatus = 'spm';
    expect(run.summary.failures).toEqual([]);
    const finished = run.sink.ofType('task.finished')[0]!;
    const result = finished.result as { host: string; move: Record<string, unknown> };
    expect(result.host).toBe('kvm-a1');
    expect(result.move).not.toHaveProperty('forced');
    expect(writes).toBe(0);
    // The applied change (journal, `runbook log`, report) and the output say what happened, not what was planned.
    expect(finished.changes).toEqual([{ path: 'spm', from: null, to: 'kvm-a1', note }]);
    expect(finished.outputExcerpt).toContain(note);
    expect(JSON.stringify(run.sink.events)).not.toContain('force-selected kvm-a1');
  });

  it('refuses a host that may never be SPM', async () => {
    env.lab.world.hostByName('kvm-a2')!.spmPriority = -1;
    const run = await env.run([
      { id: 'spm', module: 'olvm.spm', args: { site: 'primary', force: true, host: 'kvm-a2', ...FAST } },
    ]);
    expect(run.summary.failures[0]?.message).toBe(
      'step "spm": olvm.spm: host kvm-a2 is not an up host of site primary that may be SPM (priority above -1)'
    );
  });
});

describe('olvm.facts', () => {
  it('registers hosts, VMs, placement, the SPM, the engine clock and event index, also in a dry run', async () => {
    const startedAt = env.lab.clock.now();
    const run = await env.run([{ id: 'facts', module: 'olvm.facts', args: { vms: 'site:secondary' } }], {
      isDryRun: true,
    });
    const facts = run.sink.ofType('task.finished')[0]?.result as {
      spm: unknown;
      vms: Record<string, unknown>;
      hosts: Record<string, unknown>;
      placement: Record<string, string[]>;
      time: number;
      event_index: number;
    };
    expect(facts.spm).toEqual({ host: 'kvm-b2', site: 'secondary' });
    expect(Object.keys(facts.vms)).toEqual(['web-1', 'batch-1']);
    expect(facts.vms['batch-1']).toMatchObject({ home: 'secondary', high_availability: false, has_lease: false });
    expect(facts.hosts['kvm-b2']).toMatchObject({ site: 'secondary', spm_status: 'spm', status: 'up' });
    expect(facts.placement.secondary!.sort()).toEqual(['batch-1', 'web-1']);
    expect(facts.time).toBeGreaterThanOrEqual(startedAt);
    expect(facts.time).toBeLessThanOrEqual(env.lab.clock.now());
    expect(facts.event_index).toBe(env.lab.events.list().at(-1)?.id);
  });
});
