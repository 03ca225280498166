import { EventCode } from '../../../../src/modules/olvm/event-codes';
import { Timeline } from '../../../../src/modules/olvm/wait-timeline';
import type { Event } from '../../../../src/olvm/types';
import { at, hostId, hostIdOf, recordedEvents, siteOf, vmId } from '../../../helpers/engine-events';

const INITIAL: Record<string, string> = {
  [vmId('db-1')]: hostId('kvm-a1'),
  [vmId('app-1')]: hostId('kvm-a1'),
  [vmId('web-1')]: hostId('kvm-a2'),
};

/** Events numbered on from `index`: at `t` seconds, with a code, a text, a host and maybe a VM. */
function feedFrom(index: number): (t: number, code: number, description: string, host: string, vm?: string) => Event {
  return (t, code, description, host, vm) => ({
    id: String(++index),
    index,
    code,
    time: at(t),
    description,
    host: { id: hostId(host) },
    ...(vm !== undefined ? { vm: { id: vmId(vm) } } : {}),
  });
}

function timelineTo(site: 'primary' | 'secondary', baseline: number): Timeline {
  return new Timeline(baseline, {
    isTarget: (_vm, host) => siteOf(host) === site,
    hostIdOf,
    initialHostOf: (vm) => INITIAL[vm],
  });
}

describe("the engine's recorded events of a failover by maintenance, one host at a time", () => {
  const events = recordedEvents('failover-by-maintenance');
  const timeline = timelineTo('secondary', 4100);
  timeline.add(events);

  it.each([
    // VM, its host before the drill, the intermediate host, destination, host left, up on site B
    ['db-1', 'kvm-a1', 'kvm-a3', 'kvm-b2', 0, 195],
    ['app-1', 'kvm-a1', 'kvm-a3', 'kvm-b3', 0, 200],
    ['web-1', 'kvm-a2', 'kvm-a3', 'kvm-b2', 0.2, 210],
  ])('times %s from its own host leaving (%s) to migration done on the other site', (vm, from, via, to, left, up) => {
    expect(timeline.arrivals.get(vmId(vm))).toEqual({
      vmId: vmId(vm),
      fromHostId: hostId(from),
      viaHostId: hostId(via),
      toHostId: hostId(to),
      leftAt: at(left),
      upAt: at(up),
      how: 'migrated',
    });
  });

  it('takes the destination from the text of 63, which links the source host', () => {
    const done = events.filter((e) => e.code === EventCode.VM_MIGRATION_DONE && e.vm?.id === vmId('db-1'));
    expect(done.map((e) => e.host?.id).sort()).toEqual([hostId('kvm-a1'), hostId('kvm-a3')]);
    expect(timeline.moves.filter((m) => m.vmId === vmId('db-1')).map((m) => m.toHostId)).toEqual([
      hostId('kvm-a3'),
      hostId('kvm-b2'),
    ]);
  });

  it('keeps every SPM election, each timed from its predecessor leaving', () => {
    expect(
      timeline.elections.map((e) => [e.hostId, e.at, e.previousHostId, e.awaySince.get(e.previousHostId ?? '')])
    ).toEqual([
      [hostId('kvm-a3'), at(5.1), undefined, undefined],
      [hostId('kvm-b2'), at(185), hostId('kvm-a3'), at(180)],
    ]);
  });

  it('records when each host started to leave, and no gap in the feed', () => {
    expect(timeline.hostChanges.map((c) => [c.hostId, c.kind, c.at, c.code])).toEqual([
      [hostId('kvm-a1'), 'left', at(0), 600],
      [hostId('kvm-a2'), 'left', at(0.2), 600],
      [hostId('kvm-a3'), 'left', at(180), 600],
    ]);
    expect(timeline.gaps).toEqual([]);
    expect(timeline.count).toBe(events.length);
  });
});

