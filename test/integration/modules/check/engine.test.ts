/**
 * check.storage, check.engine_ha, check.hosted_engine, check.ha_readiness and check.capacity through the engine
 * against the lab.
 */
import { startModuleLab } from '../../../helpers/olvm-modules';
import type { ModuleLab, ModuleLabOptions } from '../../../helpers/olvm-modules';
import { makeHost } from '../../../helpers/inventory';

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

  it('registers the measurements of check.capacity', async () => {
    const run = await env.run([check('check.capacity')]);
    expect(run.sink.ofType('task.finished')[0]?.result).toMatchObject({
      site: 'secondary',
      hosts_memory: 2 * 128 * 1024 ** 3,
      vms_memory: (8 + 2 + 2 + 2) * 1024 ** 3,
    });
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
      'step "check.ha_readiness": check.ha_readiness failed (3 problems):',
      "  - VM app-1 has no lease and its site's hosts have no power management",
      '    (the procedure: each virtual machine must have a lease on a target storage domain to ensure the virtual machine can start even without power management)',
      '  - the SPM priority is not higher on every primary host: kvm-a2 has 2, kvm-b1 (secondary) has 2',
      '    (the procedure: configure the storage pool manager (SPM) priority to be higher on all hosts in the primary site to ensure SPM failover to the secondary site occurs only when all hosts in the primary site are unavailable)',
      '  - affinity group secondary-affinity has an enforcing (hard) VM-to-host rule over web-1',
      '    (the procedure: configure soft enforced virtual machine to host affinity; with VM Affinity Rule Enforcing enabled (shown as Hard), the system does not migrate a virtual machine to a host different from where the other virtual machines in its affinity group are running)',
    ]);
  });

  it('fails check.ha_readiness for a VM meant to fail over that is not highly available', async () => {
    const run = await env.run([check('check.ha_readiness', { vms: ['batch-1'] })]);
    expect(run.summary.failures[0]?.message).toMatch(
      /^step "check.ha_readiness": check.ha_readiness failed .*\n {2}- VM batch-1 is not highly available\n/
    );
  });
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
      expect(run.summary.failures[0]?.message.split('\n')).toEqual([
        'step "check.capacity": check.capacity failed (2 problems):',
        "  - the secondary site's 2 hosts have 12GiB of memory for 14GiB of VMs that must run there after a failover (2 fails over: 10GiB; 2 at home: 4GiB)",
        '  - VM db-1 needs 8GiB, more than the largest secondary host has (6GiB)',
        '    (the procedure: configure a stretch cluster where hosts capable of running all the virtual machines in the cluster are located in the primary and secondary site)',
      ]);
    });
  });
});
