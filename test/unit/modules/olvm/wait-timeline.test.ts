import type { Event } from '../../../../src/olvm/types';
import { EventCode, Timeline } from '../../../../src/modules/olvm/wait-timeline';

const SITE: Record<string, 'a' | 'b'> = { a1: 'a', a2: 'a', b1: 'b', b2: 'b' };
let index = 100;
interface Refs {
  host?: string;
  vm?: string;
  /** A host named only (204 names the SPM by its address). */
  hostName?: string;
  description?: string;
}

function event(code: number, time: number, refs: Refs = {}): Event {
  index += 1;
  return {
    id: String(index),
    index,
    code,
    time,
    ...(refs.host ? { host: { id: refs.host } } : {}),
    ...(refs.hostName ? { hostName: refs.hostName } : {}),
    ...(refs.vm ? { vm: { id: refs.vm } } : {}),
    ...(refs.description ? { description: refs.description } : {}),
  };
}

/** 63 as the engine writes it: the source host linked, the destination only in the text. */
function migrationDone(time: number, vm: string, source: string, destination: string): Event {
  return event(EventCode.VM_MIGRATION_DONE, time, {
    host: source,
    vm,
    description: `Migration completed (VM: ${vm}, Source: ${source}, Destination: ${destination}, Duration: 10 seconds, Total: 10 seconds, Actual downtime: (N/A))`,
  });
}

/** Host names are their ids here; addresses are 10.0.0.<name>. */
const resolve = (nameOrAddress: string) => nameOrAddress.replace(/^10\.0\.0\./, '');
const toSiteB = () => new Timeline(100, (_vm, host) => SITE[host] === 'b', resolve);

describe('the timeline of a drill read from engine events', () => {
  it('times a migration from the moment its host began maintenance', () => {
    const timeline = toSiteB();
    timeline.add([
      event(EventCode.USER_VDS_MAINTENANCE, 1_000, { host: 'a1' }),
      event(EventCode.VM_MIGRATION_START_SYSTEM_INITIATED, 1_100, { host: 'a1', vm: 'v1' }),
      migrationDone(11_100, 'v1', 'a1', 'b2'),
    ]);
    expect(timeline.arrivals.get('v1')).toEqual({
      vmId: 'v1',
      fromHostId: 'a1',
      toHostId: 'b2',
      leftAt: 1_000,
      upAt: 11_100,
      how: 'migrated',
    });
  });

  it('times an HA restart from the first sign the engine lost the host to the second 506 (the VM up)', () => {
    const timeline = toSiteB();
    timeline.add([
      event(EventCode.VDS_HOST_NOT_RESPONDING, 3_000, { host: 'a2' }),
      event(EventCode.VM_SET_TO_UNKNOWN_STATUS, 83_000, { vm: 'v2' }),
      event(EventCode.VDS_FAILURE, 83_000, { host: 'a2' }),
      event(EventCode.VDS_INITIATED_RUN_VM, 190_000, { host: 'b1', vm: 'v2' }),
    ]);
    expect(timeline.arrivals.has('v2')).toBe(false);
    timeline.add([event(EventCode.VDS_INITIATED_RUN_VM, 200_000, { host: 'b1', vm: 'v2' })]);
    expect(timeline.arrivals.get('v2')).toMatchObject({
      fromHostId: 'a2',
      leftAt: 3_000,
      upAt: 200_000,
      how: 'restarted',
    });
  });

  it('keeps the cross-site arrival when the VM then moves between hosts of the target site', () => {
    const timeline = toSiteB();
    timeline.add([
      event(EventCode.VM_MIGRATION_START, 1_000, { host: 'a1', vm: 'v1' }),
      migrationDone(2_000, 'v1', 'a1', 'b1'),
      event(EventCode.VM_MIGRATION_START, 3_000, { host: 'b1', vm: 'v1' }),
      migrationDone(4_000, 'v1', 'b1', 'b2'),
    ]);
    expect(timeline.arrivals.get('v1')).toMatchObject({ fromHostId: 'a1', toHostId: 'b1', upAt: 2_000 });
  });

  it('forgets a restart whose try failed (507) until the engine launches the VM again', () => {
    const timeline = toSiteB();
    timeline.add([
      event(EventCode.VDS_INITIATED_RUN_VM, 100_000, { host: 'b1', vm: 'v3' }),
      event(EventCode.VDS_INITIATED_RUN_VM_FAILED, 110_000, { host: 'b1', vm: 'v3' }),
      event(EventCode.VDS_INITIATED_RUN_VM, 400_000, { host: 'b1', vm: 'v3' }),
    ]);
    expect(timeline.arrivals.has('v3')).toBe(false);
    timeline.add([event(EventCode.VDS_INITIATED_RUN_VM, 410_000, { host: 'b1', vm: 'v3' })]);
    expect(timeline.arrivals.get('v3')).toMatchObject({ toHostId: 'b1', upAt: 410_000, how: 'restarted' });
  });

  it('forgets an arrival once the VM leaves the target site again', () => {
    const timeline = toSiteB();
    timeline.add([
      migrationDone(2_000, 'v1', 'a1', 'b1'),
      event(EventCode.VM_MIGRATION_START, 3_000, { host: 'b1', vm: 'v1' }),
      migrationDone(4_000, 'v1', 'b1', 'a2'),
    ]);
    expect(timeline.arrivals.has('v1')).toBe(false);
  });

  it('ignores events at or before the baseline and events it has seen, whatever their order', () => {
    const timeline = toSiteB();
    const old = { ...migrationDone(1, 'v9', 'a1', 'b1'), index: 100 };
    const early = event(EventCode.VM_MIGRATION_START, 8_000, { host: 'a1', vm: 'v1' });
    const late = migrationDone(9_000, 'v1', 'a1', 'b2');
    timeline.add([late, old, early]);
    timeline.add([late, early]);
    expect([...timeline.arrivals.keys()]).toEqual(['v1']);
    expect(timeline.arrivals.get('v1')).toMatchObject({ leftAt: 8_000, upAt: 9_000 });
    expect(timeline.lastIndex).toBe(late.index);
  });

  it('records SPM elections with the previous SPM and when the hosts away at the time had left', () => {
    const timeline = toSiteB();
    timeline.add([
      event(EventCode.IRS_HOSTED_ON_VDS, 500, { hostName: '10.0.0.a1' }),
      event(EventCode.USER_VDS_MAINTENANCE_WITHOUT_REASON, 1_000, { host: 'a1' }),
      event(EventCode.IRS_HOSTED_ON_VDS, 6_000, { hostName: '10.0.0.b1' }),
      event(EventCode.VDS_DETECTED, 9_000, { host: 'a1' }),
    ]);
    const election = timeline.latestElection((host) => SITE[host] === 'b');
    expect(election).toMatchObject({ hostId: 'b1', at: 6_000, previousHostId: 'a1' });
    expect(election?.awaySince.get('a1')).toBe(1_000);
  });

  it('takes a force selection as the moment the old SPM stopped', () => {
    const timeline = toSiteB();
    timeline.add([
      event(EventCode.IRS_HOSTED_ON_VDS, 500, { hostName: '10.0.0.a1' }),
      event(EventCode.USER_FORCE_SELECTED_SPM, 2_000, { host: 'b2' }),
      event(EventCode.IRS_HOSTED_ON_VDS, 7_000, { hostName: '10.0.0.b2' }),
    ]);
    expect(timeline.latestElection((host) => SITE[host] === 'b')).toMatchObject({
      hostId: 'b2',
      previousHostId: 'a1',
      forcedAt: 2_000,
    });
  });
});
