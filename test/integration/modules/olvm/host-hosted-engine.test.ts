/**
 * olvm.host `hosted_engine` against the lab engine: a host already deployed is left alone; undeploy and deploy go
 * through maintenance, a reinstall with undeploy_hosted_engine / deploy_hosted_engine, and activation; adding a
 * host with the role needs an engine that manages a hosted-engine VM, as the engine's validation says.
 */
import { FAST, startModuleLab, startSelfHostedModuleLab } from '../../../helpers/olvm-modules';
import type { ModuleLab } from '../../../helpers/olvm-modules';

const role = (hosted_engine: 'deploy' | 'undeploy', extra: Record<string, unknown> = {}) => ({
  id: `he-${hosted_engine}`,
  module: 'olvm.host',
  hosts: 'kvm-b1',
  args: { hosted_engine, ...FAST, ...extra },
});

function hostedEngineHosts(env: ModuleLab): string[] {
  return env.lab.world.state.hosts
    .filter((h) => h.isHostedEngine)
    .map((h) => h.name)
    .sort();
}

describe('olvm.host hosted_engine on a self-hosted engine', () => {
  let env: ModuleLab;
  beforeAll(async () => {
    env = await startSelfHostedModuleLab();
  });
  afterAll(() => env.close());

  it('leaves a host that has the role alone, without a write', async () => {
    env.lab.writes.reset();
    const run = await env.run([role('deploy')]);
    expect(run.sink.finished()).toEqual(['he-deploy/kvm-b1: ok']);
    expect(env.lab.writes.count()).toBe(0);
  });

  it('plans the removal as maintenance, reinstall, activate, and a dry run writes nothing', async () => {
    env.lab.writes.reset();
    const run = await env.run([role('undeploy')], { isDryRun: true });
    expect(run.summary.changes.map((c) => c.changes)).toEqual([
      [
        {
          path: 'hosted_engine',
          from: 'deployed',
          to: 'not deployed',
          note: "would reinstall kvm-b1 with undeploy_hosted_engine and the engine's SSH key (maintenance, reinstall, activate)",
        },
      ],
    ]);
    expect(env.lab.writes.count()).toBe(0);
  });

  it('removes the role by reinstalling with undeploy_hosted_engine, and the host is up again', async () => {
    const run = await env.run([role('undeploy')]);
    expect(run.summary.failures).toEqual([]);
    expect(hostedEngineHosts(env)).toEqual(['kvm-a1']);
    const trail = run.sink.ofType('task.finished')[0]?.result?.status_trail;
    expect(trail).toEqual([
      'up',
      'preparing_for_maintenance',
      'maintenance',
      'installing',
      'maintenance',
      'unassigned',
      'initializing',
      'up',
    ]);
  });

  it('gives the role back with deploy_hosted_engine, leaving the host in maintenance when asked', async () => {
    const run = await env.run([role('deploy', { state: 'maintenance' })]);
    expect(run.summary.failures).toEqual([]);
    expect(hostedEngineHosts(env)).toEqual(['kvm-a1', 'kvm-b1']);
    expect(env.lab.world.hostByName('kvm-b1')?.status).toBe('maintenance');
  });
});

describe('olvm.host hosted_engine: deploy on a standalone engine', () => {
  it("is refused with the engine's message: there is no hosted-engine VM to deploy for", async () => {
    const env = await startModuleLab({ preinstalled: false });
    try {
      const run = await env.run([
        { id: 'add', module: 'olvm.host', hosts: 'kvm-b1', args: { hosted_engine: 'deploy', ...FAST } },
      ]);
      expect(run.summary.failures[0]?.message).toContain(
        'engine refused add of host kvm-b1: [Cannot add Host. You are using an unmanaged hosted engine VM. Please add ' +
          'the first storage domain in order to start the hosted engine import process.] (409)'
      );
    } finally {
      await env.close();
    }
  });
});
