import type { LabEngine } from '../../../src/lab';
import { del, get, items, post, put } from './http';
import { hostByName, MINUTE, startTestLab, statuses } from './lab-fixture';

async function addHost(lab: LabEngine, name: string, extra: Record<string, unknown> = {}, query = '') {
  const [cluster] = items((await get(lab, '/clusters')).body, 'cluster');
  return post(lab, `/hosts${query}`, {
    name,
    address: `${name}.lab.test`,
    root_password: 'x',
    cluster: { id: cluster.id },
    ...extra,
  });
}

describe('adding hosts to an empty lab cluster', () => {
  let lab: LabEngine;
  beforeEach(async () => {
    lab = await startTestLab({ preinstalled: false });
  });
  afterEach(() => lab.close());

  it('starts with no host and no VM in the engine', async () => {
    expect(items((await get(lab, '/hosts')).body, 'host')).toEqual([]);
    expect((await get(lab, '/vms')).body).toEqual({});
  });

  it('answers 201 with a Location, then installing, then up', async () => {
    const res = await addHost(lab, 'kvm-a1', { spm: { priority: '8' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(res.body.href);
    expect(res.body.status).toBe('installing');
    lab.clock.advance(MINUTE);
    const host = await hostByName(lab, 'kvm-a1');
    expect(host.status).toBe('up');
    expect(host.spm).toEqual({ priority: '8', status: 'spm' });
  });

  it('imports the inventory VMs of a site once all its hosts are up, spread as the scheduler spreads them', async () => {
    await addHost(lab, 'kvm-a1');
    lab.clock.advance(MINUTE);
    expect((await get(lab, '/vms')).body).toEqual({});
    await addHost(lab, 'kvm-a2');
    lab.clock.advance(MINUTE);
    const vms = items((await get(lab, '/vms')).body, 'vm');
    expect(vms.map((v) => String(v.name)).sort()).toEqual(['app-1', 'db-1']);
    expect(new Set(vms.map((v) => String(v.host.id))).size).toBe(2);
  });

  it('leaves the host in maintenance with activate=false', async () => {
    await addHost(lab, 'kvm-b1', {}, '?activate=false');
    lab.clock.advance(MINUTE);
    expect((await hostByName(lab, 'kvm-b1')).status).toBe('maintenance');
  });

  it('fails the install when the simulated host says so', async () => {
    lab.world.hostInstallCheck = (name) =>
      name === 'kvm-b2' ? 'Failed to execute stage: package ovirt-host missing' : 'ok';
    await addHost(lab, 'kvm-b2');
    lab.clock.advance(MINUTE);
    expect((await hostByName(lab, 'kvm-b2')).status).toBe('install_failed');
    const events = items((await get(lab, '/events?search=type%3D505')).body, 'event');
    expect(events[0].description).toContain('package ovirt-host missing');
  });

  it('waits for an asynchronous install check', async () => {
    lab.world.hostInstallCheck = () => Promise.resolve('ok');
    await addHost(lab, 'kvm-a2');
    lab.clock.advance(50_000);
    await new Promise((resolve) => setImmediate(resolve));
    lab.clock.advance(10_000);
    expect((await hostByName(lab, 'kvm-a2')).status).toBe('up');
  });

  it.each([
    ['a duplicate name', 409, /name is already in use/],
    ['a missing address', 400, /Host \[name, address\] required for add/],
    ['an unknown cluster', 400, /Cluster/],
    ['an SPM priority out of range', 400, /SPM priority/],
  ])('refuses %s', async (what, status, detail) => {
    await addHost(lab, 'kvm-a1');
    const [cluster] = items((await get(lab, '/clusters')).body, 'cluster');
    const bodies: Record<string, unknown> = {
      'a duplicate name': { name: 'kvm-a1', address: 'x', cluster: { id: cluster.id } },
      'a missing address': { name: 'kvm-z' },
      'an unknown cluster': { name: 'kvm-z', address: 'z', cluster: { name: 'nope' } },
      'an SPM priority out of range': {
        name: 'kvm-z',
        address: 'z',
        cluster: { id: cluster.id },
        spm: { priority: 11 },
      },
    };
    const res = await post(lab, '/hosts', bodies[what]);
    expect(res.status).toBe(status);
    expect(res.body.detail).toMatch(detail);
  });
});

describe('host commands in a running lab', () => {
  let lab: LabEngine;
  beforeEach(async () => {
    lab = await startTestLab();
  });
  afterEach(() => lab.close());

  it('updates the SPM priority with PUT', async () => {
    const host = await hostByName(lab, 'kvm-b1');
    const res = await put(lab, `/hosts/${host.id}`, { spm: { priority: -1 } });
    expect(res.status).toBe(200);
    expect(res.body.spm.priority).toBe('-1');
  });

  it('passes through preparing_for_maintenance on deactivate and unassigned/initializing on activate', async () => {
    const host = await hostByName(lab, 'kvm-b2');
    const res = await post(lab, `/hosts/${host.id}/deactivate`, { reason: 'patching' });
    expect(res.body).toMatchObject({ status: 'complete', reason: 'patching', host: { id: host.id } });
    expect(res.body.job.href).toMatch(/^\/ovirt-engine\/api\/jobs\//);
    expect(await hostByName(lab, 'kvm-b2')).toMatchObject({
      status: 'preparing_for_maintenance',
      status_detail: 'patching',
    });
    lab.clock.advance(MINUTE);
    expect((await hostByName(lab, 'kvm-b2')).status).toBe('maintenance');
    await post(lab, `/hosts/${host.id}/activate`, {});
    expect((await hostByName(lab, 'kvm-b2')).status).toBe('unassigned');
    lab.clock.advance(3_000);
    expect((await hostByName(lab, 'kvm-b2')).status).toBe('initializing');
    lab.clock.advance(3_000);
    expect((await hostByName(lab, 'kvm-b2')).status).toBe('up');
  });

  it('refuses to activate an up host with the engine message', async () => {
    const host = await hostByName(lab, 'kvm-a1');
    const res = await post(lab, `/hosts/${host.id}/activate`, {});
    expect(res.status).toBe(409);
    expect(res.body.fault.detail).toBe('[Cannot activate Host. Host in Up status.]');
  });

  it('refuses maintenance while a pinned VM runs on the host', async () => {
    const [vm] = items((await get(lab, '/vms?search=name%3Ddb-1')).body, 'vm');
    await put(lab, `/vms/${vm.id}`, {
      placement_policy: { affinity: 'pinned', hosts: { host: [{ id: vm.host.id }] } },
    });
    const res = await post(lab, `/hosts/${vm.host.id}/deactivate`, {});
    expect(res.status).toBe(409);
    expect(res.body.fault.detail).toMatch(
      /One or more running VMs are indicated as non-migratable. The non-migratable VMs are: db-1\./
    );
  });

  it('refuses maintenance of the last up host that runs VMs', async () => {
    for (const name of ['kvm-a1', 'kvm-a2', 'kvm-b1']) {
      const host = await hostByName(lab, name);
      await post(lab, `/hosts/${host.id}/deactivate`, {});
      lab.clock.advance(MINUTE);
    }
    const last = await hostByName(lab, 'kvm-b2');
    const res = await post(lab, `/hosts/${last.id}/deactivate`, {});
    expect(res.status).toBe(409);
    expect(res.body.fault.detail).toMatch(
      /Please ensure that the following Clusters have at least one Host in UP state: stretch/
    );
  });

  it('keeps a VM in a hard VM-to-host group on its host, which stays preparing for maintenance', async () => {
    const [cluster] = items((await get(lab, '/clusters')).body, 'cluster');
    const a1 = await hostByName(lab, 'kvm-a1');
    const [vm] = items((await get(lab, `/vms?search=${encodeURIComponent('host=kvm-a1')}`)).body, 'vm');
    await post(lab, `/clusters/${cluster.id}/affinitygroups`, {
      name: 'hard-a1',
      hosts_rule: { enabled: true, positive: true, enforcing: true },
      hosts: { host: [{ id: a1.id }] },
      vms: { vm: [{ id: vm.id }] },
    });
    const res = await post(lab, `/hosts/${a1.id}/deactivate`, {});
    expect(res.status).toBe(409);
    expect(res.body.fault.detail).toMatch(/There is no host that satisfies current scheduling constraints/);
    lab.clock.advance(10 * MINUTE);
    expect((await hostByName(lab, 'kvm-a1')).status).toBe('preparing_for_maintenance');
  });

  it('moves the SPM with forceselectspm and refuses a never-SPM host', async () => {
    const b1 = await hostByName(lab, 'kvm-b1');
    expect((await post(lab, `/hosts/${b1.id}/forceselectspm`, {})).status).toBe(200);
    expect(lab.events.list().at(-1)).toMatchObject({
      code: 159,
      description: 'Host kvm-b1 was force selected by admin@internal-authz',
      hostId: b1.id,
    });
    // The next pool refresh (10 s) elects it; SpmStart takes the lab's 5 s of contending.
    lab.clock.advance(10_000);
    expect((await hostByName(lab, 'kvm-b1')).spm.status).toBe('contending');
    lab.clock.advance(5_000);
    expect((await hostByName(lab, 'kvm-b1')).spm.status).toBe('spm');
    const b2 = await hostByName(lab, 'kvm-b2');
    await put(lab, `/hosts/${b2.id}`, { spm: { priority: -1 } });
    const res = await post(lab, `/hosts/${b2.id}/forceselectspm`, {});
    expect(res.status).toBe(400);
    expect(res.body.fault.detail).toMatch(/is set to 'never'/);
  });

  it('removes a host only in maintenance', async () => {
    const host = await hostByName(lab, 'kvm-b2');
    const refused = await del(lab, `/hosts/${host.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/Please switch Host to Maintenance mode first/);
    await post(lab, `/hosts/${host.id}/deactivate`, {});
    lab.clock.advance(MINUTE);
    expect((await del(lab, `/hosts/${host.id}`)).status).toBe(200);
    expect((await get(lab, `/hosts/${host.id}`)).status).toBe(404);
    expect(Object.keys(await statuses(lab, 'hosts'))).not.toContain('kvm-b2');
  });

  it('fences with power management: a restart reboots the host and restarts its HA VMs elsewhere', async () => {
    const host = await hostByName(lab, 'kvm-b1');
    expect((await post(lab, `/hosts/${host.id}/fence`, { fence_type: 'restart' })).status).toBe(409);
    await put(lab, `/hosts/${host.id}`, { power_management: { enabled: true } });
    const status = await post(lab, `/hosts/${host.id}/fence`, { fence_type: 'status' });
    expect(status.body).toMatchObject({ status: 'complete', power_management: { status: 'on' } });
    expect((await post(lab, `/hosts/${host.id}/fence`, { fence_type: 'restart' })).status).toBe(200);
    expect((await hostByName(lab, 'kvm-b1')).status).toBe('reboot');
    lab.clock.advance(5 * MINUTE);
    expect((await hostByName(lab, 'kvm-b1')).status).toBe('up');
    expect((await statuses(lab, 'vms'))['web-1']).toBe('up');
  });
});
