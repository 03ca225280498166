/**
 * check.storage, check.engine_ha, check.hosted_engine, check.ha_readiness and check.capacity through the engine
 * against the lab.
 */
import { startModuleLab } from '../../../helpers/olvm-modules';
import type { ModuleLab, ModuleLabOptions } from '../../../helpers/olvm-modules';
import { makeHost, makeVm } from '../../../helpers/inventory';

const GiB = 1024 ** 3;

const check = (module: string, args: Record<string, unknown> = {}) => ({ id: module, module, args });

async function withLab<T>(options: ModuleLabOptions, work: (env: ModuleLab) => Promise<T>): Promise<T> {
  const env = await startModuleLab(options);
  try {
    return await work(env);
  } finally {
    await env.close();
  }
}

describe('a preinstalled lab as the install runbooks leave it', () => {
  let env: ModuleLab;
  beforeAll(async () => {
    env = await startModuleLab();
  });
  afterAll(() => env.close());

  it.each(['check.storage', 'check.engine_ha', 'check.hosted_engine', 'check.ha_readiness', 'check.capacity'])(
    'passes %s in a dry run, without a write',
    async (module) => {
      env.lab.writes.reset();
      const run = await env.run([check(module)], { isDryRun: true });
      expect(run.summary.failures).toEqual([]);
      expect(run.sink.finished()).toEqual([`${module}: ok`]);
      expect(run.sink.ofType('task.finished')[0]?.result).toMatchObject({ passed: true });
      expect(env.lab.writes.count()).toBe(0);
    }
  );

  it('registers where check.capacity would place each VM, on the room the engine reports per host', async () => {
    const run = await env.run([check('check.capacity')]);
    const result = run.sink.ofType('task.finished')[0]?.result as {
      site: string;
      hosts: Array<{ name: string; room: number; room_left: number; vms: string[] }>;
      vms: Array<{ name: string; memory: number; need: number; why: string }>;
      unplaced: string[];
    };
    expect(result.site).toBe('secondary');
    const engineHosts = env.lab.world.state.hosts.filter((h) => h.site === 'secondary');
    expect(result.hosts.map((h) => h.name).sort()).toEqual(engineHosts.map((h) => h.name).sort());
    expect(result.vms.map((vm) => [vm.name, vm.memory, vm.why]).sort()).toEqual([
      ['app-1', 2 * 1024 ** 3, 'runs there now'],
      ['db-1', 8 * 1024 ** 3, 'runs there now'],
    ]);
    for (const vm of result.vms) expect(vm.need).toBeGreaterThan(vm.memory + 64 * 1024 ** 2);
    expect(result.hosts.flatMap((h) => h.vms).sort()).toEqual(['app-1', 'db-1']);
    expect(result.unplaced).toEqual([]);
  });

  it('fails check.storage when a storage domain is inactive', async () => {
    env.lab.world.failStorage('data-b');
    try {
      const run = await env.run([check('check.storage')]);
      expect(run.summary.failures[0]?.message).toBe(
        'step "check.storage": check.storage: storage domain data-b (secondary) is inactive, not active (the ' +
          'procedure: both sites require synchronously replicated storage that is writable with shared L2 network ' +
          'connectivity to allow virtual machines to migrate between sites and continue running on the site’s storage)'
      );
    } finally {
      env.lab.world.restoreStorage('data-b');
    }
  });

  it('fails check.ha_readiness for a VM without a lease, a hard affinity group and a low primary SPM priority', async () => {
    const world = env.lab.world;
    delete world.vmByName('app-1')!.leaseStorageDomainId;
    world.state.affinityGroups.find((g) => g.name === 'secondary-affinity')!.hostsRule.enforcing = true;
    world.hostByName('kvm-a2')!.spmPriority = 2;
    const run = await env.run([check('check.ha_readiness')]);
    expect(run.summary.failures[0]?.message.split('\n')).toEqual([
      'step "check.ha_readiness": check.ha_readiness failed (4 problems):',
      "  - VM app-1 has no lease and its site's hosts have no power management",
      '    (the procedure: each virtual machine must have a lease on a target storage domain to ensure the virtual machine can start even without power management)',
      '  - the SPM priority is not higher on every primary host: kvm-a2 has 2, kvm-b1 (secondary) has 2',
      '    (the procedure: configure the storage pool manager (SPM) priority to be higher on all hosts in the primary site to ensure SPM failover to the secondary site occurs only when all hosts in the primary site are unavailable)',
      '  - affinity group secondary-affinity has an enforcing (hard) VM-to-host rule over web-1',
      '    (the procedure: configure soft enforced virtual machine to host affinity; with VM Affinity Rule Enforcing enabled (shown as Hard), the system does not migrate a virtual machine to a host different from where the other virtual machines in its affinity group are running)',
      "  - no soft VM-to-host affinity group keeps the secondary site's VMs on its hosts (web-1, batch-1): after a failover they would not come home",
      '    (the procedure: to ensure virtual machine failover and failback works, you must configure soft enforced virtual machine to host affinity to ensure the virtual machines only start on the selected hosts; when the primary site becomes available and the storage is replicated in both sites, virtual machines automatically failback)',
    ]);
  });

  it('fails check.ha_readiness for a VM meant to fail over that is not highly available', async () => {
    const run = await env.run([check('check.ha_readiness', { vms: ['batch-1'] })]);
    expect(run.summary.failures[0]?.message).toMatch(
      /^step "check.ha_readiness": check.ha_readiness failed .*\n {2}- VM batch-1 is not highly available\n/
    );
  });
});

