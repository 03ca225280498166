import { writeJson } from '../../../../src/lab/api/json';
import { collection, Decimal, entity } from '../../../../src/lab/api/values';
import { writeXml } from '../../../../src/lab/api/xml';

const when = new Date(Date.UTC(2016, 8, 14, 12, 14, 34, 541));
const host = entity('host', {
  href: '/ovirt-engine/api/hosts/1',
  id: '1',
  name: 'a<b & "c"',
  memory: 268435456n,
  port: 54321,
  update_available: false,
  priority: new Decimal(2.5),
  time: when,
  hosts: { host: [{ id: 'x' }, { id: 'y' }] },
  labels: {},
  absent: undefined,
});

describe('the lab JSON writer', () => {
  it('writes booleans and 32-bit integers as strings, 64-bit integers, decimals and dates as numbers', () => {
    expect(JSON.parse(writeJson(host))).toEqual({
      href: '/ovirt-engine/api/hosts/1',
      id: '1',
      name: 'a<b & "c"',
      memory: 268435456,
      port: '54321',
      update_available: 'false',
      priority: 2.5,
      time: when.getTime(),
      hosts: { host: [{ id: 'x' }, { id: 'y' }] },
      labels: {},
    });
  });

  it('writes an empty collection as {} and a full one under the singular key', () => {
    expect(writeJson(collection('hosts', 'host', []))).toBe('{}');
    expect(JSON.parse(writeJson(collection('hosts', 'host', [{ id: '1' }])))).toEqual({ host: [{ id: '1' }] });
  });
});

describe('the lab XML writer', () => {
  it('puts id, href and rel in attributes, escapes text, repeats list elements and writes xs:dateTime', () => {
    const xml = writeXml(host);
    expect(xml).toContain('<host href="/ovirt-engine/api/hosts/1" id="1">');
    expect(xml).toContain('<name>a&lt;b &amp; "c"</name>');
    expect(xml).toContain('<hosts><host id="x"/><host id="y"/></hosts>');
    expect(xml).toContain('<time>2016-09-14T12:14:34.541+00:00</time>');
    expect(xml).toContain('<labels/>');
    expect(xml).not.toContain('absent');
  });

  it('names the root of a collection with the plural', () => {
    expect(writeXml(collection('data_centers', 'data_center', [{ id: 'd' }]))).toContain(
      '<data_centers><data_center id="d"/></data_centers>'
    );
  });
});
