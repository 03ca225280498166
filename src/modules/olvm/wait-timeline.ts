/**
 * The event witness of a drill: the engine's event feed folded into when each VM's host left, when the VM ran
 * again on a host of its target site and how it got there, every SPM election, and what went wrong on the way.
 * It reads the events as the engine writes them (event-codes.ts; engine-behaviour.md rows 24-25): an HA restart
 * logs 506 at launch and 506 again when the VM is up, 507 for a failed try, never 32 or 9602; a migration's 63
 * links the SOURCE host and names the destination only in its text; a host without power management that stops
 * answering logs 9027 (9008 with PM) and alert 9028. Indexes the feed skipped are kept as gaps.
 * Pure: events in, timeline out. Every time is an engine event's time.
 */
import type { Event } from '../../olvm/types';
import { destinationNamed, EventCode, HOST_BACK, HOST_LEFT, VM_TROUBLE } from './event-codes';
import type {
  EngineWord,
  FeedGap,
  HostChange,
  MoveHow,
  MoveRecord,
  SpmElection,
  TimelineOptions,
  VmMove,
} from './wait-timeline-types';

interface MoveStart {
  at: number;
  fromHostId?: string;
  toHostId?: string;
  how: MoveHow;
}

/** Folds events (oldest first) into moves, elections and the engine's words about what failed. */
export class Timeline {
  private readonly hostLeftAt = new Map<string, number>();
  private readonly moveStarts = new Map<string, MoveStart>();
  private readonly lastHost = new Map<string, string>();
  private readonly firstHost = new Map<string, string>();
  /** When each VM's first host left (set at its first move after the baseline). */
  private readonly vmLeftAt = new Map<string, number>();
  /** The host a restart was launched on (506), until it is up (506 again) or fails (507). */
  private readonly launchedOn = new Map<string, string>();
  private forced: { hostId: string; at: number } | undefined;
  /** VMs set unknown (142 links no host) whose host is not known yet: the host of the next 12 is theirs. */
  private readonly orphans: string[] = [];
  readonly arrivals = new Map<string, VmMove>();
  readonly moves: MoveRecord[] = [];
  readonly elections: SpmElection[] = [];
  readonly hostChanges: HostChange[] = [];
  readonly trouble = new Map<string, EngineWord>();
  readonly gaps: FeedGap[] = [];
  lastIndex: number;
  lastTime: number | undefined;
  count = 0;

  constructor(
    baseline: number,
    private readonly options: TimelineOptions
  ) {
    this.lastIndex = baseline;
  }

  /** Add events newer than those seen, in any order. */
  add(events: readonly Event[]): void {
    const fresh = events.filter((e) => e.index > this.lastIndex).sort((a, b) => a.index - b.index);
    for (const event of fresh) this.fold(event);
  }

  /** The latest SPM election onto a host `isWanted` accepts. */
  latestElection(isWanted: (hostId: string) => boolean): SpmElection | undefined {
    return [...this.elections].reverse().find((e) => isWanted(e.hostId));
  }

  /** How a VM that started to move and has not arrived is moving (`restarted` after it was lost). */
  pendingHow(vmId: string): MoveHow | undefined {
    return this.moveStarts.get(vmId)?.how;
  }

  /** When a host started to leave, while it is away. */
  hostAwaySince(hostId: string): number | undefined {
    return this.hostLeftAt.get(hostId);
  }

  private fold(event: Event): void {
    if (this.lastIndex > 0 && event.index > this.lastIndex + 1) this.noteGap(event);
    this.lastIndex = event.index;
    this.count++;
    if (event.time !== undefined) this.lastTime = event.time;
    const time = event.time ?? this.lastTime ?? 0;
    const hostId = event.host?.id ?? (event.hostName !== undefined ? this.options.hostIdOf(event.hostName) : undefined);
    const vmId = event.vm?.id;
    if (vmId !== undefined) this.foldVm(event, vmId, hostId, time);
    else if (hostId !== undefined) this.foldHost(event.code, hostId, time, event.index);
  }

