import type { LabEngine } from '../../../src/lab';
import { startLabEngine } from '../../../src/lab';
import { makeInventory } from '../../helpers/inventory';
import { get, items, login } from './http';

describe('the lab engine read API in JSON', () => {
  let lab: LabEngine;
  let token: string;

  beforeAll(async () => {
    lab = await startLabEngine({ inventory: makeInventory(), https: false, preinstalled: true, speed: 0 });
    token = await login(lab);
  });
  afterAll(() => lab.close());

  it('answers the API root with product info and links', async () => {
    const res = await get(lab, '', { token });
    expect(res.status).toBe(200);
    expect(res.body.product_info.name).toBe('oVirt Engine');
    expect(res.body.product_info.version.major).toBe('4');
    expect(res.body.link).toEqual(expect.arrayContaining([{ href: '/ovirt-engine/api/hosts', rel: 'hosts' }]));
  });

  it.each([
    ['hosts', 'host', 4],
    ['vms', 'vm', 4],
    ['clusters', 'cluster', 1],
    ['datacenters', 'data_center', 1],
    ['storagedomains', 'storage_domain', 2],
  ])('lists /%s under the singular key %s', async (path, key, count) => {
    const res = await get(lab, `/${path}`, { token });
    expect(res.status).toBe(200);
    expect(items(res.body, key)).toHaveLength(count);
    for (const item of items(res.body, key)) expect(item.href).toBe(`/ovirt-engine/api/${path}/${item.id}`);
  });

  it('shows hosts with spm, status, cluster and memory, scalars typed as the engine types them', async () => {
    const res = await get(lab, '/hosts', { token });
    const host = items(res.body, 'host').find((h) => h.name === 'kvm-a1');
    expect(host.status).toBe('up');
    expect(host.spm.priority).toBe('8');
    expect(['spm', 'none']).toContain(host.spm.status);
    expect(host.cluster.href).toMatch(/^\/ovirt-engine\/api\/clusters\//);
    expect(typeof host.memory).toBe('number');
    expect(host.update_available).toBe('false');
  });

  it('answers 404 with an empty body for an unknown id', async () => {
    const res = await get(lab, '/hosts/00000000-0000-0000-0000-000000000000', { token });
    expect(res.status).toBe(404);
    expect(res.text).toBe('');
  });
});
