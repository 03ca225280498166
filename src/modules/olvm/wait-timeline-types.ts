/**
 * What the event witness of a drill (wait-timeline.ts) folds the engine's event feed into: each VM's moves and its
 * arrival on its target site, SPM elections, host changes, the engine's words about what failed, and gaps in the
 * feed. Every time is an engine event's time.
 */
export type MoveHow = 'migrated' | 'restarted' | 'started';

export interface VmMove {
  vmId: string;
  /** Where the VM ran when it first moved after the baseline (its host before the drill, as far as the feed says). */
  fromHostId?: string;
  /** The source of its last move, when that is not `fromHostId` (an intermediate host). */
  viaHostId?: string;
  toHostId: string;
  /** When its first host started to leave (maintenance, lost), else when its first move began. */
  leftAt?: number;
  upAt: number;
  how: MoveHow;
}

/** One completed move, whatever its target (the engine VM's moves are reported whole). */
export interface MoveRecord {
  vmId: string;
  fromHostId?: string;
  toHostId: string;
  startedAt?: number;
  at: number;
  how: MoveHow;
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

export interface EngineWord {
  code: number;
  text: string;
  at: number;
}

export interface HostChange {
  hostId: string;
  kind: 'left' | 'back';
  at: number;
  code: number;
}

export interface FeedGap {
  /** The last index seen before the gap and the first after it. */
  afterIndex: number;
  beforeIndex: number;
  /** Their times, when the events had one. */
  from?: number;
  to?: number;
}

export interface TimelineOptions {
  /** Whether `hostId` is a host where `vmId` should end up. */
  isTarget: (vmId: string, hostId: string) => boolean;
  /** A host's id from the name or address an event gives (63 names its destination in its text; 204 its host by address). */
  hostIdOf: (nameOrAddress: string) => string | undefined;
  /** Where each VM ran when the wait began, as polled (for restarts: 142 carries no host). */
  initialHostOf?: (vmId: string) => string | undefined;
}
