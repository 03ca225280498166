import type { LabEngine } from '../../../src/lab';
import { makeHost, makeInventory } from '../../helpers/inventory';
import { get, items, post } from './http';
import { hostByName, MINUTE, startTestLab, vmByName } from './lab-fixture';

function selfHostedInventory() {
  const base = makeInventory({ engine: { kind: 'self-hosted' } });
  const he = { hostedEngine: true };
  return {
    ...base,
    hosts: {
      ...base.hosts,
      'kvm-a1': makeHost('kvm-a1', 'primary', he),
      'kvm-a2': makeHost('kvm-a2', 'primary', he),
      'kvm-b1': makeHost('kvm-b1', 'secondary', he),
    },
  };
}

describe('a self-hosted engine lab', () => {
  let lab: LabEngine;
  beforeEach(async () => {
    lab = await startTestLab({ inventory: selfHostedInventory() });
  });
  afterEach(() => lab.close());

  it('runs the HostedEngine VM on a hosted-engine host of the primary site', async () => {
    const vm = await vmByName(lab, 'HostedEngine');
    expect(vm).toMatchObject({ status: 'up', origin: 'managed_hosted_engine' });
    expect(vm.host.id).toBe((await hostByName(lab, 'kvm-a1')).id);
  });

  it('shows hosted_engine on hosted-engine hosts only with all_content', async () => {
    expect((await hostByName(lab, 'kvm-a1')).hosted_engine).toBeUndefined();
    const hosts = items((await get(lab, '/hosts?all_content=true')).body, 'host');
    const a1 = hosts.find((h) => h.name === 'kvm-a1');
    expect(a1.hosted_engine).toEqual({
      active: 'true',
      configured: 'true',
      global_maintenance: 'false',
      local_maintenance: 'false',
      score: '3400',
    });
    expect(hosts.find((h) => h.name === 'kvm-b2').hosted_engine).toBeUndefined();
  });

  it('moves the engine VM to another hosted-engine host when its host enters maintenance, with local maintenance set', async () => {
    const a1 = await hostByName(lab, 'kvm-a1');
    expect((await post(lab, `/hosts/${a1.id}/deactivate`, {})).status).toBe(200);
    lab.clock.advance(8 * MINUTE); // its 16 GiB at 52 MiB/s: about 6 minutes
    const vm = await vmByName(lab, 'HostedEngine');
    expect(vm.status).toBe('up');
    expect(['kvm-a2', 'kvm-b1']).toContain((await get(lab, `/hosts/${vm.host.id}`)).body.name);
    const [host] = items((await get(lab, '/hosts?all_content=true&search=name%3Dkvm-a1')).body, 'host');
    expect(host.hosted_engine).toMatchObject({ local_maintenance: 'true', score: '0' });
  });

  it('sets global maintenance through the engine VM and refuses it on other VMs', async () => {
    const he = await vmByName(lab, 'HostedEngine');
    expect((await post(lab, `/vms/${he.id}/maintenance`, { maintenance_enabled: 'true' })).status).toBe(200);
    const [host] = items((await get(lab, '/hosts?all_content=true&search=name%3Dkvm-a1')).body, 'host');
    expect(host.hosted_engine.global_maintenance).toBe('true');
    const db = await vmByName(lab, 'db-1');
    expect((await post(lab, `/vms/${db.id}/maintenance`, { maintenance_enabled: 'true' })).status).toBe(409);
  });
});
