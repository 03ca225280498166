import type { LabEngine } from '../../../src/lab';
import { get, items } from './http';
import { startTestLab } from './lab-fixture';

describe('the search language over /vms and /hosts', () => {
  let lab: LabEngine;

  beforeAll(async () => {
    lab = await startTestLab();
  });
  afterAll(() => lab.close());

  async function names(collection: string, search: string, extra = ''): Promise<string[]> {
    const res = await get(lab, `/${collection}?search=${encodeURIComponent(search)}${extra}`);
    expect(res.status).toBe(200);
    return items(res.body, collection === 'vms' ? 'vm' : 'host').map((item) => item.name as string);
  }

  it.each([
    ['name=db-1', ['db-1']],
    ['name="db-1"', ['db-1']],
    ['name=DB-1', ['db-1']],
    ['NAME = db-1', ['db-1']],
    ['name=db*', ['db-1']],
    ['name=*-1', ['db-1', 'app-1', 'web-1', 'batch-1']],
    ['name!=db-1', ['app-1', 'web-1', 'batch-1']],
    ['status=up', ['db-1', 'app-1', 'web-1', 'batch-1']],
    ['status=down', []],
    ['host=kvm-a*', ['db-1', 'app-1']],
    ['cluster=stretch and name=web*', ['web-1']],
    ['datacenter=dc1 and host=kvm-b*', ['web-1', 'batch-1']],
    ['name=db-1 or name=web-1', ['db-1', 'web-1']],
    ['(name=db-1 or name=web-1) and host=kvm-b*', ['web-1']],
    ['name=db-1 or name=web-1 and host=kvm-b*', ['db-1', 'web-1']],
    ['Vms: name=app-1', ['app-1']],
    ['name=nothing', []],
    ['name=', []],
  ])('finds VMs with %s', async (search, expected) => {
    expect((await names('vms', search)).sort()).toEqual([...expected].sort());
  });

  it.each([
    ['status=up and datacenter=dc1', ['kvm-a1', 'kvm-a2', 'kvm-b1', 'kvm-b2']],
    ['name=kvm-b1', ['kvm-b1']],
    ['cluster=stretch and name=kvm-a*', ['kvm-a1', 'kvm-a2']],
    ['status=maintenance', []],
    ['status=preparingformaintenance', []],
  ])('finds hosts with %s', async (search, expected) => {
    expect((await names('hosts', search)).sort()).toEqual([...expected].sort());
  });

  it('sorts and pages with sortby and page, the page size being max', async () => {
    expect(await names('vms', 'sortby name desc')).toEqual(['web-1', 'db-1', 'batch-1', 'app-1']);
    expect(await names('vms', 'name=* sortby name asc page 2', '&max=2')).toEqual(['db-1', 'web-1']);
  });

  it('honours case_sensitive=true', async () => {
    expect(await names('vms', 'name=DB-1', '&case_sensitive=true')).toEqual([]);
  });

  it('limits the result with max, also as a matrix parameter', async () => {
    expect(items((await get(lab, '/vms?max=2')).body, 'vm')).toHaveLength(2);
    expect(items((await get(lab, '/vms;max=1')).body, 'vm')).toHaveLength(1);
  });

  it.each(['name=(', 'bogus=1', 'name db-1', '(name=db-1'])('answers 400 for the bad search %p', async (search) => {
    const res = await get(lab, `/vms?search=${encodeURIComponent(search)}`);
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/Search query error/);
  });
});
