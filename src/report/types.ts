/**
 * The drill report's contracts.
 *
 * `WaitResult` is the journaled task result (`task.finished.result`) of the `olvm.wait` module: the contract between
 * that module and this report (docs/drills.md). Every time in it is epoch ms on the ENGINE's clock, taken from the
 * engine's event feed, not from the control machine. The report depends on nothing else than these results and the
 * step timeline of the journal.
 *
 * `DrillReport` is the model the renderers (text, JSON, HTML) read; `collectDrillReport` builds it from a journal.
 */
import type { RunStatus, TaskStatus } from '../engine/events';

/** What an `olvm.wait` step waited for. */
export const WaitCondition = {
  /** The VMs run on hosts of `site` (failover). */
  VMS_ON_SITE: 'vms_on_site',
  /** The SPM role is held by a host of `site`. */
  SPM_ON_SITE: 'spm_on_site',
  /** Hosts reached a status (maintenance, up, non_responsive). */
  HOSTS_STATUS: 'hosts_status',
  /** The VMs are back on their home site (failback). */
  VMS_HOME: 'vms_home',
} as const;
export type WaitCondition = (typeof WaitCondition)[keyof typeof WaitCondition];

export const DrillPhase = { FAILOVER: 'failover', FAILBACK: 'failback' } as const;
export type DrillPhase = (typeof DrillPhase)[keyof typeof DrillPhase];

/** How a VM reached the other site. */
export const RecoveryHow = {
  /** Live-migrated away from a host entering maintenance. */
  MIGRATED: 'migrated',
  /** Restarted by HA (with its lease) after its host failed. */
  RESTARTED: 'restarted',
  /** Started by an operator (USER_RUN_VM). */
  STARTED: 'started',
} as const;
export type RecoveryHow = (typeof RecoveryHow)[keyof typeof RecoveryHow];

/** What became of a VM a wait waited for. */
export const VmOutcome = {
  /** It runs where the wait wanted it, and when it came up was measured. */
  RECOVERED: 'recovered',
  /** It does not run there (down, unknown, still on the other site) when the wait ended. */
  NOT_RECOVERED: 'not_recovered',
  /** It runs there, but neither witness saw when it came up. */
  NOT_MEASURED: 'not_measured',
} as const;
export type VmOutcome = (typeof VmOutcome)[keyof typeof VmOutcome];

/** Which witness measured a figure: the engine's event feed, or the status the wait polled (engine clock). */
export const Witness = { EVENTS: 'events', POLLING: 'polling' } as const;
export type Witness = (typeof Witness)[keyof typeof Witness];

/** One VM in a wait result. Times are engine-clock epoch ms. */
export interface WaitVmResult {
  name: string;
  /** Absent in results written before outcomes were recorded: `up_at` then decides. */
  status?: VmOutcome;
  /** Why it was not recovered or not measured, as far as the engine says. */
  why?: string;
  /** Where it ran when it first moved (before the drill), and the source of its last move when that differs. */
  from_host?: string;
  via_host?: string;
  to_host?: string;
  /** When the VM's host entered maintenance (preparing_for_maintenance) or failed (non_responsive, powered off). */
  left_at?: number;
  left_by?: Witness;
  /** When the VM ran again on the other site; absent or null when it never did before the wait ended. */
  up_at?: number | null;
  up_by?: Witness;
  /** Polling: the poll before the one that saw it up (it came up after this). */
  up_after?: number;
  recovery_ms?: number | null;
  how?: RecoveryHow;
}

export interface WaitHostChange {
  name: string;
  at: number;
  by?: Witness;
  code?: number;
  status?: string;
}

export interface WaitSpmOutage {
  host?: string;
  from: number;
  to?: number | null;
  by?: Witness;
}

export interface WaitEngineVm {
  name: string;
  host_at_start?: string;
  host_at_end?: string | null;
  status?: string;
  moves: Array<{ from_host?: string; to_host?: string; at?: number; how?: string; by?: Witness }>;
}

export interface WaitFeedGap {
  after_index: number;
  before_index: number;
  from?: number;
  to?: number;
}

export interface WaitEngineGap {
  from: number;
  to?: number;
  ms?: number;
  error?: string;
}

