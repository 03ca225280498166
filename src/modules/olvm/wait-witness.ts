/**
 * The polling witness of a drill: what the wait itself saw at each poll, timed on the engine's clock (the `Date`
 * of the engine's replies). It does not depend on the event feed, so when events are missing (a feed gap, an
 * engine that suppressed or never wrote them) its figures still stand, at the resolution of the poll interval:
 * a VM first seen up on a target host at `at` came up after the poll before (`after`) and by `at`.
 */
import { HostStatus, SpmStatus, VmStatus } from '../../olvm/types';
import type { EngineView } from './wait-state';

/** Which witness measured a figure. */
export const Witness = { EVENTS: 'events', POLLING: 'polling' } as const;
export type Witness = (typeof Witness)[keyof typeof Witness];

/** Seen at `at`, not yet at `after` (the poll before), engine clock. */
export interface Sighting {
  at: number;
  after?: number;
}

export interface PolledVmTrail {
  /** The host it ran on at the first poll. */
  initialHostId?: string;
  /** Statuses seen, each once in a row: `up → unknown → wait_for_launch → up`. */
  statuses: string[];
  /** Hosts it was seen on, each once in a row. */
  hostIds: string[];
}

export interface SpmGap {
  /** The first poll without an up SPM host, and the poll before it (with one). */
  from: number;
  fromAfter?: number;
  /** The first poll with one again. */
  to?: number;
}

export class PollingWitness {
  polls = 0;
  private previousAt: number | undefined;
  readonly vms = new Map<string, PolledVmTrail>();
  /** When each VM (by id) was first seen up on a host where it should end up. */
  readonly vmUp = new Map<string, Sighting>();
  /**
   * The last poll that saw each VM up on an up host away from where it should end up: a proof of life before it
   * moved (a VM the engine still shows up on a host that is `connecting` proves nothing).
   */
  readonly vmLastUpAway = new Map<string, number>();
  /** When each VM was first seen off the host it ran on at the first poll. */
  readonly vmLeft = new Map<string, Sighting>();
  /** When each host (by id), up at an earlier poll, was first seen in another status. */
  readonly hostLeft = new Map<string, Sighting & { status: string }>();
  private readonly hostUp = new Set<string>();
  readonly spmGaps: SpmGap[] = [];
  /** The SPM host at the first poll. */
  initialSpmHostId: string | undefined;

  constructor(
    /** Whether `hostId` is a host where `vmId` should end up. */
    private readonly isTarget: (vmId: string, hostId: string) => boolean
  ) {}

  /** One poll's view of the engine, at `at` on the engine's clock. */
  observe(view: EngineView, at: number): void {
    const after = this.previousAt;
    for (const host of view.hosts) this.seeHost(host.id, host.status, at, after);
    for (const vm of view.vms) this.seeVm(vm.id, vm.status, vm.host?.id, at, after);
    for (const vm of view.vms) {
      const host = vm.host !== undefined ? view.hostByName.get(view.hostName.get(vm.host.id) ?? '') : undefined;
      const isAlive = vm.status === VmStatus.UP && host?.status === HostStatus.UP;
      if (isAlive && host !== undefined && !this.isTarget(vm.id, host.id)) this.vmLastUpAway.set(vm.id, at);
    }
    this.seeSpm(view, at, after);
    this.previousAt = at;
    this.polls++;
  }

  /** The host a VM ran on when the wait began. */
  initialHostOf(vmId: string): string | undefined {
    return this.vms.get(vmId)?.initialHostId;
  }

  /** Whether the VM was up on a target host at the first poll (already there when the wait began). */
  wasInPlaceAtStart(vmId: string): boolean {
    const up = this.vmUp.get(vmId);
    return up !== undefined && up.after === undefined;
  }

  private seeHost(hostId: string, status: string, at: number, after: number | undefined): void {
    if (status === HostStatus.UP) {
      this.hostUp.add(hostId);
      this.hostLeft.delete(hostId);
    } else if (this.hostUp.has(hostId) && !this.hostLeft.has(hostId)) {
      this.hostLeft.set(hostId, { at, status, ...(after !== undefined ? { after } : {}) });
    }
  }

  private seeVm(vmId: string, status: string, hostId: string | undefined, at: number, after: number | undefined): void {
    let trail = this.vms.get(vmId);
    if (trail === undefined) {
      trail = { statuses: [], hostIds: [], ...(hostId !== undefined ? { initialHostId: hostId } : {}) };
      this.vms.set(vmId, trail);
    }
    if (trail.statuses[trail.statuses.length - 1] !== status) trail.statuses.push(status);
    if (hostId !== undefined && trail.hostIds[trail.hostIds.length - 1] !== hostId) trail.hostIds.push(hostId);
    const isUp = status === VmStatus.UP && hostId !== undefined;
    const isOnTarget = isUp && this.isTarget(vmId, hostId);
    if (isOnTarget && !this.vmUp.has(vmId)) this.vmUp.set(vmId, { at, ...(after !== undefined ? { after } : {}) });
    if (!isOnTarget) this.vmUp.delete(vmId);
    const hasLeft = !isUp || hostId !== trail.initialHostId;
    if (hasLeft && !this.vmLeft.has(vmId) && trail.initialHostId !== undefined) {
      this.vmLeft.set(vmId, { at, ...(after !== undefined ? { after } : {}) });
    }
  }

  private seeSpm(view: EngineView, at: number, after: number | undefined): void {
    if (this.polls === 0) this.initialSpmHostId = view.hosts.find((h) => h.spm.status === SpmStatus.SPM)?.id;
    const isWorking = view.hosts.some((h) => h.spm.status === SpmStatus.SPM && h.status === HostStatus.UP);
    const open = this.spmGaps[this.spmGaps.length - 1];
    if (!isWorking && (open === undefined || open.to !== undefined)) {
      this.spmGaps.push({ from: at, ...(after !== undefined ? { fromAfter: after } : {}) });
    } else if (isWorking && open !== undefined && open.to === undefined) open.to = at;
  }
}
