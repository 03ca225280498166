/**
 * Placing the VMs of a failover onto the hosts of the other site the way the engine's scheduler would, as far as
 * the API tells its rules: one VM at a time, highest HA priority first (VdsEventListener sorts the restarts by
 * priority; maintenance migrates by priority too, engine-behaviour.md rows 8 and 13), each onto the up host with the
 * most room left (the memory weight), where room is what the host's `max_scheduling_memory` says the scheduler still
 * allows (overcommit × physical − committed − reserved − pending, ovirt-engine VDS.java calculateFreeSchedulingMemory
 * Cache @ 0111fc63036b) and a VM needs its memory plus the engine's overhead estimate. Pure: rooms and loads in,
 * a placement out.
 */

const MiB = 1024 * 1024;

/**
 * The memory the engine counts for a VM beyond its RAM (ovirt-engine `bll/utils/VmOverheadCalculatorImpl.java`
 * @ 0111fc63036b, x86): a static 64 MiB plus page tables of RAM/512, plus 8 MiB per vCPU, plus video RAM, which
 * the API does not report: 16 MiB (one VGA or QXL head) is taken.
 */
export function overheadOf(memory: number, cpuCount = 1): number {
  const staticMiB = 64 + Math.floor(memory / MiB / 512);
  const possibleMiB = 8 * cpuCount + VIDEO_MIB;
  return (staticMiB + possibleMiB) * MiB;
}

export const VIDEO_MIB = 16;

export interface HostRoom {
  name: string;
  /** Bytes the scheduler still allows on the host. */
  room: number;
}

export interface VmLoad {
  name: string;
  /** RAM plus overhead, bytes. */
  need: number;
  priority: number;
}

export interface Placement {
  /** Host of each placed VM. */
  placed: Map<string, string>;
  /** VMs that fit on no host, with the most room any host had left when their turn came. */
  unplaced: Array<{ vm: string; need: number; mostRoom: number; roomiestHost?: string }>;
  /** Room left on each host after the placement. */
  roomLeft: Map<string, number>;
}

export function placeVms(hosts: readonly HostRoom[], loads: readonly VmLoad[]): Placement {
  const roomLeft = new Map(hosts.map((h) => [h.name, h.room]));
  const placed = new Map<string, string>();
  const unplaced: Placement['unplaced'] = [];
  const order = [...loads].sort((a, b) => b.priority - a.priority || b.need - a.need || a.name.localeCompare(b.name));
  for (const load of order) {
    const best = [...roomLeft].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    if (best === undefined || best[1] < load.need) {
      unplaced.push({
        vm: load.name,
        need: load.need,
        mostRoom: best?.[1] ?? 0,
        ...(best !== undefined ? { roomiestHost: best[0] } : {}),
      });
      continue;
    }
    placed.set(load.name, best[0]);
    roomLeft.set(best[0], best[1] - load.need);
  }
  return { placed, unplaced, roomLeft };
}
