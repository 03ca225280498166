/**
 * From the journal's finished `olvm.wait` tasks to the drill's figures: each wait's span, each VM's move to the
 * other site (or home again) with its outcome, and every SPM move. All figures are the wait results' own
 * engine-clock times. The results themselves are kept for the site-level figures (site.ts).
 */
import type { RunEvent, StepStartedEvent, TaskFinishedEvent } from '../engine/events';
import { DrillPhase, VmOutcome } from './types';
import type { SpmHandover, VmMove, WaitResult, WaitSpan, WaitSpmResult, WaitVmResult } from './types';
import { phaseOf, readWaitResult } from './wait-result';

export const WAIT_MODULE = 'olvm.wait';

/** One wait's result with where it came from. */
export interface WaitPart {
  stepId: string;
  phase: DrillPhase;
  result: WaitResult;
}

export interface DrillFigures {
  waits: WaitSpan[];
  moves: VmMove[];
  spm: SpmHandover[];
  parts: WaitPart[];
  notes: string[];
}

export function collectFigures(events: readonly RunEvent[], steps: Map<string, StepStartedEvent>): DrillFigures {
  const figures: DrillFigures = { waits: [], moves: [], spm: [], parts: [], notes: [] };
  for (const event of events) {
    const step = event.type === 'task.finished' ? steps.get(event.stepId) : undefined;
    if (event.type !== 'task.finished' || step?.module !== WAIT_MODULE || event.status === 'skipped') continue;
    addWait(figures, event, step);
  }
  figures.moves = keepLatestPerVm(figures.moves);
  figures.spm = keepFirstPerElection(figures.spm);
  return figures;
}

function addWait(figures: DrillFigures, task: TaskFinishedEvent, step: StepStartedEvent): void {
  const where = `step "${task.stepId}"${task.target === undefined ? '' : ` on ${task.target}`}`;
  const failed = task.status === 'failed' && !task.isIgnored;
  const hasResult = task.result !== undefined && typeof task.result['condition'] === 'string';
  if (!hasResult && failed) {
    figures.waits.push(failedWait(task, step));
    return;
  }
  const { result, notes } = readWaitResult(task.result, where);
  figures.notes.push(...notes);
  if (!result) return;
  const phase = phaseOf(result);
  figures.waits.push(toWaitSpan(task, result, phase));
  figures.parts.push({ stepId: task.stepId, phase, result });
  for (const vm of result.vms ?? []) figures.moves.push(toMove(vm, phase, task.stepId, where, figures.notes));
  if (result.unmoved !== undefined && result.unmoved.length > 0) {
    figures.notes.push(`${where}: already in place when the wait began, so not timed: ${result.unmoved.join(', ')}`);
  }
  for (const note of result.notes ?? []) figures.notes.push(`${where}: ${note}`);
  for (const spm of [...(result.spm_moves ?? []), ...(result.spm ? [result.spm] : [])]) {
    figures.spm.push(toHandover(spm, phase, task.stepId, where, figures.notes));
  }
}

/** A wait that failed without a result: its phase is guessed from the step's id and name. */
function failedWait(task: TaskFinishedEvent, step: StepStartedEvent): WaitSpan {
  const isFailback = /failback/i.test(`${step.stepId} ${step.name ?? ''}`);
  return {
    stepId: task.stepId,
    ...(task.target === undefined ? {} : { target: task.target }),
    phase: isFailback ? DrillPhase.FAILBACK : DrillPhase.FAILOVER,
    condition: 'unknown',
    status: task.status,
    error: task.error?.message ?? 'failed without a result',
  };
}

function toWaitSpan(task: TaskFinishedEvent, result: WaitResult, phase: DrillPhase): WaitSpan {
  return {
    stepId: task.stepId,
    ...(task.target === undefined ? {} : { target: task.target }),
    phase,
    condition: result.condition,
    ...(result.site === undefined ? {} : { site: result.site }),
    status: task.status,
    startedAt: result.started_at,
    finishedAt: result.finished_at,
    elapsedMs: result.elapsed_ms,
    ...(task.error ? { error: task.error.message } : {}),
  };
}