describe("the engine's recorded events of a site outage without power management, VMs with leases", () => {
  const events = recordedEvents('site-outage-leases');
  const timeline = timelineTo('secondary', 5200);
  timeline.add(events);

  it.each([
    ['db-1', 'kvm-a1', 'kvm-b2', 3, 160],
    ['app-1', 'kvm-a1', 'kvm-b3', 3, 158],
    ['web-1', 'kvm-a2', 'kvm-b1', 3, 410],
  ])('times %s from 9027 on its host to the second 506 (up), not the first (launch)', (vm, from, to, left, up) => {
    expect(timeline.arrivals.get(vmId(vm))).toEqual({
      vmId: vmId(vm),
      fromHostId: hostId(from),
      toHostId: hostId(to),
      leftAt: at(left),
      upAt: at(up),
      how: 'restarted',
    });
  });

  it("forgets a failed try (507): the retry's launch and up count", () => {
    const web = events.filter((e) => e.vm?.id === vmId('web-1')).map((e) => e.code);
    expect(web).toEqual([506, 506, 507, 506, 142]);
    expect(timeline.trouble.has(vmId('web-1'))).toBe(false);
  });

  it('never reads 32 or 9602, which the engine does not log for lease restarts', () => {
    expect(events.some((e) => e.code === EventCode.USER_RUN_VM || e.code === EventCode.HA_VM_FAILED)).toBe(false);
  });

  it('keeps the engine words about a VM still not restarted', () => {
    const partial = timelineTo('secondary', 5200);
    partial.add(events.filter((e) => e.time! <= at(100)));
    expect(partial.arrivals.size).toBe(0);
    expect(partial.trouble.get(vmId('web-1'))).toEqual({
      code: 507,
      text: 'Failed to restart VM web-1 on Host kvm-b1',
      at: at(95),
    });
  });
});

describe('what the engine leaves out of its events', () => {
  it('finds the SPM of a 204 by its address, the only name the engine gives it', () => {
    const elections = recordedEvents('failover-by-maintenance').filter((e) => e.code === EventCode.IRS_HOSTED_ON_VDS);
    expect(elections.map((e) => [e.host?.id, e.hostName])).toEqual([
      [undefined, '10.10.1.22'],
      [undefined, '10.10.1.13'],
    ]);
  });

  it('ties VMs set unknown (142, no host) to the host of the next 12 when the wait had not seen where they ran', () => {
    const timeline = new Timeline(5200, {
      isTarget: (_vm, host) => siteOf(host) === 'secondary',
      hostIdOf,
    });
    timeline.add(recordedEvents('site-outage-leases'));
    expect(timeline.arrivals.get(vmId('web-1'))).toMatchObject({ fromHostId: hostId('kvm-a2'), leftAt: at(3) });
    expect(timeline.arrivals.get(vmId('db-1'))).toMatchObject({ fromHostId: hostId('kvm-a1'), leftAt: at(3) });
  });

  it('times the restarts of a wait that began after them: its first poll saw each VM at its destination', () => {
    const finalHost: Record<string, string> = {
      [vmId('db-1')]: hostId('kvm-b2'),
      [vmId('app-1')]: hostId('kvm-b3'),
      [vmId('web-1')]: hostId('kvm-b1'),
    };
    const timeline = new Timeline(5200, {
      isTarget: (_vm, host) => siteOf(host) === 'secondary',
      hostIdOf,
      initialHostOf: (vm) => finalHost[vm],
    });
    timeline.add(recordedEvents('site-outage-leases'));
    for (const [vm, from, to, up] of [
      ['db-1', 'kvm-a1', 'kvm-b2', 160],
      ['app-1', 'kvm-a1', 'kvm-b3', 158],
      ['web-1', 'kvm-a2', 'kvm-b1', 410],
    ] as const) {
      expect(timeline.arrivals.get(vmId(vm))).toMatchObject({
        fromHostId: hostId(from),
        toHostId: hostId(to),
        leftAt: at(3),
        upAt: at(up),
      });
    }
  });
});

