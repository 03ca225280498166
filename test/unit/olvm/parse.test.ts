import { OlvmParseError } from '../../../src/olvm/errors';
import { parseActionReply, parseEvent, parseJob } from '../../../src/olvm/parse/activity';
import { parseAffinityGroup } from '../../../src/olvm/parse/affinity';
import { parseHost } from '../../../src/olvm/parse/host';
import { parseCluster, parseDataCenter, parseStorageDomain } from '../../../src/olvm/parse/topology';
import { parseVm } from '../../../src/olvm/parse/vm';

/** Bodies shaped as ovirt-api.md §3.1 and §4.1 show them: strings for booleans and int32, numbers for sizes. */
const HOST = {
  href: '/ovirt-engine/api/hosts/ab12',
  id: 'ab12',
  name: 'siteA-h1',
  address: 'siteA-h1.example.com',
  status: 'preparing_for_maintenance',
  status_detail: 'DR drill',
  port: '54321',
  type: 'rhel',
  spm: { priority: '7', status: 'spm' },
  summary: { active: '3', migrating: '1', total: '3' },
  power_management: { enabled: 'false', automatic_pm_enabled: 'true', kdump_detection: 'true' },
  hosted_engine: {
    configured: 'true',
    active: 'true',
    score: '3400',
    global_maintenance: 'false',
    local_maintenance: 'false',
  },
  update_available: 'false',
  memory: 270271364096,
  max_scheduling_memory: '269284655104',
  external_status: 'ok',
  cluster: { href: '/ovirt-engine/api/clusters/c001', id: 'c001' },
  actions: { link: [{ href: '/ovirt-engine/api/hosts/ab12/deactivate', rel: 'deactivate' }] },
};

const VM = {
  href: '/ovirt-engine/api/vms/v1',
  id: 'v1',
  name: 'app1',
  status: 'up',
  host: { href: '/ovirt-engine/api/hosts/ab12', id: 'ab12' },
  cluster: { href: '/ovirt-engine/api/clusters/c001', id: 'c001' },
  high_availability: { enabled: 'true', priority: '50' },
  lease: { storage_domain: { href: '/ovirt-engine/api/storagedomains/sd1', id: 'sd1' } },
  placement_policy: { affinity: 'migratable', hosts: { host: [{ id: 'ab12' }] } },
  storage_error_resume_behaviour: 'kill',
  next_run_configuration_exists: 'false',
  memory: 4294967296,
  start_time: 1714031520000,
};

describe('hosts', () => {
  it('parses every field the procedure reads, with string scalars turned into numbers and booleans', () => {
    expect(parseHost(HOST)).toEqual({
      id: 'ab12',
      name: 'siteA-h1',
      href: '/ovirt-engine/api/hosts/ab12',
      address: 'siteA-h1.example.com',
      status: 'preparing_for_maintenance',
      statusDetail: 'DR drill',
      externalStatus: 'ok',
      spm: { priority: 7, status: 'spm' },
      cluster: { id: 'c001', href: '/ovirt-engine/api/clusters/c001' },
      type: 'rhel',
      port: 54321,
      memory: 270271364096,
      maxSchedulingMemory: 269284655104,
      summary: { active: 3, migrating: 1, total: 3 },
      powerManagement: { isEnabled: false, isAutomaticPmEnabled: true, isKdumpDetection: true },
      hostedEngine: {
        isConfigured: true,
        isActive: true,
        score: 3400,
        isGlobalMaintenance: false,
        isLocalMaintenance: false,
      },
      isUpdateAvailable: false,
      actions: ['deactivate'],
    });
  });

  it('accepts native JSON booleans and numbers too', () => {
    const host = parseHost({
      id: 'h',
      name: 'h',
      status: 'up',
      spm: { priority: -1, status: 'none' },
      update_available: true,
    });
    expect(host.spm).toEqual({ priority: -1, status: 'none' });
    expect(host.isUpdateAvailable).toBe(true);
  });

  it('gives a host without spm data the engine default priority 5', () => {
    expect(parseHost({ id: 'h', name: 'h', status: 'up' }).spm).toEqual({ priority: 5, status: 'none' });
  });

  it('passes an unknown status through unchanged, lower-cased', () => {
    expect(parseHost({ id: 'h', name: 'h', status: 'Quantum_Flux' }).status).toBe('quantum_flux');
  });

  it.each([
    ['a body without an id', { name: 'x' }, /without an id/],
    ['an empty body', '', /empty body/],
    ['an array', [], /array/],
  ])('refuses %s', (_label, body, message) => {
    expect(() => parseHost(body)).toThrow(OlvmParseError);
    expect(() => parseHost(body)).toThrow(message);
  });
});

