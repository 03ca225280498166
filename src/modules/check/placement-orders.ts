/**
 * The order a failover brings VMs in is the engine's, host by host, not the drill's: the HA restarts of a lost
 * host's VMs start when that host goes non-responsive (the SPM host 20 s after the others, its grace being
 * longer), and maintenance migrates each host's VMs as that host is asked to leave; only within one host are they
 * sorted by priority (engine-behaviour.md rows 8 and 13). So a big VM of one host may find the room taken by the
 * small ones of another. The check places the VMs in every order of their source hosts and keeps the worst: a
 * failover passes only if it fits whichever host goes first. The self-hosted engine VM comes first (its agents
 * restart it before the engine restarts anything; maintenance moves it first).
 */
import { placeVms } from './placement';
import type { HostRoom, Placement, VmLoad } from './placement';

/** A VM that comes in a failover, and the host it comes from (undefined: no host, it is down now). */
export interface SourcedLoad extends VmLoad {
  source?: string;
  isFirst?: boolean;
}

/** The worst placement over the source hosts' orders, and the order that gave it (undefined: every order agrees). */
export interface WorstPlacement extends Placement {
  order?: string[];
}

/** More source hosts than this are not enumerated (8! orders): the priority order alone (the first ones first). */
const MAX_ENUMERATED_SOURCES = 7;

export function placeInEveryHostOrder(rooms: readonly HostRoom[], loads: readonly SourcedLoad[]): WorstPlacement {
  const sources = [...new Set(loads.filter((l) => !l.isFirst).map((l) => l.source ?? ''))].sort();
  const byPriority = placeInOrder(
    rooms,
    [...loads].sort((a, b) => firstOnes(a, b) || b.priority - a.priority || b.need - a.need)
  );
  if (sources.length < 2 || sources.length > MAX_ENUMERATED_SOURCES) return byPriority;
  let worst: WorstPlacement = byPriority;
  for (const order of permutationsOf(sources)) {
    const rank = new Map(order.map((source, i) => [source, i]));
    const ordered = [...loads].sort(
      (a, b) => firstOnes(a, b) || (rank.get(a.source ?? '') ?? 0) - (rank.get(b.source ?? '') ?? 0)
    );
    const placement = placeInOrder(rooms, ordered);
    if (placement.unplaced.length > worst.unplaced.length) worst = { ...placement, order };
  }
  return worst;
}

function firstOnes(a: SourcedLoad, b: SourcedLoad): number {
  return Number(b.isFirst === true) - Number(a.isFirst === true);
}

/** placeVms sorts by priority; here the order given holds, by priority only within one source host. */
function placeInOrder(rooms: readonly HostRoom[], ordered: readonly SourcedLoad[]): Placement {
  const result: Placement = { placed: new Map(), unplaced: [], roomLeft: new Map(rooms.map((r) => [r.name, r.room])) };
  let i = 0;
  while (i < ordered.length) {
    const head = ordered[i] as SourcedLoad;
    const count = countWhile(ordered, i, (l) => l.source === head.source && l.isFirst === head.isFirst);
    const group = ordered.slice(i, i + count);
    const taken = placeVms(
      [...result.roomLeft].map(([name, room]) => ({ name, room })),
      group
    );
    for (const [vm, host] of taken.placed) result.placed.set(vm, host);
    result.unplaced.push(...taken.unplaced);
    result.roomLeft = taken.roomLeft;
    i += count;
  }
  return result;
}

function countWhile<T>(list: readonly T[], from: number, isSame: (item: T) => boolean): number {
  let n = 0;
  while (from + n < list.length && isSame(list[from + n] as T)) n++;
  return Math.max(1, n);
}

function* permutationsOf(items: readonly string[]): Generator<string[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutationsOf(rest)) yield [items[i] as string, ...tail];
  }
}