describe('a feed with missing events', () => {
  it('says which indexes it skipped, with the times around the gap', () => {
    const events = recordedEvents('site-outage-leases').filter((e) => !(e.index >= 5213 && e.index <= 5214));
    const timeline = timelineTo('secondary', 5200);
    timeline.add(events);
    expect(timeline.gaps).toEqual([{ afterIndex: 5212, beforeIndex: 5215, from: at(113), to: at(160) }]);
  });

  it('finds no arrival for a VM whose up event is missing, and takes one 506 for a launch', () => {
    const dropped = (e: Event) => e.index === 5215;
    const timeline = timelineTo('secondary', 5200);
    timeline.add(recordedEvents('site-outage-leases').filter((e) => !dropped(e)));
    expect(timeline.arrivals.has(vmId('db-1'))).toBe(false);
    expect(timeline.arrivals.has(vmId('app-1'))).toBe(true);
  });
});

describe('a failback read from the same feed as the failover', () => {
  it("starts a VM's journey home from the host it left for, not from its first departure", () => {
    const event = feedFrom(7000);
    const timeline = timelineTo('primary', 7000);
    timeline.add([
      event(
        0,
        600,
        'Host kvm-a1 was switched to Maintenance mode by admin@internal-authz (Reason: DR drill).',
        'kvm-a1'
      ),
      event(
        0.1,
        67,
        'Migration initiated by system (VM: db-1, Source: kvm-a1, Destination: kvm-b1, Reason: x).',
        'kvm-a1',
        'db-1'
      ),
      event(
        12,
        63,
        'Migration completed (VM: db-1, Source: kvm-a1, Destination: kvm-b1, Duration: 12 seconds)',
        'kvm-a1',
        'db-1'
      ),
      event(500, 16, 'Activation of host kvm-a1 initiated by admin@internal-authz.', 'kvm-a1'),
      event(
        560,
        67,
        'Migration initiated by system (VM: db-1, Source: kvm-b1, Destination: kvm-a2, Reason: Affinity rules enforcement).',
        'kvm-b1',
        'db-1'
      ),
      event(
        572,
        63,
        'Migration completed (VM: db-1, Source: kvm-b1, Destination: kvm-a2, Duration: 12 seconds)',
        'kvm-b1',
        'db-1'
      ),
    ]);
    expect(timeline.arrivals.get(vmId('db-1'))).toEqual({
      vmId: vmId('db-1'),
      fromHostId: hostId('kvm-b1'),
      toHostId: hostId('kvm-a2'),
      leftAt: at(560),
      upAt: at(572),
      how: 'migrated',
    });
    expect(timeline.hostChanges.map((c) => [c.kind, c.at])).toEqual([
      ['left', at(0)],
      ['back', at(500)],
    ]);
  });
});

/**
 * The failback waits read the feed from the failed-over facts on, after the primary hosts left. The self-hosted
 * site-outage drill at speed 600 under load said "Failback: 5 of 5 VMs home in 4m35s (site back 21:18:29 ...)": the
 * hosts were up at 21:09:13 and the first VM went home at 21:10:14, but with no 'back' in its timeline the report
 * started the failback when the late hosts-back wait began. Their return is in the feed: it counts.
 */
describe('a failback wait whose feed begins after the hosts left', () => {
  it('has each host back at its first return event', () => {
    const event = feedFrom(8000);
    const timeline = timelineTo('primary', 8000);
    timeline.add([
      event(500, 13, 'Status of host kvm-a1 was set to Up.', 'kvm-a1'),
      event(500.2, 13, 'Status of host kvm-a2 was set to Up.', 'kvm-a2'),
      event(
        515,
        204,
        'Storage Pool Manager runs on Host 127.10.1.12 (Address: 127.10.1.12), Data Center dc1.',
        'kvm-a2'
      ),
      event(900, 13, 'Status of host kvm-a1 was set to Up.', 'kvm-a1'),
    ]);
    expect(timeline.hostChanges.map((c) => [c.hostId, c.kind, c.at])).toEqual([
      [hostId('kvm-a1'), 'back', at(500)],
      [hostId('kvm-a2'), 'back', at(500.2)],
    ]);
  });
});