describe('VMs', () => {
  it('parses HA, lease, placement and the host it runs on', () => {
    const vm = parseVm(VM);
    expect(vm.highAvailability).toEqual({ isEnabled: true, priority: 50 });
    expect(vm.lease).toEqual({ storageDomain: { id: 'sd1', href: '/ovirt-engine/api/storagedomains/sd1' } });
    expect(vm.placementPolicy).toEqual({ affinity: 'migratable', hosts: [{ id: 'ab12' }] });
    expect(vm.host?.id).toBe('ab12');
    expect(vm.storageErrorResumeBehaviour).toBe('kill');
    expect(vm.hasNextRunConfiguration).toBe(false);
    expect(vm.memory).toBe(4294967296);
    expect(vm.startTime).toBe(1714031520000);
  });

  it.each([
    ['no lease key', {}],
    ['an empty lease', { lease: {} }],
    ['a lease without a storage domain id', { lease: { storage_domain: {} } }],
  ])('reads %s as no lease', (_label, extra) => {
    expect(parseVm({ id: 'v', name: 'v', status: 'down', ...extra }).lease).toBeUndefined();
  });

  describe('the next-run configuration in the OVF (all_content)', () => {
    const ovf = (snapshots: string) =>
      `<ovf:Envelope xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1/"><Content ovf:id="out">` +
      `<Name>v</Name><ResumeBehavior>AUTO_RESUME</ResumeBehavior>` +
      `<Section xsi:type="ovf:SnapshotsSection_Type">${snapshots}</Section></Content></ovf:Envelope>`;
    const active = '<Snapshot ovf:id="s1"><Type>ACTIVE</Type><Description>Active VM</Description></Snapshot>';
    const nextRun = (inner: string) =>
      `<Snapshot ovf:id="s2"><Type>NEXT_RUN</Type><Description>Next Run configuration snapshot</Description>` +
      `<CreationDate>2026/12/03 10:00:00</CreationDate>` +
      `<VmConfiguration>${Buffer.from(inner).toString('base64')}</VmConfiguration></Snapshot>`;
    const withOvf = (data: string, type = 'ovf') =>
      parseVm({ id: 'v', name: 'v', status: 'up', initialization: { configuration: { data, type } } });

    it('reads the resume behaviour of the NEXT_RUN snapshot, not the running one', () => {
      const vm = withOvf(ovf(active + nextRun('<Content><ResumeBehavior>KILL</ResumeBehavior></Content>')));
      expect(vm.ovfNextRun).toEqual({ storageErrorResumeBehaviour: 'kill' });
    });

    it.each([
      ['no OVF', parseVm({ id: 'v', name: 'v', status: 'up' })],
      ['an OVF without a NEXT_RUN snapshot', withOvf(ovf(active))],
      [
        'a configuration that is not an OVF',
        withOvf(ovf(active + nextRun('<ResumeBehavior>KILL</ResumeBehavior>')), 'ova'),
      ],
    ])('knows nothing of the next run from %s', (_label, vm) => {
      expect(vm.ovfNextRun).toBeUndefined();
    });

    it('says so when the next-run OVF writes no resume behaviour', () => {
      expect(withOvf(ovf(nextRun('<Content><Name>v</Name></Content>'))).ovfNextRun).toEqual({});
    });
  });

  it('reads a stopped VM without a host and with HA off', () => {
    const vm = parseVm({ id: 'v', name: 'v', status: 'down' });
    expect(vm.host).toBeUndefined();
    expect(vm.highAvailability).toEqual({ isEnabled: false, priority: 0 });
    expect(vm.placementPolicy).toEqual({ hosts: [] });
  });
});