export interface WaitSpmResult {
  from_host?: string;
  to_host?: string;
  lost_at?: number;
  elected_at?: number | null;
  handover_ms?: number | null;
  by?: Witness;
  forced?: boolean;
}

/** The `result` of a finished `olvm.wait` task. */
export interface WaitResult {
  condition: WaitCondition;
  /** From the step's args; when absent, `vms_home` means failback and anything else failover. */
  phase?: DrillPhase;
  site?: string;
  started_at: number;
  finished_at: number;
  elapsed_ms: number;
  vms?: WaitVmResult[];
  spm?: WaitSpmResult;
  /** VMs already in place when the wait began (not timed; noted in the report). */
  unmoved?: string[];
  hosts_left?: WaitHostChange[];
  hosts_back?: WaitHostChange[];
  /** Every SPM election the feed showed since the wait's baseline. */
  spm_moves?: WaitSpmResult[];
  /** Periods without a working SPM. */
  spm_outages?: WaitSpmOutage[];
  engine_vm?: WaitEngineVm;
  /** Indexes the event feed skipped. */
  feed_gaps?: WaitFeedGap[];
  /** When the engine did not answer during the wait. */
  engine_gaps?: WaitEngineGap[];
  notes?: string[];
}

/** Where the recovery-time objective came from. */
export const RtoSource = {
  /** Top-level `rto:` of the runbook. */
  RUNBOOK: 'runbook',
  /** Top-level `rto:` of the inventory. */
  INVENTORY: 'inventory',
  /** `runbook report --rto`. */
  COMMAND_LINE: 'command line',
  NONE: 'none',
} as const;
export type RtoSource = (typeof RtoSource)[keyof typeof RtoSource];

export const Verdict = {
  /** Every VM of the failover recovered within the RTO. */
  PASS: 'pass',
  /** A VM recovered later than the RTO, never recovered, or a failover wait failed. */
  FAIL: 'fail',
  /** No RTO was given: the figures are reported, not judged. */
  NO_RTO: 'no-rto',
  /** The journal holds no failover recovery to judge (not a drill, or it stopped before the failover). */
  NO_DATA: 'no-data',
} as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

/** One task of a step (step x target x item), on the control machine's clock (journal times). */
export interface TaskSpan {
  target?: string;
  item?: string;
  startedAt: number;
  finishedAt: number;
  durationMs: number;
  status: TaskStatus;
  error?: string;
}

/** One step of the run, on the control machine's clock. */
export interface StepSpan {
  stepId: string;
  name?: string;
  module: string;
  startedAt: number;
  finishedAt?: number;
  durationMs?: number;
  /** Undefined while the step never finished (crash, interrupt). */
  status?: TaskStatus;
  tasks: TaskSpan[];
}

/** One VM's move to the other site (or back home), engine-clock times. */
export interface VmMove {
  name: string;
  phase: DrillPhase;
  stepId: string;
  fromHost?: string;
  toHost?: string;
  leftAt?: number;
  upAt?: number;
  /** upAt - leftAt; undefined when the VM never ran again (or a time is missing). */
  recoveryMs?: number;
  how?: RecoveryHow;
  /** Failover moves only; undefined when there is no RTO or no recovery time. */
  isWithinRto?: boolean;
  outcome: VmOutcome;
  /** Why it was not recovered or not measured. */
  why?: string;
  /** The source of its last move, when that is not `fromHost` (an intermediate host of the same site). */
  viaHost?: string;
  /** Where it ran before the drill (the run's first olvm.facts), when known. */
  hostBefore?: string;
  leftBy?: Witness;
  upBy?: Witness;
  /** Polling only: it came up after this poll (and by `upAt`). */
  upAfter?: number;
}

export interface SpmHandover {
  phase: DrillPhase;
  stepId: string;
  fromHost?: string;
  toHost?: string;
  lostAt?: number;
  electedAt?: number;
  handoverMs?: number;
  by?: Witness;
  /** An operator force-selected the new SPM (olvm.spm force, event 159). */
  isForced?: boolean;
}

