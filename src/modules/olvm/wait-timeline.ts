/**
 * Reading the engine's event feed into the drill's timeline: when each VM's host left (maintenance began, or the
 * engine lost it), when the VM ran again on a host of its target site and how it got there, and when the SPM
 * role was handed over. Every time is the time of an engine event, so the figures are the engine's own.
 * Pure: events in, timeline out.
 */
import type { Event } from '../../olvm/types';

/** Audit log codes this reads (the engine's AuditLogType). */
export const EventCode = {
  VDS_FAILURE: 12,
  VDS_DETECTED: 13,
  VDS_ACTIVATE: 16,
  USER_RUN_VM: 32,
  VM_MIGRATION_START: 62,
  VM_MIGRATION_DONE: 63,
  VM_MIGRATION_START_SYSTEM_INITIATED: 67,
  VM_SET_TO_UNKNOWN_STATUS: 142,
  VM_WAS_SET_DOWN_DUE_TO_HOST_REBOOT_OR_MANUAL_FENCE: 143,
  USER_FORCE_SELECTED_SPM: 159,
  IRS_HOSTED_ON_VDS: 204,
  USER_VDS_MAINTENANCE: 600,
  VDS_HOST_NOT_RESPONDING_CONNECTING: 9008,
} as const;

/** A host leaves: maintenance begins (preparing_for_maintenance), or the engine loses contact with it. */
const HOST_LEFT: ReadonlySet<number> = new Set([
  EventCode.USER_VDS_MAINTENANCE,
  EventCode.VDS_HOST_NOT_RESPONDING_CONNECTING,
  EventCode.VDS_FAILURE,
]);
const HOST_BACK: ReadonlySet<number> = new Set([EventCode.VDS_DETECTED, EventCode.VDS_ACTIVATE]);
const MIGRATION_START: ReadonlySet<number> = new Set([
  EventCode.VM_MIGRATION_START,
  EventCode.VM_MIGRATION_START_SYSTEM_INITIATED,
]);
const VM_LOST: ReadonlySet<number> = new Set([
  EventCode.VM_SET_TO_UNKNOWN_STATUS,
  EventCode.VM_WAS_SET_DOWN_DUE_TO_HOST_REBOOT_OR_MANUAL_FENCE,
]);

export interface VmMove {
  vmId: string;
  fromHostId?: string;
  toHostId: string;
  leftAt?: number;
  upAt: number;
  how: 'migrated' | 'restarted';
}

export interface SpmElection {
  hostId: string;
  at: number;
  index: number;
  /** The SPM elected before this one, when the feed showed it. */
  previousHostId?: string;
  /** When each host that was away at the election had left. */
  awaySince: ReadonlyMap<string, number>;
  /** When an operator force-selected the elected host (the old SPM stopped then). */
  forcedAt?: number;
}

interface MoveStart {
  at: number;
  fromHostId?: string;
  how: VmMove['how'];
}

/** Folds events (oldest first) into the latest arrival of each VM on one of its target hosts. */
export class Timeline {
  /** When each host left, while it is away. */
  private readonly hostLeftAt = new Map<string, number>();
  private readonly moveStarts = new Map<string, MoveStart>();
  private readonly lastHost = new Map<string, string>();
  /** The latest force selection not yet followed by an election: host and time. */
  private forced: { hostId: string; at: number } | undefined;
  readonly arrivals = new Map<string, VmMove>();
  readonly elections: SpmElection[] = [];
  lastIndex: number;
  lastTime: number | undefined;

  constructor(
    baseline: number,
    /** Whether `hostId` is a host where `vmId` should end up. */
    private readonly isTarget: (vmId: string, hostId: string) => boolean
  ) {
    this.lastIndex = baseline;
  }

  /** Add events newer than those seen, in any order. */
  add(events: readonly Event[]): void {
    const fresh = events.filter((e) => e.index > this.lastIndex).sort((a, b) => a.index - b.index);
    for (const event of fresh) this.fold(event);
  }

  private fold(event: Event): void {
    this.lastIndex = event.index;
    if (event.time !== undefined) this.lastTime = event.time;
    const time = event.time ?? this.lastTime ?? 0;
    const hostId = event.host?.id;
    const vmId = event.vm?.id;
    if (hostId !== undefined && vmId === undefined) this.foldHost(event.code, hostId, time, event.index);
    if (vmId !== undefined) this.foldVm(event.code, vmId, hostId, time);
  }

  private foldHost(code: number, hostId: string, time: number, index: number): void {
    if (HOST_LEFT.has(code) && !this.hostLeftAt.has(hostId)) this.hostLeftAt.set(hostId, time);
    else if (HOST_BACK.has(code)) this.hostLeftAt.delete(hostId);
    else if (code === EventCode.USER_FORCE_SELECTED_SPM) this.forced = { hostId, at: time };
    else if (code === EventCode.IRS_HOSTED_ON_VDS) this.elect(hostId, time, index);
  }

  private elect(hostId: string, time: number, index: number): void {
    const previous = this.elections[this.elections.length - 1]?.hostId;
    const forcedAt = this.forced?.hostId === hostId ? this.forced.at : undefined;
    this.forced = undefined;
    this.elections.push({
      hostId,
      at: time,
      index,
      awaySince: new Map(this.hostLeftAt),
      ...(previous ? { previousHostId: previous } : {}),
      ...(forcedAt !== undefined ? { forcedAt } : {}),
    });
  }

  private foldVm(code: number, vmId: string, hostId: string | undefined, time: number): void {
    if (MIGRATION_START.has(code)) {
      this.moveStarts.set(vmId, { at: time, how: 'migrated', ...(hostId ? { fromHostId: hostId } : {}) });
    } else if (VM_LOST.has(code) && this.moveStarts.get(vmId)?.how !== 'restarted') {
      const from = hostId ?? this.lastHost.get(vmId);
      this.moveStarts.set(vmId, { at: time, how: 'restarted', ...(from ? { fromHostId: from } : {}) });
    } else if ((code === EventCode.VM_MIGRATION_DONE || code === EventCode.USER_RUN_VM) && hostId !== undefined) {
      this.arrive(vmId, hostId, time, code === EventCode.VM_MIGRATION_DONE ? 'migrated' : 'restarted');
    }
  }

  private arrive(vmId: string, hostId: string, time: number, how: VmMove['how']): void {
    const start = this.moveStarts.get(vmId);
    this.moveStarts.delete(vmId);
    const fromHostId = start?.fromHostId ?? this.lastHost.get(vmId);
    this.lastHost.set(vmId, hostId);
    if (!this.isTarget(vmId, hostId)) {
      this.arrivals.delete(vmId);
      return;
    }
    if (fromHostId !== undefined && this.isTarget(vmId, fromHostId)) return;
    const leftAt = (fromHostId !== undefined ? this.hostLeftAt.get(fromHostId) : undefined) ?? start?.at;
    this.arrivals.set(vmId, {
      vmId,
      toHostId: hostId,
      upAt: time,
      how: start?.how ?? how,
      ...(fromHostId !== undefined ? { fromHostId } : {}),
      ...(leftAt !== undefined ? { leftAt } : {}),
    });
  }

  /** The latest SPM election onto a host `isWanted` accepts. */
  latestElection(isWanted: (hostId: string) => boolean): SpmElection | undefined {
    return [...this.elections].reverse().find((e) => isWanted(e.hostId));
  }
}
