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
} as const;
export type RecoveryHow = (typeof RecoveryHow)[keyof typeof RecoveryHow];

/** One VM in a wait result. Times are engine-clock epoch ms. */
export interface WaitVmResult {
  name: string;
  from_host?: string;
  to_host?: string;
  /** When the VM's host entered maintenance (preparing_for_maintenance) or failed (non_responsive, powered off). */
  left_at?: number;
  /** When the VM ran again on the other site; absent or null when it never did before the wait ended. */
  up_at?: number | null;
  recovery_ms?: number | null;
  how?: RecoveryHow;
}

export interface WaitSpmResult {
  from_host?: string;
  to_host?: string;
  lost_at?: number;
  elected_at?: number | null;
  handover_ms?: number | null;
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
}

export interface SpmHandover {
  phase: DrillPhase;
  stepId: string;
  fromHost?: string;
  toHost?: string;
  lostAt?: number;
  electedAt?: number;
  handoverMs?: number;
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
  spm: SpmHandover[];
  rto: RtoJudgement;
  journal: JournalStatus;
  /** Inconsistencies found while reading (a malformed wait result, disagreeing figures). */
  notes: string[];
}
