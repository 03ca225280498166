/**
 * olvm.engine_vm against the lab engine: a self-hosted engine's VM away from the site (as a failover by maintenance
 * leaves it on the secondary site) is migrated through the API to a hosted-engine host of the site, after a dry run
 * that writes nothing, and its applied change says what it did; it refuses, naming each host and its score, when no
 * hosted-engine host of the site can take the VM; a standalone engine has no engine VM and nothing is done.
 */
import { FAST, startModuleLab, startSelfHostedModuleLab } from '../../../helpers/olvm-modules';
import type { ModuleLab } from '../../../helpers/olvm-modules';

const toSite = (site: string) => ({ id: 'engine-home', module: 'olvm.engine_vm', args: { site, ...FAST } });

describe('olvm.engine_vm on a self-hosted engine', () => {
  let env: ModuleLab;
  beforeAll(async () => {
    env = await startSelfHostedModuleLab();
  });
  afterAll(() => env.close());

  const engineVm = () => env.lab.world.state.vms.find((vm) => vm.origin === 'managed_hosted_engine')!;
  const engineHost = () => env.lab.world.host(engineVm().hostId)?.name;

  it('leaves the engine VM alone while it runs on the site, and olvm.facts says where it runs', async () => {
    expect(engineHost()).toBe('kvm-a1');
    env.lab.writes.reset();
    const run = await env.run([toSite('primary'), { id: 'facts', module: 'olvm.facts', args: {} }]);
    expect(run.sink.finished()).toEqual(['engine-home: ok', 'facts: ok']);
    const [home, facts] = run.sink.ofType('task.finished');
    expect(home?.result).toMatchObject({ name: 'HostedEngine', host: 'kvm-a1', site: 'primary' });
    expect((facts?.result as { engine_vm: unknown }).engine_vm).toEqual({
      name: 'HostedEngine',
      status: 'up',
      host: 'kvm-a1',
      site: 'primary',
    });
    expect(env.lab.writes.count()).toBe(0);
  });

  it('migrates it to the other site and home again, after a dry run that writes nothing, saying what it did', async () => {
    const away = await env.run([toSite('secondary')]);
    expect(away.summary.failures).toEqual([]);
    expect(engineHost()).toBe('kvm-b1');
    env.lab.writes.reset();
    const dry = await env.run([toSite('primary')], { isDryRun: true });
    expect(dry.summary.changes[0]?.changes).toEqual([
      {
        path: 'engine_vm.host',
        from: 'kvm-b1',
        to: 'kvm-a1',
        note: 'would migrate HostedEngine from kvm-b1 (site secondary) to kvm-a1',
      },
    ]);
    expect(env.lab.writes.count()).toBe(0);
    const since = env.lab.events.list().at(-1)!.id;
    const run = await env.run([toSite('primary')]);
    expect(run.summary.failures).toEqual([]);
    const finished = run.sink.ofType('task.finished')[0]!;
    expect(finished.changes).toEqual([
      { path: 'engine_vm.host', from: 'kvm-b1', to: 'kvm-a1', note: 'migrated HostedEngine from kvm-b1 to kvm-a1' },
    ]);
    expect(finished.result).toMatchObject({
      name: 'HostedEngine',
      host: 'kvm-a1',
      site: 'primary',
      from_host: 'kvm-b1',
    });
    expect(env.lab.writes.count()).toBe(1);
    expect(engineHost()).toBe('kvm-a1');
    expect(engineVm().status).toBe('up');
    // The engine's own record of it: the migration to the named host started (62) and done (63).
    const codes = env.lab.events
      .list()
      .filter((e) => e.id > since && e.vmId === engineVm().id)
      .map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining([62, 63]));
  });

  it('refuses when no hosted-engine host of the site can take it, naming each host with its score', async () => {
    const kvmB1 = env.lab.world.hostByName('kvm-b1')!;
    kvmB1.isLocalMaintenance = true;
    env.lab.writes.reset();
    const run = await env.run([toSite('secondary')]);
    kvmB1.isLocalMaintenance = false;
    expect(run.summary.failures[0]?.message).toBe(
      'step "engine-home": olvm.engine_vm: no hosted-engine host of site secondary can take the engine VM ' +
        'HostedEngine (up, hosted-engine deployed, a score above 2600): kvm-b1 up, score 0; kvm-b2 not deployed'
    );
    expect(env.lab.writes.count()).toBe(0);
    expect(engineHost()).toBe('kvm-a1');
  });
});

describe('olvm.engine_vm on a standalone engine', () => {
  let env: ModuleLab;
  beforeAll(async () => {
    env = await startModuleLab();
  });
  afterAll(() => env.close());

  it('says there is no engine VM to move and writes nothing; olvm.facts registers none', async () => {
    env.lab.writes.reset();
    const run = await env.run([toSite('primary'), { id: 'facts', module: 'olvm.facts', args: {} }]);
    expect(run.sink.finished()).toEqual(['engine-home: ok', 'facts: ok']);
    const [home, facts] = run.sink.ofType('task.finished');
    expect(home?.outputExcerpt).toBe('no hosted-engine VM in the engine (a standalone engine): nothing to move');
    expect(home?.result).toMatchObject({ name: null, host: null, site: null });
    expect((facts?.result as { engine_vm: unknown }).engine_vm).toBeNull();
    expect(env.lab.writes.count()).toBe(0);
  });
});
