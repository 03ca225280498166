import type { Event } from '../../../../src/olvm/types';
import { EventCode, Timeline } from '../../../../src/modules/olvm/wait-timeline';

const SITE: Record<string, 'a' | 'b'> = { a1: 'a', a2: 'a', b1: 'b', b2: 'b' };
let index = 100;
function event(code: number, time: number, refs: { host?: string; vm?: string } = {}): Event {
  index += 1;
  return {
    id: String(index),
    index,
    code,
    time,
    ...(refs.host ? { host: { id: refs.host } } : {}),
    ...(refs.vm ? { vm: { id: refs.vm } } : {}),
  };
}

const toSiteB = () => new Timeline(100, (_vm, host) => SITE[host] === 'b');

describe('the timeline of a drill read from engine events', () => {
  it('times a migration from the moment its host began maintenance', () => {
    const timeline = toSiteB();
    timeline.add([
      event(EventCode.USER_VDS_MAINTENANCE, 1_000, { host: 'a1' }),
      event(EventCode.VM_MIGRATION_START_SYSTEM_INITIATED, 1_100, { host: 'a1', vm: 'v1' }),
      event(EventCode.VM_MIGRATION_DONE, 11_100, { host: 'b2', vm: 'v1' }),
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

  it('times an HA restart from the first sign the engine lost the host', () => {
    const timeline = toSiteB();
    timeline.add([
      event(EventCode.VDS_HOST_NOT_RESPONDING_CONNECTING, 3_000, { host: 'a2' }),
      event(EventCode.VDS_FAILURE, 83_000, { host: 'a2' }),
      event(EventCode.VM_SET_TO_UNKNOWN_STATUS, 83_000, { host: 'a2', vm: 'v2' }),
      event(EventCode.USER_RUN_VM, 200_000, { host: 'b1', vm: 'v2' }),
    ]);
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
      event(EventCode.VM_MIGRATION_DONE, 2_000, { host: 'b1', vm: 'v1' }),
      event(EventCode.VM_MIGRATION_START, 3_000, { host: 'b1', vm: 'v1' }),
      event(EventCode.VM_MIGRATION_DONE, 4_000, { host: 'b2', vm: 'v1' }),
    ]);
    expect(timeline.arrivals.get('v1')).toMatchObject({ fromHostId: 'a1', toHostId: 'b1', upAt: 2_000 });
  });

  it('forgets an arrival once the VM leaves the target site again', () => {
    const timeline = toSiteB();
    timeline.add([
      event(EventCode.VM_MIGRATION_DONE, 2_000, { host: 'b1', vm: 'v1' }),
      event(EventCode.VM_MIGRATION_START, 3_000, { host: 'b1', vm: 'v1' }),
      event(EventCode.VM_MIGRATION_DONE, 4_000, { host: 'a2', vm: 'v1' }),
    ]);
    expect(timeline.arrivals.has('v1')).toBe(false);
  });

  it('ignores events at or before the baseline and events it has seen, whatever their order', () => {
    const timeline = toSiteB();
    const old = { ...event(EventCode.VM_MIGRATION_DONE, 1, { host: 'b1', vm: 'v9' }), index: 100 };
    const early = event(EventCode.VM_MIGRATION_START, 8_000, { host: 'a1', vm: 'v1' });
    const late = event(EventCode.VM_MIGRATION_DONE, 9_000, { host: 'b2', vm: 'v1' });
    timeline.add([late, old, early]);
    timeline.add([late, early]);
    expect([...timeline.arrivals.keys()]).toEqual(['v1']);
    expect(timeline.arrivals.get('v1')).toMatchObject({ leftAt: 8_000, upAt: 9_000 });
    expect(timeline.lastIndex).toBe(late.index);
  });

  it('records SPM elections with the previous SPM and when the hosts away at the time had left', () => {
    const timeline = toSiteB();
    timeline.add([
      event(EventCode.IRS_HOSTED_ON_VDS, 500, { host: 'a1' }),
      event(EventCode.USER_VDS_MAINTENANCE, 1_000, { host: 'a1' }),
      event(EventCode.IRS_HOSTED_ON_VDS, 6_000, { host: 'b1' }),
      event(EventCode.VDS_DETECTED, 9_000, { host: 'a1' }),
    ]);
    const election = timeline.latestElection((host) => SITE[host] === 'b');
    expect(election).toMatchObject({ hostId: 'b1', at: 6_000, previousHostId: 'a1' });
    expect(election?.awaySince.get('a1')).toBe(1_000);
  });

  it('takes a force selection as the moment the old SPM stopped', () => {
    const timeline = toSiteB();
    timeline.add([
      event(EventCode.IRS_HOSTED_ON_VDS, 500, { host: 'a1' }),
      event(EventCode.USER_FORCE_SELECTED_SPM, 2_000, { host: 'b2' }),
      event(EventCode.IRS_HOSTED_ON_VDS, 7_000, { host: 'b2' }),
    ]);
    expect(timeline.latestElection((host) => SITE[host] === 'b')).toMatchObject({
      hostId: 'b2',
      previousHostId: 'a1',
      forcedAt: 2_000,
    });
  });
});
