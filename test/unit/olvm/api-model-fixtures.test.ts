/**
 * Bodies from the API model's documentation (test/fixtures/api-model/client-*, sources in client-SOURCES.md):
 * responses parse in the client, and the request bodies the client builds equal the documented ones.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAccessToken } from '../../../src/olvm/auth';
import {
  affinityGroupBody,
  hostSpecBody,
  migrateBody,
  selectorBody,
  startBody,
  stopBody,
} from '../../../src/olvm/bodies';
import { parseEvent, parseJob } from '../../../src/olvm/parse/activity';
import { parseAffinityGroup } from '../../../src/olvm/parse/affinity';
import { parseCluster, parseDataCenter, parseStorageDomain } from '../../../src/olvm/parse/topology';
import { parseVm } from '../../../src/olvm/parse/vm';
import { readList } from '../../../src/olvm/scalars';
import { readFault } from '../../../src/olvm/transport';
import { clearSecrets } from '../../../src/shared/redact';
import { jsonExampleToEngineJson, xmlExampleToEngineJson } from '../../helpers/api-model-xml';

const DIR = join(__dirname, '../../fixtures/api-model');

function example(file: string): unknown {
  const text = readFileSync(join(DIR, file), 'utf8');
  return file.endsWith('.xml') ? xmlExampleToEngineJson(text) : jsonExampleToEngineJson(text);
}

afterEach(() => clearSecrets());

describe('response examples parse in the client', () => {
  it('reads the access token of the SSO reply (002 Authentication)', () => {
    expect(readAccessToken(example('client-002-AuthenticationAndSecurity-token-reply.json'))).toBe(
      'fqbR1ftzh8wBCviLxJcYuV5oSDI='
    );
  });

  it('parses the VM object and the VM collection (003 Common concepts)', () => {
    const vm = parseVm(example('client-003-CommonConcepts-vm.json'));
    expect(vm).toMatchObject({ id: '123', name: 'myvm', description: 'My VM', memory: 1073741824 });
    const vms = readList(example('client-003-CommonConcepts-vms.json'), 'vm').map(parseVm);
    expect(vms.map((v) => [v.id, v.name, v.memory])).toEqual([
      ['123', 'myvm', 1073741824],
      ['456', 'yourvm', 2147483648],
    ]);
  });

  it('reads the fault of a refused add (003 Handling errors)', () => {
    expect(readFault(example('client-003-CommonConcepts-fault.xml'))).toEqual({
      reason: 'Incomplete parameters',
      detail: 'Vm [name] required for add',
    });
  });

  it('parses the JSON cluster collection of types/Cluster.java', () => {
    const [cluster, ...rest] = readList(example('client-types-Cluster.json'), 'cluster').map(parseCluster);
    expect(rest).toEqual([]);
    expect(cluster).toEqual({
      id: '234',
      name: 'Default',
      href: '/ovirt-engine/api/clusters/234',
      description: 'The default server cluster',
      dataCenter: { id: '123', href: '/ovirt-engine/api/datacenters/123' },
      cpu: { architecture: 'x86_64', type: 'Intel SandyBridge Family' },
      version: { major: 4, minor: 1 },
      errorHandling: { onError: 'migrate' },
      fencingPolicy: {
        isEnabled: true,
        isSkipIfSdActive: false,
        isSkipIfConnectivityBroken: false,
        connectivityThreshold: 50,
      },
      schedulingPolicy: { id: '789', href: '/ovirt-engine/api/schedulingpolicies/789' },
      isHaReservation: false,
      memoryPolicy: { overCommitPercent: 100 },
    });
  });

  it('parses the storage domain of types/StorageDomain.java', () => {
    expect(parseStorageDomain(example('client-types-StorageDomain.xml'))).toEqual({
      id: '123',
      name: 'mydata',
      href: '/ovirt-engine/api/storagedomains/123',
      description: 'My data',
      type: 'data',
      isMaster: true,
      externalStatus: 'ok',
      storageFormat: 'v3',
      storage: { type: 'nfs', address: 'mynfs.example.com', path: '/exports/mydata' },
      available: 38654705664,
      used: 13958643712,
      committed: 1073741824,
      dataCenters: [{ id: '456', href: '/ovirt-engine/api/datacenters/456' }],
    });
  });

  it('parses the data center of DataCentersService.list', () => {
    expect(parseDataCenter(example('client-services-DataCentersService-list-item.xml'))).toEqual({
      id: '123',
      name: 'Default',
      href: '/ovirt-engine/api/datacenters/123',
      description: 'The default Data Center',
      status: 'up',
      isLocal: false,
      version: { major: 4, minor: 0 },
      quotaMode: 'disabled',
    });
  });

  it.each([
    ['client-services-JobsService-list.xml', 'a collection'],
    ['client-services-JobService-get.xml', 'one job'],
  ])('parses the failed disk job of %s (%s)', (file) => {
    const body = example(file);
    const job = parseJob(readList(body, 'job')[0] ?? body);
    expect(job).toEqual({
      id: '123',
      href: '/ovirt-engine/api/jobs/123',
      description: 'Adding Disk',
      status: 'failed',
      isExternal: false,
      isAutoCleared: true,
      startTime: Date.parse('2016-12-12T23:07:26.593+02:00'),
      endTime: Date.parse('2016-12-12T23:07:29.758+02:00'),
      lastUpdated: Date.parse('2016-12-12T23:07:29.758+02:00'),
      owner: { id: '456', href: '/ovirt-engine/api/users/456' },
    });
  });

  it('parses the external job the engine returns on add', () => {
    expect(parseJob(example('client-services-JobsService-add-reply.xml'))).toMatchObject({
      id: '123',
      description: 'Doing some work',
      status: 'started',
      isExternal: true,
      isAutoCleared: true,
    });
  });

  it.each([
    ['client-services-EventsService-list.xml', ['2', '1'], [31, 30], ['1e892ea9', '1fbd81f4']],
    ['client-services-EventsService-list-search.xml', ['2', '1'], [31, 10780], ['1fbd81f4', undefined]],
  ])('parses the events of %s, newest first', (file, ids, codes, correlationIds) => {
    const events = readList(example(file), 'event').map(parseEvent);
    expect(events.map((e) => e.id)).toEqual(ids);
    expect(events.map((e) => e.index)).toEqual(ids.map(Number));
    expect(events.map((e) => e.code)).toEqual(codes);
    expect(events.map((e) => e.correlationId)).toEqual(correlationIds);
    expect(events.every((e) => e.severity === 'normal' && typeof e.time === 'number')).toBe(true);
  });

  it('parses the pre-4.1 affinity group of AffinityGroupService.get as a hard positive VM rule', () => {
    expect(parseAffinityGroup(example('client-services-AffinityGroupService-get.xml'))).toEqual({
      id: '00000000-0000-0000-0000-000000000000',
      name: 'AF_GROUP_001',
      cluster: { id: '00000000-0000-0000-0000-000000000000' },
      vmsRule: { isEnabled: true, isPositive: true, isEnforcing: true },
      hostsRule: { isEnabled: false, isPositive: false, isEnforcing: false },
      vms: [],
      hosts: [],
    });
  });
});

describe('request bodies the client builds equal the documented ones', () => {
  it.each([
    [
      'client-services-HostsService-add-request.xml',
      () => hostSpecBody({ name: 'myhost', address: 'myhost.example.com', rootPassword: 'myrootpassword' }),
    ],
    [
      'client-services-AffinityGroupsService-add-request.xml',
      () =>
        affinityGroupBody({
          name: 'AF_GROUP_001',
          hostsRule: { isEnforcing: true, isPositive: true },
          vmsRule: { isEnabled: false },
        }),
    ],
    ['client-services-AffinityGroupVmsService-add-request.xml', () => selectorBody({ id: '789' })],
    ['client-services-AffinityGroupHostsService-add-request.xml', () => selectorBody({ id: '789' })],
    [
      'client-services-VmService-migrate-request.xml',
      () => migrateBody({ host: { id: '2ab5e1da-b726-4274-bbf7-0a42b16a0fc3' } }),
    ],
    ['client-services-VmService-start-request.xml', () => startBody({})],
    ['client-services-VmService-stop-request.xml', () => stopBody({})],
    ['client-services-VmService-stop-force-request.xml', () => stopBody({ isForce: true })],
    ['client-services-HostService-forceselectspm-request.xml', () => ({})],
  ])('%s', (file, build) => {
    expect(build()).toEqual(example(file));
  });
});