  private noteGap(event: Event): void {
    this.gaps.push({
      afterIndex: this.lastIndex,
      beforeIndex: event.index,
      ...(this.lastTime !== undefined ? { from: this.lastTime } : {}),
      ...(event.time !== undefined ? { to: event.time } : {}),
    });
  }

  private foldHost(code: number, hostId: string, time: number, index: number): void {
    if (code === EventCode.VDS_FAILURE) this.claimOrphans(hostId);
    if (HOST_LEFT.has(code)) {
      if (!this.hostLeftAt.has(hostId)) {
        this.hostLeftAt.set(hostId, time);
        this.hostChanges.push({ hostId, kind: 'left', at: time, code });
      }
    } else if (HOST_BACK.has(code)) {
      // A host that left before this timeline's baseline (a failback wait reads from the failed-over facts on) is
      // back at its first such event too: the failback starts there, not when a late wait began.
      const isFirstSeen = !this.hostChanges.some((c) => c.hostId === hostId);
      if (this.hostLeftAt.delete(hostId) || isFirstSeen)
        this.hostChanges.push({ hostId, kind: 'back', at: time, code });
    } else if (code === EventCode.USER_FORCE_SELECTED_SPM) this.forced = { hostId, at: time };
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

  private foldVm(event: Event, vmId: string, hostId: string | undefined, time: number): void {
    const code = event.code;
    if (VM_TROUBLE.has(code)) this.trouble.set(vmId, { code, text: event.description ?? '', at: time });
    if (code === EventCode.VM_MIGRATION_START || code === EventCode.VM_MIGRATION_START_SYSTEM_INITIATED) {
      const toName = destinationNamed(event.description);
      const toHostId = toName !== undefined ? this.options.hostIdOf(toName) : undefined;
      this.startMove(vmId, { at: time, how: 'migrated', ...defined({ fromHostId: hostId, toHostId }) });
    } else if (code === EventCode.VM_SET_TO_UNKNOWN_STATUS || code === EventCode.HA_VM_FAILED) {
      if (this.moveStarts.get(vmId)?.how !== 'restarted') this.startLoss(vmId, hostId, time);
    } else if (code === EventCode.VM_WAS_SET_DOWN_DUE_TO_HOST_REBOOT_OR_MANUAL_FENCE) {
      if (this.moveStarts.get(vmId)?.how !== 'restarted') this.startLoss(vmId, hostId, time);
    } else if (code === EventCode.VM_MIGRATION_DONE) {
      this.arriveFromMigration(event, vmId, hostId, time);
    } else if (code === EventCode.VDS_INITIATED_RUN_VM && hostId !== undefined) {
      this.foldRestart(vmId, hostId, time);
    } else if (code === EventCode.VDS_INITIATED_RUN_VM_FAILED) {
      this.launchedOn.delete(vmId);
    } else if (code === EventCode.USER_RUN_VM && hostId !== undefined) {
      this.arrive(vmId, hostId, time, 'started');
    }
  }

  /** 506 at launch, then 506 again on the same host once the VM is up (RunVmCommand, row 25). */
  private foldRestart(vmId: string, hostId: string, time: number): void {
    if (this.launchedOn.get(vmId) === hostId) {
      this.launchedOn.delete(vmId);
      this.arrive(vmId, hostId, time, 'restarted');
      return;
    }
    this.launchedOn.set(vmId, hostId);
    if (!this.moveStarts.has(vmId)) this.startLoss(vmId, undefined, time);
  }

  /** 63 links the source host; the destination is in its text ("Destination: kvm-b1"), else the started move's. */
  private arriveFromMigration(event: Event, vmId: string, hostId: string | undefined, time: number): void {
    const named = destinationNamed(event.description);
    const started = this.moveStarts.get(vmId);
    const toHostId = (named !== undefined ? this.options.hostIdOf(named) : undefined) ?? started?.toHostId;
    if (toHostId === undefined) return;
    if (started === undefined && hostId !== undefined && hostId !== toHostId) {
      this.startMove(vmId, { at: time, how: 'migrated', fromHostId: hostId });
    }
    this.arrive(vmId, toHostId, time, 'migrated');
  }

  private startLoss(vmId: string, hostId: string | undefined, time: number): void {
    const from = hostId ?? this.lastHost.get(vmId) ?? this.polledHostBefore(vmId);
    this.startMove(vmId, { at: time, how: 'restarted', ...defined({ fromHostId: from }) });
    if (from === undefined) this.orphans.push(vmId);
  }

  /**
   * Where the wait's first poll saw the VM, unless that is already a host where it should end up: a wait that
   * starts after the restart sees the VM at its destination, and the host it was lost from is then the next 12's.
   */
  private polledHostBefore(vmId: string): string | undefined {
    const polled = this.options.initialHostOf?.(vmId);
    return polled !== undefined && !this.options.isTarget(vmId, polled) ? polled : undefined;
  }

  /**
   * The engine logs a host's VMs' 142s, then the host's 12 (VdsManager.handleNetworkException: moveVmsToUnknown
   * before logHostFailToRespond), so a 12 names the host of the VMs set unknown just before it.
   */
  private claimOrphans(hostId: string): void {
    for (const vmId of this.orphans.splice(0)) {
      const start = this.moveStarts.get(vmId);
      if (start === undefined || start.fromHostId !== undefined) continue;
      this.moveStarts.set(vmId, { ...start, fromHostId: hostId });
      if (!this.firstHost.has(vmId)) this.firstHost.set(vmId, hostId);
      const hostLeft = this.hostLeftAt.get(hostId);
      if (hostLeft !== undefined) this.vmLeftAt.set(vmId, Math.min(hostLeft, this.vmLeftAt.get(vmId) ?? hostLeft));
    }
  }

  private startMove(vmId: string, start: MoveStart): void {
    const fromHostId = start.fromHostId ?? this.lastHost.get(vmId);
    if (fromHostId !== undefined && !this.firstHost.has(vmId)) this.firstHost.set(vmId, fromHostId);
    if (!this.vmLeftAt.has(vmId)) {
      const hostLeft = fromHostId !== undefined ? this.hostLeftAt.get(fromHostId) : undefined;
      this.vmLeftAt.set(vmId, hostLeft ?? start.at);
    }
    this.moveStarts.set(vmId, { ...start, ...defined({ fromHostId }) });
  }

  private forgetJourney(vmId: string): void {
    this.firstHost.delete(vmId);
    this.vmLeftAt.delete(vmId);
  }

  private arrive(vmId: string, hostId: string, time: number, how: MoveHow): void {
    const start = this.moveStarts.get(vmId);
    this.moveStarts.delete(vmId);
    this.launchedOn.delete(vmId);
    const from = start?.fromHostId ?? this.lastHost.get(vmId);
    this.lastHost.set(vmId, hostId);
    this.moves.push({
      vmId,
      toHostId: hostId,
      at: time,
      how: start?.how ?? how,
      ...defined({ fromHostId: from, startedAt: start?.at }),
    });
    if (!this.options.isTarget(vmId, hostId)) {
      this.arrivals.delete(vmId);
      // It left its target (a VM going away before it comes home): its journey to the target starts again.
      if (from === undefined || this.options.isTarget(vmId, from)) this.forgetJourney(vmId);
      return;
    }
    if (from !== undefined && this.options.isTarget(vmId, from)) return;
    const first = this.firstHost.get(vmId) ?? from;
    this.arrivals.set(vmId, {
      vmId,
      toHostId: hostId,
      upAt: time,
      how: start?.how ?? how,
      ...defined({
        fromHostId: first,
        viaHostId: from !== first ? from : undefined,
        leftAt: this.vmLeftAt.get(vmId) ?? start?.at,
      }),
    });
    this.trouble.delete(vmId);
  }
}

/** The object without its undefined values (optional properties stay absent). */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}