describe('data centers, clusters, storage domains', () => {
  it('parses a data center', () => {
    expect(
      parseDataCenter({
        id: 'dc1',
        name: 'Prod',
        local: 'false',
        status: 'problematic',
        version: { major: '4', minor: '7' },
      })
    ).toEqual({ id: 'dc1', name: 'Prod', status: 'problematic', isLocal: false, version: { major: 4, minor: 7 } });
  });

  it('parses a cluster with its data center, error handling and fencing policy', () => {
    const cluster = parseCluster({
      id: 'c1',
      name: 'stretch',
      data_center: { id: 'dc1' },
      error_handling: { on_error: 'migrate_highly_available' },
      fencing_policy: {
        enabled: 'true',
        skip_if_sd_active: { enabled: 'true' },
        skip_if_connectivity_broken: { enabled: 'false', threshold: '50' },
      },
    });
    expect(cluster.dataCenter).toEqual({ id: 'dc1' });
    expect(cluster.errorHandling).toEqual({ onError: 'migrate_highly_available' });
    expect(cluster.fencingPolicy).toEqual({
      isEnabled: true,
      isSkipIfSdActive: true,
      isSkipIfConnectivityBroken: false,
      connectivityThreshold: 50,
    });
  });

  it('parses a storage domain with its storage and data centers', () => {
    const sd = parseStorageDomain({
      id: 'sd1',
      name: 'data-a',
      type: 'data',
      master: 'true',
      available: 1099511627776,
      used: '214748364800',
      storage: { type: 'nfs', address: 'nfs-a', path: '/exports/data1' },
      data_centers: { data_center: [{ id: 'dc1' }] },
    });
    expect(sd).toMatchObject({
      isMaster: true,
      available: 1099511627776,
      used: 214748364800,
      dataCenters: [{ id: 'dc1' }],
    });
    expect(sd.status).toBeUndefined();
  });
});

describe('affinity groups', () => {
  it('parses the 4.1+ rules and the members', () => {
    const group = parseAffinityGroup({
      id: 'g1',
      name: 'appA-prefers-siteA',
      priority: 1,
      broken: 'false',
      hosts_rule: { enabled: 'true', enforcing: 'false', positive: 'true' },
      vms_rule: { enabled: 'false', enforcing: 'false', positive: 'false' },
      cluster: { id: 'c001' },
      hosts: { host: [{ id: 'ab12' }, { id: 'ab13' }] },
      vms: { vm: [{ id: 'v1' }] },
      vm_labels: {},
    });
    expect(group.hostsRule).toEqual({ isEnabled: true, isPositive: true, isEnforcing: false });
    expect(group.vmsRule).toEqual({ isEnabled: false, isPositive: false, isEnforcing: false });
    expect(group.hosts.map((h) => h.id)).toEqual(['ab12', 'ab13']);
    expect(group.vms.map((v) => v.id)).toEqual(['v1']);
    expect(group.isBroken).toBe(false);
    expect(group.priority).toBe(1);
  });

  it('reads the pre-4.1 positive/enforcing flags as the VM rule', () => {
    const group = parseAffinityGroup({ id: 'g', name: 'old', positive: 'true', enforcing: 'true' });
    expect(group.vmsRule).toEqual({ isEnabled: true, isPositive: true, isEnforcing: true });
    expect(group.hostsRule).toEqual({ isEnabled: false, isPositive: false, isEnforcing: false });
  });

  it('counts a rule with positive but no enabled as enabled', () => {
    expect(parseAffinityGroup({ id: 'g', name: 'n', hosts_rule: { positive: 'false' } }).hostsRule.isEnabled).toBe(
      true
    );
  });
});

describe('jobs, events, action replies', () => {
  it('parses a job', () => {
    expect(
      parseJob({
        id: 'j1',
        description: 'Moving Host(s) siteA-h1 to Maintenance',
        status: 'started',
        external: 'false',
        auto_cleared: 'true',
        start_time: 1714031520000,
      })
    ).toEqual({
      id: 'j1',
      description: 'Moving Host(s) siteA-h1 to Maintenance',
      status: 'started',
      isExternal: false,
      isAutoCleared: true,
      startTime: 1714031520000,
    });
  });

  it('parses an event with its index, code and correlation id', () => {
    const event = parseEvent({
      id: '42',
      index: '42',
      code: '30',
      severity: 'normal',
      correlation_id: 'drill-1',
      time: 1,
      host: { id: 'ab12' },
    });
    expect(event).toMatchObject({
      id: '42',
      index: 42,
      code: 30,
      severity: 'normal',
      correlationId: 'drill-1',
      time: 1,
      host: { id: 'ab12' },
    });
  });

  it('takes the index of an event from its id when the reply has no index', () => {
    expect(parseEvent({ id: '7', code: '1' }).index).toBe(7);
  });

  it.each([
    ['a complete reply', { status: 'complete', job: { id: 'j1' } }, { status: 'complete', job: { id: 'j1' } }],
    ['an empty reply', undefined, { status: 'complete' }],
    [
      'a failed reply',
      { status: 'failed', fault: { reason: 'Operation Failed', detail: '[x]' } },
      { status: 'failed', fault: { reason: 'Operation Failed', detail: '[x]' } },
    ],
    ['a reply with only a fault', { fault: { detail: '[y]' } }, { status: 'failed', fault: { detail: '[y]' } }],
  ])('reads %s', (_label, body, expected) => {
    expect(parseActionReply(body)).toEqual(expected);
  });
});