/** A span of engine time, with the witness that measured it; `to` absent when it never ended. */
export interface SiteSpan {
  from: number;
  to?: number;
  ms?: number;
  by: Witness;
}

/** The drill at the level of the sites (docs/drills.md, "What the report shows"). */
export interface SiteFigures {
  /** From the first primary host leaving to the last failover VM up; incomplete when a VM never came up. */
  primaryEmptied?: SiteSpan & { isComplete: boolean; firstHost?: string; lastVm?: string };
  /** From the first primary host back to the last VM home. */
  failbackPhase?: SiteSpan & { isComplete: boolean };
  /** Where each VM ran before the drill (the run's first olvm.facts). */
  hostsBefore: Array<{ vm: string; host: string | null; status: string }>;
  /** Hosts leaving and coming back, engine clock. */
  hostChanges: Array<{ host: string; kind: 'left' | 'back'; at: number; by: Witness; phase: DrillPhase }>;
  /** Periods without a working SPM (`host`: the SPM that was lost). */
  spmOutages: Array<SiteSpan & { host?: string }>;
  /** VMs that ran before the drill and were not up at its end (non-HA VMs stay down after an outage). */
  leftDown: Array<{ vm: string; status: string; isHighlyAvailable: boolean; host: string | null }>;
  /** The self-hosted engine VM: where it ran before and after, and its moves. */
  engineVm?: { name: string; hostBefore?: string; hostAfter?: string | null; moves: EngineVmMove[] };
  /** Event indexes the feed skipped, per wait. */
  feedGaps: Array<{ stepId: string; afterIndex: number; beforeIndex: number; from?: number; to?: number }>;
  /** Times the engine did not answer, per wait. */
  engineGaps: Array<{ stepId: string; from: number; to?: number; ms?: number; error?: string }>;
}

export interface EngineVmMove {
  fromHost?: string;
  toHost?: string;
  at?: number;
  how?: string;
  by?: Witness;
}

/** Where a failed drill stopped: the first failure of the run. */
export interface DrillStop {
  stepId: string;
  target?: string;
  module?: string;
  error: string;
  /** Before the failover began (a precondition): nothing was changed. */
  isPrecondition: boolean;
}

/** One finished olvm.wait task. */
export interface WaitSpan {
  stepId: string;
  target?: string;
  phase: DrillPhase;
  condition: string;
  site?: string;
  status: TaskStatus;
  /** Engine clock; absent when the task failed without a result. */
  startedAt?: number;
  finishedAt?: number;
  elapsedMs?: number;
  error?: string;
}

export interface RtoJudgement {
  ms?: number;
  source: RtoSource;
  verdict: Verdict;
  /** Why the verdict is FAIL (each VM over the RTO or never up, each failed failover wait). */
  reasons: string[];
}

export interface Session {
  kind: 'started' | 'resumed';
  at: number;
  user: string;
  machine: string;
  argv: string[];
}

export interface JournalStatus {
  path: string;
  isIntact: boolean;
  /** Complete lines checked good. */
  lines: number;
  /** `runbook audit verify`'s wording. */
  reason: string;
  firstBadLine?: number;
}

export interface DrillReport {
  runId: string;
  /** The runbook is a drill (run.started says so, or the journal holds olvm.wait results). */
  isDrill: boolean;
  runbook: { name: string; path: string };
  inventory: { name: string; path: string };
  isDryRun: boolean;
  /** `unfinished` when the journal has no run.finished (running, crashed). */
  status: RunStatus | 'unfinished';
  startedAt: number;
  finishedAt?: number;
  /** Who ran it: the start, then every resume. */
  sessions: Session[];
  steps: StepSpan[];
  waits: WaitSpan[];
  /** Failover moves, slowest first (never-recovered VMs first of all). */
  recoveries: VmMove[];
  /** Failback moves, slowest first. */
  failback: VmMove[];
  /** Every SPM move the drill saw, both phases, oldest first. */
  spm: SpmHandover[];
  site: SiteFigures;
  /** The first failure, when the run failed. */
  stopped?: DrillStop;
  rto: RtoJudgement;
  journal: JournalStatus;
  /** Inconsistencies found while reading (a malformed wait result, disagreeing figures). */
  notes: string[];
}
