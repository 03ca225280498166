/**
 * Every resource type, fetched in JSON and in XML, carries the same data: the two answers are brought to one
 * canonical form (scalars as text, dates as epoch ms, one-element lists as their element, empty as {}).
 */
import type { LabEngine } from '../../../src/lab';
import { makeInventory } from '../../helpers/inventory';
import type { Doc } from './http';
import { get, items, post } from './http';
import { hostByName, startTestLab } from './lab-fixture';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;

function canonical(node: Doc): Doc {
  if (Array.isArray(node)) return node.length === 1 ? canonical(node[0]) : node.map(canonical);
  if (node === '' || node === null || node === undefined) return {};
  if (typeof node === 'object') {
    const out: Record<string, Doc> = {};
    for (const [key, value] of Object.entries(node)) out[key.replace(/^@/, '')] = canonical(value);
    return out;
  }
  const text = String(node);
  return ISO_DATE.test(text) ? String(Date.parse(text)) : text;
}

/** The XML document without its root element (JSON has none). */
function xmlBody(doc: Doc): Doc {
  const root = Object.keys(doc).find((key) => !key.startsWith('?'));
  return root === undefined ? {} : doc[root];
}

describe('the lab answers the same data in JSON and XML', () => {
  let lab: LabEngine;
  const paths: string[] = [];

  beforeAll(async () => {
    lab = await startTestLab({ inventory: makeInventory({ engine: { kind: 'self-hosted' } }) });
    const a1 = await hostByName(lab, 'kvm-a1');
    await post(
      lab,
      `/hosts/${a1.id}/deactivate`,
      { reason: 'formats' },
      { headers: { 'Correlation-Id': 'formats-1' } }
    );
    lab.clock.advance(5_000);
    const [cluster] = items((await get(lab, '/clusters')).body, 'cluster');
    const [dc] = items((await get(lab, '/datacenters')).body, 'data_center');
    const [group] = items((await get(lab, `/clusters/${cluster.id}/affinitygroups`)).body, 'affinity_group');
    const [vm] = items((await get(lab, '/vms')).body, 'vm');
    const [sd] = items((await get(lab, '/storagedomains')).body, 'storage_domain');
    const [job] = items((await get(lab, '/jobs')).body, 'job');
    const [event] = items((await get(lab, '/events')).body, 'event');
    paths.push(
      '',
      '/hosts',
      `/hosts/${a1.id}`,
      '/hosts?all_content=true',
      '/vms',
      `/vms/${vm.id}`,
      `/vms/${vm.id}?next_run=true`,
      '/vms?follow=host,cluster',
      '/clusters',
      `/clusters/${cluster.id}`,
      '/datacenters',
      `/datacenters/${dc.id}`,
      `/datacenters/${dc.id}/storagedomains`,
      '/storagedomains',
      `/storagedomains/${sd.id}`,
      `/clusters/${cluster.id}/affinitygroups`,
      `/clusters/${cluster.id}/affinitygroups/${group.id}`,
      `/clusters/${cluster.id}/affinitygroups/${group.id}/vms`,
      `/clusters/${cluster.id}/affinitygroups/${group.id}/hosts`,
      '/jobs',
      `/jobs/${job.id}`,
      `/jobs/${job.id}/steps`,
      '/events?max=20',
      `/events/${event.id}`
    );
  });
  afterAll(() => lab.close());

  it('walks every resource type in both formats', async () => {
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      const [json, xml] = await Promise.all([get(lab, path, { format: 'json' }), get(lab, path, { format: 'xml' })]);
      expect({ path, status: json.status }).toEqual({ path, status: 200 });
      expect({ path, status: xml.status }).toEqual({ path, status: 200 });
      expect(json.headers.get('content-type')).toContain('application/json');
      expect(xml.headers.get('content-type')).toContain('application/xml');
      expect({ path, body: canonical(xmlBody(xml.body)) }).toEqual({ path, body: canonical(json.body) });
    }
  });

  it('answers a refused action in both formats with the same fault', async () => {
    lab.clock.advance(10 * 60_000); // the 16 GiB engine VM migrates at 52 MiB/s: about 6 minutes
    const a1 = await hostByName(lab, 'kvm-a1');
    expect(a1.status).toBe('maintenance');
    const json = await post(lab, `/hosts/${a1.id}/deactivate`, {}, { format: 'json' });
    const xml = await post(lab, `/hosts/${a1.id}/deactivate`, '<action/>', { format: 'xml' });
    expect([json.status, xml.status]).toEqual([409, 409]);
    expect(json.body.status).toBe('failed');
    expect(json.body.fault).toEqual({
      reason: 'Operation Failed',
      detail: '[Cannot switch Host to Maintenance mode. Host is already in Maintenance mode.]',
    });
    expect(canonical(xmlBody(xml.body))).toEqual(canonical(json.body));
  });

  it('names the XML root after the type and the collection', async () => {
    const list = await get(lab, '/datacenters', { format: 'xml' });
    expect(Object.keys(list.body)).toContain('data_centers');
    expect(list.text).toMatch(/<data_center href="\/ovirt-engine\/api\/datacenters\/[^"]+" id="[^"]+">/);
    const root = await get(lab, '', { format: 'xml' });
    expect(Object.keys(root.body)).toContain('api');
  });
});
