/**
 * A drill through the engine against the lab: olvm.facts, olvm.host (maintenance of the primary site), olvm.wait
 * (failover, SPM, failback) and olvm.spm. The wait results must equal the lab's own event timestamps.
 */
import type { EventRecord } from '../../../../src/lab/world/model';
import type { WaitResult } from '../../../../src/report/types';
import { readWaitResult } from '../../../../src/report/wait-result';
import { FAST, startModuleLab } from '../../../helpers/olvm-modules';
import type { ModuleLab, ModuleRun } from '../../../helpers/olvm-modules';

let env: ModuleLab;
beforeAll(async () => {
  env = await startModuleLab();
});
afterAll(() => env.close());

const vmId = (name: string) => env.lab.world.vmByName(name)!.id;
const hostName = (id: string | undefined) => env.lab.world.state.hosts.find((h) => h.id === id)?.name;
/** 204 names the SPM by its address only. */
const spmName = (e: EventRecord) => env.lab.world.state.hosts.find((h) => h.address === e.hostName)?.name;
/** 63 links the source host; the destination is only in its text. */
const destinationOf = (e: EventRecord) => /Destination: ([^,]+),/.exec(e.description)?.[1];
const USER_MAINTENANCE = [600, 620];

function lastEvent(match: (e: EventRecord) => boolean): EventRecord {
  const found = [...env.lab.events.list()].reverse().find(match);
  if (!found) throw new Error('no such event in the lab');
  return found;
}

interface Facts {
  spm: { host: string; site: string };
  placement: Record<string, string[]>;
  vms: Record<string, Record<string, unknown>>;
  event_index: number;
}

function resultOf<T = WaitResult & { unmoved?: string[] }>(run: ModuleRun, stepId: string): T {
  return run.sink.ofType('task.finished').find((e) => e.stepId === stepId)?.result as T;
}

const failover = [
  { id: 'before', module: 'olvm.facts', register: 'before', args: {} },
  { id: 'evacuate', module: 'olvm.host', hosts: 'site:primary', args: { state: 'maintenance', ...FAST } },
  {
    id: 'wait-failover',
    module: 'olvm.wait',
    args: {
      condition: 'vms_on_site',
      site: 'secondary',
      phase: 'failover',
      since: '{{ before.event_index }}',
      ...FAST,
    },
  },
  { id: 'wait-spm', module: 'olvm.wait', args: { condition: 'spm_on_site', site: 'secondary', ...FAST } },
];

describe('a wait before anything moved', () => {
  const wait = {
    id: 'too-early',
    module: 'olvm.wait',
    args: { condition: 'vms_on_site', site: 'secondary', poll: '5ms', timeout: '300ms' },
  };

  it('plans the wait in a dry run', async () => {
    const dry = await env.run([wait], { isDryRun: true });
    expect(dry.summary.changes[0]?.changes).toEqual([
      {
        path: 'vms_on_site',
        from: '0 of 2 VMs on secondary',
        to: '2 of 2 VMs on secondary',
        note: 'would wait up to 300ms',
      },
    ]);
  });

  it('fails at its timeout, naming the VMs still missing', async () => {
    const run = await env.run([wait]);
    expect(run.summary.failures[0]?.message).toBe(
      'gave up waiting for 2 of 2 VMs on secondary after 300ms (0 of 2 VMs on secondary; still waiting for ' +
        'db-1 (up on kvm-a1), app-1 (up on kvm-a2))'
    );
  });
});

describe('failover by maintenance of the primary site', () => {
  let run: ModuleRun;
  let spmBefore: string;
  beforeAll(async () => {
    spmBefore = env.lab.world.state.hosts.find((h) => h.spmStatus === 'spm')!.name;
    run = await env.run(failover);
  });

  it('has a lab whose SPM starts on the primary site', () => {
    expect(spmBefore).toMatch(/^kvm-a/);
  });

  it('runs every step', () => {
    expect(run.summary.status).toBe('ok');
    expect(run.sink.finished().sort()).toEqual([
      'before: ok',
      'evacuate/kvm-a1: changed',
      'evacuate/kvm-a2: changed',
      'wait-failover: ok',
      'wait-spm: ok',
    ]);
  });

  it('registers the engine facts before the drill', () => {
    const facts = resultOf<Facts>(run, 'before');
    expect(facts.spm).toEqual({ host: spmBefore, site: 'primary' });
    expect(facts.placement.primary!.sort()).toEqual(['app-1', 'db-1']);
    expect(facts.vms['db-1']).toMatchObject({
      home: 'primary',
      site: 'primary',
      high_availability: true,
      has_lease: true,
    });
    expect(facts.event_index).toBeGreaterThan(0);
  });

  it('times each VM from its host entering maintenance to its migration done, as the lab recorded them', () => {
    const result = resultOf(run, 'wait-failover');
    expect(result).toMatchObject({ condition: 'vms_on_site', phase: 'failover', site: 'secondary' });
    expect(result.elapsed_ms).toBe(result.finished_at - result.started_at);
    expect(result.vms!.map((vm) => vm.name).sort()).toEqual(['app-1', 'db-1']);
    for (const vm of result.vms!) {
      const done = lastEvent((e) => e.code === 63 && e.vmId === vmId(vm.name));
      const start = lastEvent((e) => (e.code === 62 || e.code === 67) && e.vmId === vmId(vm.name));
      const left = lastEvent((e) => USER_MAINTENANCE.includes(e.code) && e.hostId === start.hostId);
      expect(done.hostId).toBe(start.hostId);
      expect(vm).toEqual({
        name: vm.name,
        status: 'recovered',
        from_host: hostName(start.hostId),
        to_host: destinationOf(done),
        left_at: left.time,
        left_by: 'events',
        up_at: done.time,
        up_by: 'events',
        recovery_ms: done.time - left.time,
        how: 'migrated',
      });
      expect(['kvm-b1', 'kvm-b2']).toContain(vm.to_host);
    }
  });

  it('registers results the drill report reads without a note', () => {
    for (const stepId of ['wait-failover', 'wait-spm']) {
      expect(readWaitResult(resultOf(run, stepId), stepId).notes).toEqual([]);
    }
  });

  it('reports the SPM handover to the secondary site, from the SPM elected before', () => {
    const elections = env.lab.events.list().filter((e) => e.code === 204);
    const elected = elections.at(-1)!;
    const previous = elections.at(-2)!;
    expect(elected.hostId).toBeUndefined();
    const previousId = env.lab.world.hostByName(spmName(previous)!)!.id;
    const left = lastEvent((e) => USER_MAINTENANCE.includes(e.code) && e.hostId === previousId && e.id < elected.id);
    expect(spmName(elected)).toMatch(/^kvm-b/);
    expect(resultOf(run, 'wait-spm').spm).toEqual({
      from_host: spmName(previous),
      to_host: spmName(elected),
      lost_at: left.time,
      elected_at: elected.time,
      handover_ms: elected.time - left.time,
    });
  });

  it('makes no write when run again, and a dry run makes none either', async () => {
    env.lab.writes.reset();
    const again = await env.run(failover);
    expect(again.sink.finished().sort()).toEqual([
      'before: ok',
      'evacuate/kvm-a1: ok',
      'evacuate/kvm-a2: ok',
      'wait-failover: ok',
      'wait-spm: ok',
    ]);
    const dry = await env.run(failover, { isDryRun: true });
    expect(dry.summary.changes).toEqual([]);
    expect(env.lab.writes.count()).toBe(0);
  });
});

