/** olvm.affinity_group through the engine against the lab: membership diffs, rules, the hard-rule warning. */
import { startModuleLab } from '../../../helpers/olvm-modules';
import type { ModuleLab } from '../../../helpers/olvm-modules';

let env: ModuleLab;
beforeAll(async () => {
  env = await startModuleLab();
});
afterAll(() => env.close());

const group = (name: string) => env.lab.world.state.affinityGroups.find((g) => g.name === name);
const vmIds = (...names: string[]) => names.map((n) => env.lab.world.vmByName(n)!.id);

describe('a group that already matches', () => {
  it('plans nothing and writes nothing', async () => {
    env.lab.writes.reset();
    const run = await env.run([
      {
        id: 'site-a',
        module: 'olvm.affinity_group',
        args: {
          name: 'primary-affinity',
          vms: 'site:primary',
          hosts: 'site:primary',
          hosts_rule: { positive: true, enforcing: false },
        },
      },
    ]);
    expect(run.sink.finished()).toEqual(['site-a: ok']);
    expect(run.sink.ofType('task.finished')[0]?.result).toMatchObject({
      vms: ['db-1', 'app-1'],
      hosts: ['kvm-a1', 'kvm-a2'],
      hosts_rule: { enabled: true, positive: true, enforcing: false },
    });
    expect(env.lab.writes.count()).toBe(0);
  });
});

describe('membership', () => {
  const step = { id: 'site-b', module: 'olvm.affinity_group', args: { name: 'secondary-affinity', vms: ['web-1'] } };

  it('shows the membership diff in a dry run and writes nothing', async () => {
    env.lab.writes.reset();
    const run = await env.run([step], { isDryRun: true });
    expect(run.summary.changes[0]?.changes).toEqual([
      { path: 'vms', from: ['batch-1', 'web-1'], to: ['web-1'], note: '-batch-1' },
    ]);
    expect(env.lab.writes.count()).toBe(0);
  });

  it('replaces the membership in one write, then makes none', async () => {
    env.lab.writes.reset();
    await env.run([step]);
    expect(env.lab.writes.count()).toBe(1);
    expect(group('secondary-affinity')?.vmIds).toEqual(vmIds('web-1'));
    env.lab.writes.reset();
    expect((await env.run([step])).sink.finished()).toEqual(['site-b: ok']);
    expect(env.lab.writes.count()).toBe(0);
  });
});

describe('a new group, its rules, and its removal', () => {
  const create = {
    id: 'pair',
    module: 'olvm.affinity_group',
    args: { name: 'db-pair', vms: 'db-1, app-1', vms_rule: { positive: true, enforcing: false }, priority: 2 },
  };

  it('plans the creation field by field', async () => {
    const run = await env.run([create], { isDryRun: true });
    expect(run.summary.changes[0]?.changes).toEqual([
      { path: 'state', from: 'absent', to: 'present', note: 'would create affinity group db-pair' },
      { path: 'vms_rule.enabled', from: null, to: true },
      { path: 'vms_rule.positive', from: null, to: true },
      { path: 'vms_rule.enforcing', from: null, to: false },
      { path: 'priority', from: null, to: 2 },
      { path: 'vms', from: [], to: ['app-1', 'db-1'], note: '+db-1 +app-1' },
    ]);
  });

  it('creates it in one write with its rules, then makes no write', async () => {
    env.lab.writes.reset();
    await env.run([create]);
    expect(env.lab.writes.count()).toBe(1);
    expect(group('db-pair')).toMatchObject({
      vmIds: vmIds('db-1', 'app-1'),
      vmsRule: { enabled: true, positive: true, enforcing: false },
      hostsRule: { enabled: false },
      priority: 2,
    });
    env.lab.writes.reset();
    expect((await env.run([create])).sink.finished()).toEqual(['pair: ok']);
    expect(env.lab.writes.count()).toBe(0);
  });

  it('removes it, once', async () => {
    const remove = { id: 'unpair', module: 'olvm.affinity_group', args: { name: 'db-pair', state: 'absent' } };
    env.lab.writes.reset();
    await env.run([remove]);
    expect(group('db-pair')).toBeUndefined();
    await env.run([remove]);
    expect(env.lab.writes.count()).toBe(1);
  });
});

describe('hard rules', () => {
  it.each([
    ['a dry run', true],
    ['a real run', false],
  ])('warns in %s that an enforcing VM-to-host rule keeps VMs from failing over', async (_what, isDryRun) => {
    const run = await env.run(
      [
        {
          id: 'hard',
          module: 'olvm.affinity_group',
          args: { name: 'primary-affinity', hosts_rule: { enforcing: true } },
        },
      ],
      { isDryRun }
    );
    expect(run.sink.ofType('warning').map((w) => w.message)).toEqual([
      'affinity group primary-affinity: its VM-to-host rule is enforcing (hard): its VMs cannot run on hosts ' +
        'outside the group, so they will not fail over to the other site (the procedure asks for soft enforced ' +
        'virtual machine to host affinity)',
    ]);
    expect(run.sink.ofType('task.planned')[0]?.changes).toEqual([
      { path: 'hosts_rule.enforcing', from: false, to: true },
    ]);
  });
});

it('names the VMs the engine does not have', async () => {
  const run = await env.run([
    { id: 'bad', module: 'olvm.affinity_group', args: { name: 'x', vms: ['db-1', 'db-9', 'db-8'] } },
  ]);
  expect(run.summary.failures[0]?.message).toBe(
    'step "bad": olvm.affinity_group: vms: no VM "db-9" in the inventory or the engine (did you mean db-1?); ' +
      'no VM "db-8" in the inventory or the engine (did you mean db-1?)'
  );
});
