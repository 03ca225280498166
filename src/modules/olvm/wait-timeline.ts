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
  VDS_INITIATED_RUN_VM: 506,
  VDS_INITIATED_RUN_VM_FAILED: 507,
  USER_VDS_MAINTENANCE: 600,
  USER_VDS_MAINTENANCE_MIGRATION_FAILED: 602,
  USER_VDS_MAINTENANCE_WITHOUT_REASON: 620,
  VDS_HOST_NOT_RESPONDING_CONNECTING: 9008,
  VDS_HOST_NOT_RESPONDING: 9027,
} as const;

/** A host leaves: maintenance begins (preparing_for_maintenance), or the engine loses contact with it. */
const HOST_LEFT: ReadonlySet<number> = new Set([
  EventCode.USER_VDS_MAINTENANCE,
  EventCode.USER_VDS_MAINTENANCE_WITHOUT_REASON,
  EventCode.USER_VDS_MAINTENANCE_MIGRATION_FAILED,
  EventCode.VDS_HOST_NOT_RESPONDING_CONNECTING,
  EventCode.VDS_HOST_NOT_RESPONDING,
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
  /** VMs the engine is restarting (a first 506), by the host it launched them on; the second 506 is the VM up. */
  private readonly launching = new Map<string, string>();
  /** VMs set unknown (142) whose host the feed has not named yet. */
  private readonly orphans: string[] = [];
  readonly arrivals = new Map<string, VmMove>();
  readonly elections: SpmElection[] = [];
  lastIndex: number;
  lastTime: number | undefined;

  constructor(
    baseline: number,
    /** Whether `hostId` is a host where `vmId` should end up. */
    private readonly isTarget: (vmId: string, hostId: string) => boolean,
    /** The id of a host named by name or address (63 names its destination in its text; 204 its host by address). */
    private readonly resolveHost: (nameOrAddress: string) => string | undefined = () => undefined
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
    const hostId = event.host?.id ?? (event.hostName !== undefined ? this.resolveHost(event.hostName) : undefined);
    const vmId = event.vm?.id;
    if (hostId !== undefined && vmId === undefined) this.foldHost(event.code, hostId, time, event.index);
    if (vmId === undefined) return;
    if (event.code === EventCode.VM_MIGRATION_DONE) this.foldMigrationDone(event, vmId, hostId, time);
    else this.foldVm(event.code, vmId, hostId, time);
  }

  /** 63 links the source host; the destination is only in its text ("Destination: NAME,"). */
  private foldMigrationDone(event: Event, vmId: string, sourceId: string | undefined, time: number): void {
    const name = /Destination: ([^,)]+)/.exec(event.description ?? '')?.[1]?.trim();
    const destinationId = name !== undefined ? this.resolveHost(name) : undefined;
    if (destinationId === undefined) return;
    if (!this.moveStarts.has(vmId) && sourceId !== undefined) this.lastHost.set(vmId, sourceId);
    this.arrive(vmId, destinationId, time, 'migrated');
  }

  private foldHost(code: number, hostId: string, time: number, index: number): void {
    if (code === EventCode.VDS_FAILURE) this.claimOrphans(hostId);
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
      if (from === undefined) this.orphans.push(vmId);
    } else if (code === EventCode.VDS_INITIATED_RUN_VM && hostId !== undefined) {
      this.foldEngineRun(vmId, hostId, time);
    } else if (code === EventCode.VDS_INITIATED_RUN_VM_FAILED) {
      this.launching.delete(vmId);
    } else if (code === EventCode.USER_RUN_VM && hostId !== undefined) {
      this.arrive(vmId, hostId, time, 'restarted');
    }
  }

  /**
   * 142 links the VM only. The engine logs its host's VMs' 142s and then the host's 12 (VdsManager
   * .handleNetworkException: moveVmsToUnknown before logHostFailToRespond), so the next 12 names their host.
   */
  private claimOrphans(hostId: string): void {
    for (const vmId of this.orphans.splice(0)) {
      const start = this.moveStarts.get(vmId);
      if (start !== undefined && start.fromHostId === undefined)
        this.moveStarts.set(vmId, { ...start, fromHostId: hostId });
    }
  }

  /** An engine restart logs 506 at launch and 506 again when the VM is up (RunVmCommand, RunVmCommandBase). */
  private foldEngineRun(vmId: string, hostId: string, time: number): void {
    if (this.launching.get(vmId) !== hostId) {
      this.launching.set(vmId, hostId);
      return;
    }
    this.launching.delete(vmId);
    this.arrive(vmId, hostId, time, 'restarted');
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
