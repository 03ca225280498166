/**
 * The engine brings a failover's VMs in host by host (each lost host's HA restarts when it goes non-responsive,
 * each host's migrations when it is asked to leave), by priority only within a host: the capacity check must hold
 * in whichever order the hosts come.
 */
import { placeInEveryHostOrder } from '../../../../src/modules/check/placement-orders';
import type { SourcedLoad } from '../../../../src/modules/check/placement-orders';

const GiB = 1024 ** 3;
const rooms = [
  { name: 'kvm-b1', room: 9 * GiB },
  { name: 'kvm-b2', room: 9 * GiB },
];
const db: SourcedLoad = { name: 'db-1', need: 8 * GiB, priority: 100, source: 'kvm-a1' };
const apps: SourcedLoad[] = [
  { name: 'app-1', need: 4 * GiB, priority: 50, source: 'kvm-a2' },
  { name: 'app-2', need: 4 * GiB, priority: 50, source: 'kvm-a2' },
];

describe('placing a failover in every order of the hosts its VMs come from', () => {
  it('finds the order where the small VMs of one host leave no room for the big one of another', () => {
    const placement = placeInEveryHostOrder(rooms, [db, ...apps]);
    expect(placement.order).toEqual(['kvm-a2', 'kvm-a1']);
    expect(placement.unplaced).toEqual([{ vm: 'db-1', need: 8 * GiB, mostRoom: 5 * GiB, roomiestHost: 'kvm-b1' }]);
    expect([...placement.placed.keys()].sort()).toEqual(['app-1', 'app-2']);
  });

  it('passes when every order fits, and says no order', () => {
    const roomy = rooms.map((r) => ({ ...r, room: 12 * GiB }));
    const placement = placeInEveryHostOrder(roomy, [db, ...apps]);
    expect(placement.unplaced).toEqual([]);
    expect(placement.order).toBeUndefined();
  });

  it('places the self-hosted engine VM first in every order', () => {
    const engine: SourcedLoad = { name: 'HostedEngine', need: 8 * GiB, priority: 0, source: 'kvm-a2', isFirst: true };
    const placement = placeInEveryHostOrder(rooms, [engine, ...apps]);
    expect(placement.placed.get('HostedEngine')).toBe('kvm-b1');
    expect(placement.unplaced).toEqual([]); // last, it would find 5 GiB at most
  });
});
