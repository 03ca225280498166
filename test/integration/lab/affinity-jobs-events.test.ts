import type { LabEngine } from '../../../src/lab';
import { call, del, get, items, post, put } from './http';
import { hostByName, MINUTE, startTestLab, vmByName } from './lab-fixture';

describe('affinity groups in the lab', () => {
  let lab: LabEngine;
  let base: string;

  beforeEach(async () => {
    lab = await startTestLab();
    const [cluster] = items((await get(lab, '/clusters')).body, 'cluster');
    base = `/clusters/${cluster.id}/affinitygroups`;
  });
  afterEach(() => lab.close());

  it('lists the preinstalled soft site groups', async () => {
    const groups = items((await get(lab, base)).body, 'affinity_group');
    expect(groups.map((g) => String(g.name)).sort()).toEqual(['primary-affinity', 'secondary-affinity']);
    expect(groups[0].hosts_rule).toEqual({ enabled: 'true', enforcing: 'false', positive: 'true' });
    expect(groups[0].vms_rule).toEqual({ enabled: 'false', enforcing: 'false', positive: 'false' });
    expect(groups[0].priority).toBe(1);
    expect(groups[0].broken).toBe('false');
  });

  it('creates, reads, updates and deletes a group with member lists', async () => {
    const db = await vmByName(lab, 'db-1');
    const b1 = await hostByName(lab, 'kvm-b1');
    const created = await post(lab, base, {
      name: 'db-on-b',
      description: 'test',
      hosts_rule: { enabled: 'true', positive: 'true', enforcing: 'false' },
      vms_rule: { enabled: 'false' },
      hosts: { host: [{ id: b1.id }] },
      vms: { vm: [{ id: db.id }] },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(created.body.href);
    expect(created.body.broken).toBe('true');
    expect(created.body.vms.vm).toEqual([{ href: `/ovirt-engine/api/vms/${db.id}`, id: db.id }]);
    const updated = await put(lab, String(created.body.href).replace('/ovirt-engine/api', ''), {
      hosts_rule: { enforcing: 'true' },
      priority: 2.5,
    });
    expect(updated.body.hosts_rule).toEqual({ enabled: 'true', enforcing: 'true', positive: 'true' });
    expect(updated.body.priority).toBe(2.5);
    expect((await del(lab, `${base}/${created.body.id}`)).status).toBe(200);
    expect((await get(lab, `${base}/${created.body.id}`)).status).toBe(404);
  });

  it('reads a hosts_rule without enabled as enabled (the Ansible module sends it so)', async () => {
    const res = await post(lab, base, { name: 'ansible', hosts_rule: { positive: 'false', enforcing: 'false' } });
    expect(res.body.hosts_rule).toEqual({ enabled: 'true', enforcing: 'false', positive: 'false' });
    const legacy = await post(lab, base, { name: 'legacy', positive: 'true', enforcing: 'true' });
    expect(legacy.body.vms_rule).toEqual({ enabled: 'true', enforcing: 'true', positive: 'true' });
    expect(legacy.body.positive).toBe('true');
    expect(legacy.body.hosts_rule.enabled).toBe('false');
  });

  it('adds and removes members through the vms and hosts sub-collections', async () => {
    const group = (await post(lab, base, { name: 'members' })).body;
    const vm = await vmByName(lab, 'web-1');
    const host = await hostByName(lab, 'kvm-b2');
    expect((await post(lab, `${base}/${group.id}/vms`, { id: vm.id })).status).toBe(201);
    expect((await post(lab, `${base}/${group.id}/hosts`, { name: 'kvm-b2' })).status).toBe(201);
    expect(items((await get(lab, `${base}/${group.id}/vms`)).body, 'vm').map((v) => String(v.name))).toEqual(['web-1']);
    expect(items((await get(lab, `${base}/${group.id}/hosts`)).body, 'host').map((h) => String(h.name))).toEqual([
      'kvm-b2',
    ]);
    expect((await del(lab, `${base}/${group.id}/vms/${vm.id}`)).status).toBe(200);
    expect((await del(lab, `${base}/${group.id}/hosts/${host.id}`)).status).toBe(200);
    expect((await get(lab, `${base}/${group.id}/vms`)).body).toEqual({});
    expect((await post(lab, `${base}/${group.id}/vms`, { name: 'web-1' })).status).toBe(400);
  });

  it('refuses a duplicate name with 400', async () => {
    const res = await post(lab, base, { name: 'primary-affinity' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('[Cannot add Affinity Group. Affinity Group name already exists.]');
  });

  it('creates a group from an XML body', async () => {
    const body =
      '<affinity_group><name>xml</name><hosts_rule><enabled>true</enabled><positive>false</positive><enforcing>true</enforcing></hosts_rule></affinity_group>';
    const res = await post(lab, base, body, { format: 'xml' });
    expect(res.status).toBe(201);
    expect(res.body.affinity_group.hosts_rule).toEqual({ enabled: 'true', enforcing: 'true', positive: 'false' });
  });
});

describe('jobs and events in the lab', () => {
  let lab: LabEngine;
  beforeEach(async () => {
    lab = await startTestLab();
  });
  afterEach(() => lab.close());

  it('echoes the Correlation-Id and records a job findable by it, finished when the host reaches maintenance', async () => {
    const host = await hostByName(lab, 'kvm-b1');
    const res = await post(
      lab,
      `/hosts/${host.id}/deactivate`,
      {},
      { headers: { 'Correlation-Id': 'drill-42.step/3' } }
    );
    expect(res.headers.get('correlation-id')).toBe('drill-42step3');
    const search = `/jobs?search=${encodeURIComponent('correlation_id=drill-42step3')}`;
    const [job] = items((await get(lab, search)).body, 'job');
    expect(job).toMatchObject({
      description: 'Moving Host(s) kvm-b1 to Maintenance',
      status: 'started',
      external: 'false',
    });
    expect(res.body.job.id).toBe(job.id);
    lab.clock.advance(MINUTE);
    const [done] = items((await get(lab, search)).body, 'job');
    expect(done.status).toBe('finished');
    expect(typeof done.end_time).toBe('number');
  });

  it('records a job for every write, even a plain update', async () => {
    const host = await hostByName(lab, 'kvm-b1');
    await call(lab, 'PUT', `/hosts/${host.id}`, { body: { comment: 'x' }, headers: { 'Correlation-Id': 'edit-1' } });
    const jobs = items((await get(lab, '/jobs?search=correlation_id%3Dedit-1')).body, 'job');
    expect(jobs).toHaveLength(1);
    expect(jobs[0].status).toBe('finished');
  });

  it('lists events newest first, with codes, virtual times, correlation ids, from= and max=', async () => {
    const host = await hostByName(lab, 'kvm-a1');
    const before = items((await get(lab, '/events?max=1')).body, 'event')[0];
    const start = lab.clock.now();
    await post(lab, `/hosts/${host.id}/deactivate`, { reason: 'r' }, { headers: { 'Correlation-Id': 'ev-1' } });
    lab.clock.advance(5 * MINUTE); // its VMs migrate two at a time, about 49 s each
    const events = items((await get(lab, `/events?from=${Number(before.id)}`)).body, 'event');
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(Math.min(...ids)).toBe(Number(before.id) + 1);
    const codes = events.map((e) => Number(e.code));
    expect(codes).toEqual(expect.arrayContaining([600, 67, 63]));
    expect(codes).not.toContain(15); // reaching maintenance logs nothing (15 is an internal maintenance's)
    const maintenance = events.find((e) => e.code === '600');
    expect(maintenance.description).toBe(
      'Host kvm-a1 was switched to Maintenance mode by admin@internal-authz (Reason: r).'
    );
    expect(maintenance.correlation_id).toBe('ev-1');
    expect(maintenance.time).toBeGreaterThanOrEqual(start);
    expect(items((await get(lab, '/events?max=2')).body, 'event')).toHaveLength(2);
    const byCorrelation = items((await get(lab, '/events?search=correlation_id%3Dev-1')).body, 'event');
    expect(byCorrelation.length).toBeGreaterThanOrEqual(3);
    const warnings = items((await get(lab, `/events?search=${encodeURIComponent('severity>=warning')}`)).body, 'event');
    expect(warnings.every((e) => e.severity !== 'normal')).toBe(true);
  });

  it('tells subscribers about every event', () => {
    const seen: number[] = [];
    const stop = lab.events.subscribe((event) => seen.push(event.code));
    lab.world.powerOff('kvm-b2');
    lab.clock.advance(2 * MINUTE);
    stop();
    expect(seen).toEqual(expect.arrayContaining([9027, 12, 142, 9028])); // no power management: 9027, not 9008
  });
});