describe('the readiness of a drill', () => {
  const failureOf = async (env: ModuleLab) =>
    (await env.run([check('check.ha_readiness')])).summary.failures[0]?.message.split('\n') ?? [];

  it('fails when both soft site affinity groups were deleted, naming the VMs of each site', () =>
    withLab({}, async (env) => {
      env.lab.world.state.affinityGroups.splice(0);
      const lines = await failureOf(env);
      expect(lines.filter((l) => l.startsWith('  - '))).toEqual([
        "  - no soft VM-to-host affinity group keeps the primary site's VMs on its hosts (db-1, app-1): after a failover they would not come home",
        "  - no soft VM-to-host affinity group keeps the secondary site's VMs on its hosts (web-1, batch-1): after a failover they would not come home",
      ]);
    }));

  it('fails when a site group leaves out one of its VMs, naming the group and the VM', () =>
    withLab({}, async (env) => {
      const group = env.lab.world.state.affinityGroups.find((g) => g.name === 'primary-affinity')!;
      const appId = env.lab.world.vmByName('app-1')!.id;
      group.vmIds = group.vmIds.filter((id) => id !== appId);
      expect(await failureOf(env)).toEqual([
        'step "check.ha_readiness": check.ha_readiness: the soft affinity group primary-affinity of the primary site leaves out app-1: after a failover it would not come home (the procedure: to ensure virtual machine failover and failback works, you must configure soft enforced virtual machine to host affinity to ensure the virtual machines only start on the selected hosts; when the primary site becomes available and the storage is replicated in both sites, virtual machines automatically failback)',
      ]);
    }));

  it('names a host that is not up', () =>
    withLab({}, async (env) => {
      env.lab.world.powerOff('kvm-b2');
      env.lab.clock.advance(10 * 60_000);
      const lines = await failureOf(env);
      expect(lines[0]).toMatch(
        /^step "check.ha_readiness": check.ha_readiness: host kvm-b2 of the secondary site is non_responsive, not up \(the procedure: /
      );
    }));
});

function markedHosts() {
  return {
    'kvm-a1': makeHost('kvm-a1', 'primary', { hostedEngine: true }),
    'kvm-a2': makeHost('kvm-a2', 'primary'),
    'kvm-b1': makeHost('kvm-b1', 'secondary', { hostedEngine: true }),
    'kvm-b2': makeHost('kvm-b2', 'secondary'),
    engine: makeHost('engine', undefined),
  };
}

function oneSiteMarked() {
  return { ...markedHosts(), 'kvm-b1': makeHost('kvm-b1', 'secondary') };
}

describe('labs configured to fail', () => {
  it('fails check.storage when the inventory declares no replication', () =>
    withLab({ inventory: { storage: { isReplicated: false } } }, async (env) => {
      const run = await env.run([check('check.storage')]);
      expect(run.summary.failures[0]?.message).toMatch(
        /^step "check.storage": check.storage: the inventory declares no storage replication between the sites \(set storage.replication, e.g. synchronous\) \(the procedure: both sites require synchronously replicated storage/
      );
    }));

  it.each([
    [
      'ha: none',
      { engine: { ha: 'none' as const } },
      'the standalone engine is not highly available (engine.ha: none): if it goes down with a site, the virtual machines will not fail over',
    ],
    [
      'the engine on a cluster host',
      { engine: { host: 'kvm-a1' } },
      'the standalone engine runs on kvm-a1, a host of the primary site: it goes down with that site',
    ],
  ])('fails check.engine_ha for a standalone engine with %s', (_what, inventory, text) =>
    withLab({ inventory }, async (env) => {
      const run = await env.run([check('check.engine_ha')]);
      expect(run.summary.failures[0]?.message).toBe(
        `step "check.engine_ha": check.engine_ha: ${text} (the procedure: the Engine must be highly available for ` +
          'virtual machines to failover and failback between sites; if the Engine goes down with the site, the ' +
          'virtual machines do not failover (the standalone Engine is only highly available when managed ' +
          'externally, for example as a highly available virtual machine in a separate virtualization ' +
          'environment, or in a public cloud))'
      );
    })
  );

  it('passes check.engine_ha for a self-hosted engine with hosts marked hosted_engine on both sites, naming them', () =>
    withLab(
      { inventory: { engine: { kind: 'self-hosted', ha: 'hosted-engine' }, hosts: markedHosts() } },
      async (env) => {
        const run = await env.run([check('check.engine_ha')]);
        expect(run.sink.ofType('task.finished')[0]?.result).toMatchObject({
          hosted_engine_hosts: { primary: ['kvm-a1'], secondary: ['kvm-b1'] },
        });
      }
    ));

  it('fails check.engine_ha for a self-hosted engine with hosts marked hosted_engine on one site only', () =>
    withLab(
      { inventory: { hosts: oneSiteMarked(), engine: { kind: 'self-hosted', ha: 'hosted-engine' } } },
      async (env) => {
        const run = await env.run([check('check.engine_ha')]);
        expect(run.summary.failures[0]?.message).toMatch(
          /^step "check.engine_ha": check.engine_ha: no host of the secondary site has hosted_engine: true: the engine VM cannot move there when the other site is lost \(the procedure: /
        );
      }
    ));

  it('passes check.hosted_engine for a standalone engine, saying there is nothing to check', () =>
    withLab({}, async (env) => {
      const run = await env.run([check('check.hosted_engine')]);
      expect(run.sink.ofType('task.finished')[0]?.result).toMatchObject({
        passed: true,
        kind: 'standalone',
        note: 'a standalone engine has no hosted-engine hosts',
      });
    }));

  describe('check.hosted_engine on a self-hosted engine', () => {
    const selfHosted = { engine: { kind: 'self-hosted' as const, ha: 'hosted-engine' as const }, hosts: markedHosts() };

    it('passes with a hosted-engine host up with a positive score on each site, naming them', () =>
      withLab({ inventory: selfHosted }, async (env) => {
        const run = await env.run([check('check.hosted_engine')]);
        expect(run.sink.ofType('task.finished')[0]?.result).toMatchObject({
          passed: true,
          ready: { primary: ['kvm-a1'], secondary: ['kvm-b1'] },
          hosts: { 'kvm-b1': { status: 'up', configured: true, score: 3400, local_maintenance: false } },
        });
      }));

    it('fails when the only hosted-engine host of the secondary site scores 0, saying why', () =>
      withLab({ inventory: selfHosted }, async (env) => {
        const run = await env.run([
          { id: 'down', module: 'olvm.host', args: { name: 'kvm-b1', state: 'maintenance', poll: '5ms' } },
          check('check.hosted_engine'),
        ]);
        expect(run.summary.failures.map((f) => f.message)).toEqual([
          'step "check.hosted_engine": check.hosted_engine: no hosted-engine host ready on the secondary site ' +
            '(secondary): the engine VM cannot move there when the other site is lost; kvm-b1: score 0 (status ' +
            'maintenance, local maintenance); no hosted-engine configuration on kvm-b2 ' +
            '(the procedure: hosts capable of running all the virtual machines in the cluster are located in the ' +
            'primary and secondary site; the self-hosted engine VM fails over like the others, so both sites need ' +
            'hosted-engine hosts)',
        ]);
      }));

    it('checks only the sites it is given', () =>
      withLab({ inventory: { ...selfHosted, hosts: oneSiteMarked() } }, async (env) => {
        const primary = await env.run([check('check.hosted_engine', { sites: ['primary'] })]);
        expect(primary.summary.failures).toEqual([]);
        const both = await env.run([check('check.hosted_engine')]);
        expect(both.summary.failures[0]?.message).toMatch(/no hosted-engine host ready on the secondary site/);
      }));
  });

  it('fails check.capacity when the secondary hosts are too small', () => {
    const small = { vars: { memory: '6GiB' } };
    const hosts = {
      'kvm-a1': makeHost('kvm-a1', 'primary'),
      'kvm-a2': makeHost('kvm-a2', 'primary'),
      'kvm-b1': makeHost('kvm-b1', 'secondary', small),
      'kvm-b2': makeHost('kvm-b2', 'secondary', small),
      engine: makeHost('engine', undefined),
    };
    return withLab({ inventory: { hosts } }, async (env) => {
      const run = await env.run([check('check.capacity')]);
      expect(run.summary.failures[0]?.message).toMatch(
        /^step "check.capacity": check.capacity: no secondary host has room for VM db-1 \(8\.1GiB with the engine's overhead\): the most any up host has left is [\d.]+GiB \(kvm-b\d\) \(the procedure: configure a stretch cluster where hosts capable of running all the virtual machines in the cluster are located in the primary and secondary site\)$/
      );
    });
  });

  it('fails check.capacity when the VMs fit in the sum of the hosts but not host by host', () => {
    const medium = { vars: { memory: '6GiB' } };
    const hosts = {
      'kvm-a1': makeHost('kvm-a1', 'primary'),
      'kvm-a2': makeHost('kvm-a2', 'primary'),
      'kvm-b1': makeHost('kvm-b1', 'secondary', medium),
      'kvm-b2': makeHost('kvm-b2', 'secondary', medium),
      engine: makeHost('engine', undefined),
    };
    const vms = [
      makeVm('db-1', 'primary', { memory: 5 * GiB }),
      makeVm('app-1', 'primary', { memory: 1 * GiB }),
      makeVm('web-1', 'secondary', { memory: 1 * GiB }),
      makeVm('batch-1', 'secondary', { memory: 1 * GiB, highAvailability: false }),
    ];
    return withLab({ inventory: { hosts, vms } }, async (env) => {
      const room = env.lab.world.state.hosts
        .filter((h) => h.site === 'secondary')
        .reduce((sum, h) => sum + h.memory, 0);
      expect(room - 2 * GiB).toBeGreaterThan(6 * GiB + 400 * 1024 ** 2); // the sum would pass
      const run = await env.run([check('check.capacity')]);
      expect(run.summary.failures[0]?.message).toMatch(/no secondary host has room for VM db-1 \(5\.1GiB /);
      const result = run.sink.ofType('task.finished')[0];
      expect(result?.status).toBe('failed');
    });
  });

  it('counts only secondary hosts that can take VMs, and names the one that cannot', () => {
    const medium = { vars: { memory: '12GiB' } };
    const hosts = {
      'kvm-a1': makeHost('kvm-a1', 'primary'),
      'kvm-a2': makeHost('kvm-a2', 'primary'),
      'kvm-b1': makeHost('kvm-b1', 'secondary', medium),
      'kvm-b2': makeHost('kvm-b2', 'secondary', medium),
      engine: makeHost('engine', undefined),
    };
    return withLab({ inventory: { hosts } }, async (env) => {
      const passed = await env.run([check('check.capacity')]);
      expect(passed.summary.failures).toEqual([]);
      env.lab.world.powerOff('kvm-b2');
      env.lab.clock.advance(10 * 60_000);
      const run = await env.run([check('check.capacity')]);
      expect(run.summary.failures[0]?.message).toMatch(
        /no secondary host has room for VM app-1 .*; hosts that cannot take VMs: kvm-b2 \(non_responsive\)/
      );
      expect(run.sink.ofType('warning').map((w) => w.message)).toContain(
        'kvm-b2 (non_responsive) cannot take VMs in a failover: not counted'
      );
    });
  });
});
