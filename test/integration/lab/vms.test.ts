import type { LabEngine } from '../../../src/lab';
import { get, items, post, put } from './http';
import { hostByName, startTestLab, vmByName } from './lab-fixture';

describe('VM updates and actions in the lab', () => {
  let lab: LabEngine;
  let domains: Record<string, string>;

  beforeEach(async () => {
    lab = await startTestLab();
    const list = items((await get(lab, '/storagedomains')).body, 'storage_domain');
    domains = Object.fromEntries(list.map((d): [string, string] => [String(d.name), String(d.id)]));
  });
  afterEach(() => lab.close());

  it('shows HA, lease, placement and resume behaviour as the engine types them', async () => {
    const vm = await vmByName(lab, 'db-1');
    expect(vm.high_availability).toEqual({ enabled: 'true', priority: '1' });
    expect(vm.lease.storage_domain.id).toBe(domains['data-a']);
    expect(vm.placement_policy).toEqual({ affinity: 'migratable' });
    expect(vm.storage_error_resume_behaviour).toBe('kill');
    expect(typeof vm.memory).toBe('number');
    expect(typeof vm.start_time).toBe('number');
  });

  it('sets high availability and a lease on a VM without them (JSON)', async () => {
    const vm = await vmByName(lab, 'batch-1');
    const res = await put(lab, `/vms/${vm.id}`, {
      high_availability: { enabled: 'true', priority: '100' },
      lease: { storage_domain: { id: domains['data-b'] } },
    });
    expect(res.status).toBe(200);
    expect(res.body.high_availability).toEqual({ enabled: 'true', priority: '100' });
    expect(res.body.lease.storage_domain.id).toBe(domains['data-b']);
  });

  it('sets a lease with an XML body', async () => {
    const vm = await vmByName(lab, 'batch-1');
    const body = `<vm><high_availability><enabled>true</enabled></high_availability><lease><storage_domain id="${domains['data-b']}"/></lease></vm>`;
    const res = await put(lab, `/vms/${vm.id}`, body, { format: 'xml' });
    expect(res.status).toBe(200);
    expect(res.body.vm.lease.storage_domain['@id']).toBe(domains['data-b']);
  });

  it.each([
    [
      'a lease without HA',
      'batch-1',
      { lease: { storage_domain: { id: 'data-b' } } },
      /high availability option is set to false/,
    ],
    [
      'a hot swap of the lease',
      'db-1',
      { lease: { storage_domain: { id: 'data-b' } } },
      /Hot swapping of VM leases is not supported/,
    ],
    [
      'turning HA off while a lease is set',
      'db-1',
      { high_availability: { enabled: false } },
      /high availability option is set to false/,
    ],
  ])('refuses %s with 409', async (_what, name, body, detail) => {
    const vm = await vmByName(lab, name);
    const resolved = JSON.parse(JSON.stringify(body).replace('"data-b"', JSON.stringify(domains['data-b'])));
    const res = await put(lab, `/vms/${vm.id}`, resolved);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ reason: 'Operation Failed' });
    expect(res.body.detail).toMatch(detail);
  });

  it('removes a lease with an empty lease', async () => {
    const vm = await vmByName(lab, 'db-1');
    const res = await put(lab, `/vms/${vm.id}`, { lease: {} });
    expect(res.body.lease).toBeUndefined();
  });

  it('keeps a resume behaviour change of a running VM for the next run', async () => {
    const vm = await vmByName(lab, 'web-1');
    const res = await put(lab, `/vms/${vm.id}`, { storage_error_resume_behaviour: 'leave_paused' });
    expect(res.body.storage_error_resume_behaviour).toBe('kill');
    expect(res.body.next_run_configuration_exists).toBe('true');
    const next = await get(lab, `/vms/${vm.id}?next_run=true`);
    expect(next.body.storage_error_resume_behaviour).toBe('leave_paused');
  });

  it('lists the VMs whose change waits for a restart, their OVF carrying the next-run configuration (all_content)', async () => {
    const vm = await vmByName(lab, 'web-1');
    await put(lab, `/vms/${vm.id}`, { storage_error_resume_behaviour: 'leave_paused' });
    const search = encodeURIComponent('next_run_config_exists=true');
    const plain = items((await get(lab, `/vms?search=${search}`)).body, 'vm');
    expect(plain.map((v) => String(v.name))).toEqual(['web-1']);
    expect(plain[0]?.initialization).toBeUndefined();
    const [full] = items((await get(lab, `/vms?search=${search}&all_content=true`)).body, 'vm');
    const configuration = full?.initialization.configuration;
    expect(configuration.type).toBe('ovf');
    const ovf = String(configuration.data);
    expect(ovf).toContain('<ResumeBehavior>KILL</ResumeBehavior>');
    const nextRun = /<Type>NEXT_RUN<\/Type><Description>[^<]*<\/Description><VmConfiguration>([^<]+)</.exec(ovf);
    expect(Buffer.from(nextRun?.[1] ?? '', 'base64').toString()).toContain(
      '<ResumeBehavior>LEAVE_PAUSED</ResumeBehavior>'
    );
    const others = items(
      (await get(lab, `/vms?search=${encodeURIComponent('next_run_config_exists=false')}`)).body,
      'vm'
    );
    expect(others.map((v) => String(v.name))).not.toContain('web-1');
    expect(others.length).toBeGreaterThan(0);
  });

  it('refuses a next_run_config_exists search on a value other than true or false, as the engine does', async () => {
    const res = await get(lab, `/vms?search=${encodeURIComponent('next_run_config_exists=yes')}`);
    expect(res.status).toBe(400);
  });

  it('pins a VM to hosts named in the placement policy', async () => {
    const vm = await vmByName(lab, 'app-1');
    const [a1, a2] = [await hostByName(lab, 'kvm-a1'), await hostByName(lab, 'kvm-a2')];
    const res = await put(lab, `/vms/${vm.id}`, {
      placement_policy: { affinity: 'pinned', hosts: { host: [{ name: 'kvm-a1' }, { name: 'kvm-a2' }] } },
    });
    expect(res.body.placement_policy.affinity).toBe('pinned');
    expect(items(res.body.placement_policy.hosts, 'host').map((h) => String(h.id))).toEqual([a1.id, a2.id]);
    expect((await post(lab, `/vms/${vm.id}/migrate`, {})).body.fault.detail).toMatch(/pinned/);
  });

  it('answers 400 for an enum value outside the model', async () => {
    const vm = await vmByName(lab, 'app-1');
    const res = await put(lab, `/vms/${vm.id}`, { placement_policy: { affinity: 'sticky' } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/sticky is not a member of VmAffinity/);
  });

  it('migrates to a named host: migrating, then up there', async () => {
    const vm = await vmByName(lab, 'web-1');
    const target = (await hostByName(lab, 'kvm-a2')).id;
    const same = await post(lab, `/vms/${vm.id}/migrate`, { host: { id: vm.host.id } });
    expect(same.body.fault.detail).toBe('[Cannot migrate VM. source and destination is the same.]');
    expect((await post(lab, `/vms/${vm.id}/migrate`, { host: { name: 'kvm-a2' } })).body.status).toBe('complete');
    expect((await vmByName(lab, 'web-1')).status).toBe('migrating');
    lab.clock.advance(55_000); // a 2 GiB guest at 52 MiB/s: about 49 s (later the enforcer brings it home)
    const moved = await vmByName(lab, 'web-1');
    expect(moved.status).toBe('up');
    expect(moved.host.id).toBe(target);
  });

  it('stops, starts and shuts down, refusing what the state does not allow', async () => {
    const vm = await vmByName(lab, 'batch-1');
    expect((await post(lab, `/vms/${vm.id}/start`, {})).body.fault.detail).toBe('[Cannot run VM. VM is running.]');
    expect((await post(lab, `/vms/${vm.id}/stop`, { reason: 'drill' })).body.status).toBe('complete');
    const stopped = await vmByName(lab, 'batch-1');
    expect(stopped).toMatchObject({ status: 'down', stop_reason: 'drill' });
    expect(stopped.host).toBeUndefined();
    expect((await post(lab, `/vms/${vm.id}/stop`, {})).status).toBe(409);
    await post(lab, `/vms/${vm.id}/start`, { vm: { placement_policy: { hosts: { host: [{ name: 'kvm-a1' }] } } } });
    expect((await vmByName(lab, 'batch-1')).status).toBe('wait_for_launch');
    lab.clock.advance(3_000);
    expect((await vmByName(lab, 'batch-1')).status).toBe('powering_up');
    lab.clock.advance(10_000);
    const started = await vmByName(lab, 'batch-1');
    expect(started.status).toBe('up');
    expect(started.host.id).toBe((await hostByName(lab, 'kvm-a1')).id);
    await post(lab, `/vms/${vm.id}/shutdown`, {});
    expect((await vmByName(lab, 'batch-1')).status).toBe('powering_down');
    lab.clock.advance(10_000);
    expect((await vmByName(lab, 'batch-1')).status).toBe('down');
  });

  it('does not restart an HA VM a user stopped', async () => {
    const vm = await vmByName(lab, 'web-1');
    await post(lab, `/vms/${vm.id}/stop`, {});
    lab.clock.advance(10 * 60_000);
    expect((await vmByName(lab, 'web-1')).status).toBe('down');
  });
});