/** The outcome written by the wait, else (older results) what `up_at` says. */
function outcomeOf(vm: WaitVmResult): VmOutcome {
  if (vm.status !== undefined) return vm.status;
  return vm.up_at === undefined || vm.up_at === null ? VmOutcome.NOT_RECOVERED : VmOutcome.RECOVERED;
}

function toMove(vm: WaitVmResult, phase: DrillPhase, stepId: string, where: string, notes: string[]): VmMove {
  const upAt = vm.up_at ?? undefined;
  const recoveryMs = elapsedBetween(vm.left_at, upAt, vm.recovery_ms ?? undefined, `${where}: VM ${vm.name}`, notes);
  const move: VmMove = { name: vm.name, phase, stepId, outcome: outcomeOf(vm) };
  const optional: Partial<VmMove> = {
    fromHost: vm.from_host,
    viaHost: vm.via_host,
    toHost: vm.to_host,
    leftAt: vm.left_at,
    leftBy: vm.left_by,
    upAt,
    upBy: vm.up_by,
    upAfter: vm.up_after,
    recoveryMs,
    how: vm.how,
    why: vm.why,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(move, { [key]: value });
  return move;
}

function toHandover(
  spm: WaitSpmResult,
  phase: DrillPhase,
  stepId: string,
  where: string,
  notes: string[]
): SpmHandover {
  const electedAt = spm.elected_at ?? undefined;
  const handoverMs = elapsedBetween(spm.lost_at, electedAt, spm.handover_ms ?? undefined, `${where}: SPM`, notes);
  const handover: SpmHandover = { phase, stepId };
  if (spm.from_host !== undefined) handover.fromHost = spm.from_host;
  if (spm.to_host !== undefined) handover.toHost = spm.to_host;
  if (spm.lost_at !== undefined) handover.lostAt = spm.lost_at;
  if (electedAt !== undefined) handover.electedAt = electedAt;
  if (handoverMs !== undefined) handover.handoverMs = handoverMs;
  if (spm.by !== undefined) handover.by = spm.by;
  if (spm.forced === true) handover.isForced = true;
  return handover;
}

/**
 * `end - start` when both times are known (the timestamps are the evidence); else the reported elapsed figure.
 * A reported figure that disagrees with the timestamps is noted.
 */
function elapsedBetween(
  start: number | undefined,
  end: number | undefined,
  reported: number | undefined,
  where: string,
  notes: string[]
): number | undefined {
  if (start === undefined || end === undefined) return end === undefined ? undefined : reported;
  const measured = end - start;
  if (reported !== undefined && reported !== measured) {
    notes.push(`${where}: reported ${reported} ms, but its timestamps are ${measured} ms apart; the timestamps count`);
  }
  return measured;
}

/** A VM reported by several waits of one phase keeps its latest report. */
function keepLatestPerVm(moves: VmMove[]): VmMove[] {
  const latest = new Map<string, VmMove>();
  for (const move of moves) latest.set(`${move.phase}\u0000${move.name}`, move);
  return [...latest.values()];
}

/**
 * One SPM election reported by several waits (spm_on_site and vms_on_site both report it, and a later wait whose
 * feed starts earlier sees it again) counts once, under the first wait that reported it; oldest first.
 */
function keepFirstPerElection(handovers: SpmHandover[]): SpmHandover[] {
  const first = new Map<string, SpmHandover>();
  for (const h of handovers) {
    const key = `${h.toHost ?? ''}\u0000${h.electedAt ?? ''}`;
    const known = first.get(key);
    if (known === undefined) first.set(key, h);
    else if (known.lostAt === undefined && h.lostAt !== undefined) first.set(key, { ...h, stepId: known.stepId });
  }
  return [...first.values()].sort((a, b) => (a.electedAt ?? Infinity) - (b.electedAt ?? Infinity));
}

/** Slowest first; VMs that never ran again (or were not measured) come before all others. */
export function sortSlowestFirst(moves: readonly VmMove[]): VmMove[] {
  const key = (m: VmMove): number =>
    m.outcome === VmOutcome.RECOVERED ? (m.recoveryMs ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
  return [...moves].sort((a, b) => key(b) - key(a) || a.name.localeCompare(b.name));
}