describe('failback', () => {
  let lastRun: ModuleRun;
  const failback = [
    { id: 'return', module: 'olvm.host', hosts: 'site:primary', args: { state: 'active', ...FAST } },
    { id: 'wait-home', module: 'olvm.wait', args: { condition: 'vms_home', phase: 'failback', ...FAST } },
    { id: 'spm-home', module: 'olvm.spm', args: { site: 'primary', force: true, ...FAST } },
    { id: 'wait-spm-home', module: 'olvm.wait', args: { condition: 'spm_on_site', site: 'primary', ...FAST } },
  ];

  it('plans the wait in a dry run without writing', async () => {
    env.lab.writes.reset();
    const dry = await env.run(failback, { isDryRun: true });
    expect(env.lab.writes.count()).toBe(0);
    expect(dry.summary.changes.map((c) => [c.stepId, c.target, c.changes[0]?.path])).toEqual([
      ['return', 'kvm-a1', 'status'],
      ['return', 'kvm-a2', 'status'],
      ['wait-home', undefined, 'vms_home'],
      ['wait-spm-home', undefined, 'spm_on_site'],
    ]);
    expect(dry.summary.unknowns).toEqual([
      { stepId: 'spm-home', reason: 'no host of site primary is up with an SPM priority above -1 yet' },
    ]);
  });

  it('brings the VMs home through soft affinity, timing each from the start of its migration home', async () => {
    const run = await env.run(failback);
    lastRun = run;
    expect(run.summary.status).toBe('ok');
    const result = resultOf(run, 'wait-home');
    expect(result).toMatchObject({ condition: 'vms_home', phase: 'failback' });
    expect(result.vms!.map((vm) => vm.name).sort()).toEqual(['app-1', 'db-1']);
    for (const vm of result.vms!) {
      const done = lastEvent((e) => e.code === 63 && e.vmId === vmId(vm.name));
      const start = lastEvent((e) => e.code === 67 && e.vmId === vmId(vm.name));
      expect(vm).toMatchObject({ left_at: start.time, up_at: done.time, how: 'migrated' });
      expect(['kvm-a1', 'kvm-a2']).toContain(vm.to_host);
    }
    expect(result.unmoved).toEqual(['web-1']);
  });

  it('force-selects the SPM back onto the primary site, timed from the force selection', () => {
    const spm = env.lab.world.state.hosts.find((h) => h.spmStatus === 'spm')!;
    expect(spm.site).toBe('primary');
    const forced = lastEvent((e) => e.code === 159);
    const elected = lastEvent((e) => e.code === 204);
    expect(resultOf(lastRun, 'wait-spm-home').spm).toMatchObject({
      to_host: spm.name,
      lost_at: forced.time,
      elected_at: elected.time,
      handover_ms: elected.time - forced.time,
    });
  });
});

describe('a site failure', () => {
  it('times the HA restarts from the moment the engine lost the hosts', async () => {
    env.lab.world.powerOff('primary');
    const run = await env.run([
      {
        id: 'wait-restart',
        module: 'olvm.wait',
        // Their leases are free 8 x io_timeout + 60 s after the hosts' last renewal (161 s with the defaults).
        args: { condition: 'vms_on_site', site: 'secondary', vms: ['db-1', 'app-1'], poll: '5ms', timeout: '600s' },
      },
    ]);
    expect(run.summary.status).toBe('ok');
    const result = resultOf(run, 'wait-restart');
    for (const vm of result.vms!) {
      // An engine restart logs 506 at launch and again when the VM is up; no power management: 9027.
      const up = lastEvent((e) => e.code === 506 && e.vmId === vmId(vm.name));
      const lost = lastEvent((e) => e.code === 9027 && hostName(e.hostId) === vm.from_host);
      expect(vm).toMatchObject({
        how: 'restarted',
        left_at: lost.time,
        up_at: up.time,
        recovery_ms: up.time - lost.time,
      });
    }
  });
});
