/**
 * The recovery-time objective of a drill and the verdict against it.
 *
 * Where the RTO comes from, first found wins: `runbook report --rto`; the run's own record (`rtoMs` / `rtoSource`
 * of run.started, written by `runbook exec`); the top-level `rto:` of the runbook file, then of the inventory file,
 * re-read from the paths in run.started (a note says so when a file changed since the run).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunStartedEvent } from '../engine/events';
import { digestFile } from '../runs/digest';
import { formatDuration, parseDuration } from '../shared/duration';
import { loadYaml } from '../shared/yaml-source';
import { messageOf } from '../shared/errors';
import { DrillPhase, RtoSource, Verdict, VmOutcome } from './types';
import type { DrillStop, RtoJudgement, VmMove, WaitSpan } from './types';

export interface ResolvedRto {
  ms?: number;
  source: RtoSource;
  notes: string[];
}

export function resolveRto(started: RunStartedEvent, overrideMs?: number): ResolvedRto {
  if (overrideMs !== undefined) return { ms: overrideMs, source: RtoSource.COMMAND_LINE, notes: [] };
  if (started.rtoMs !== undefined) {
    return { ms: started.rtoMs, source: started.rtoSource ?? RtoSource.RUNBOOK, notes: [] };
  }
  const notes: string[] = [];
  const runbookPath = resolve(started.cwd, started.runbook.path);
  const recorded = started.runbook.files.find((f) => resolve(started.cwd, f.path) === runbookPath)?.sha256;
  const fromRunbook = readRtoOf(runbookPath, 'runbook', recorded, notes);
  if (fromRunbook !== undefined) return { ms: fromRunbook, source: RtoSource.RUNBOOK, notes };
  const inventoryPath = resolve(started.cwd, started.inventory.path);
  const fromInventory = readRtoOf(inventoryPath, 'inventory', started.inventory.sha256, notes);
  if (fromInventory !== undefined) return { ms: fromInventory, source: RtoSource.INVENTORY, notes };
  return { source: RtoSource.NONE, notes };
}

/** The top-level `rto:` of a YAML file, in ms; undefined (with a note when something is wrong) otherwise. */
function readRtoOf(path: string, what: string, sha256: string | undefined, notes: string[]): number | undefined {
  if (!existsSync(path)) return undefined;
  let document: unknown;
  try {
    document = loadYaml(readFileSync(path, 'utf8'), path);
  } catch (error) {
    notes.push(`cannot read the RTO of the ${what} ${path}: ${messageOf(error)}`);
    return undefined;
  }
  const rto = typeof document === 'object' && document !== null ? (document as { rto?: unknown }).rto : undefined;
  if (rto === undefined || rto === null) return undefined;
  const ms = typeof rto === 'string' || typeof rto === 'number' ? parseDuration(rto) : undefined;
  if (ms === undefined) {
    notes.push(`${path}: rto: ${JSON.stringify(rto)} is not a duration (e.g. 5m, 90s); no RTO taken from it`);
    return undefined;
  }
  if (sha256 !== undefined && digestFile(path) !== sha256) {
    notes.push(`the ${what} ${path} changed since the run; its RTO was read from the current file`);
  }
  return ms;
}

/** The failover moves with `isWithinRto` set (when there is an RTO and a recovery time). */
export function markWithinRto(moves: readonly VmMove[], rtoMs: number | undefined): VmMove[] {
  return moves.map((m) =>
    rtoMs === undefined || m.recoveryMs === undefined ? m : { ...m, isWithinRto: m.recoveryMs <= rtoMs }
  );
}

/** What else decides the verdict besides the VMs: the waits, and where a failed run stopped. */
export interface JudgeContext {
  waits: readonly WaitSpan[];
  failback: readonly VmMove[];
  /** The run's first failure, when it failed (a refusal by the operator is not one). */
  stopped?: DrillStop;
  /** The runbook is a drill: a drill that measured nothing because it stopped is a failed drill, not NO DATA. */
  isDrill: boolean;
}

/**
 * Judge the drill (moves already marked by markWithinRto): every failover VM must run again on the other site within
 * the RTO, measured; no wait may fail; a drill whose run failed (a precondition not met, a step of the drill) fails.
 * A VM that never ran again, or whose recovery was not measured, fails the drill even when no RTO is set.
 */
export function judgeRto(rto: ResolvedRto, moves: readonly VmMove[], context: JudgeContext): RtoJudgement {
  const failover = moves.filter((m) => m.phase === DrillPhase.FAILOVER);
  const limit = formatDuration(rto.ms ?? 0);
  const reasons = [
    ...failover
      .filter((m) => m.outcome === VmOutcome.NOT_RECOVERED)
      .map((m) => `${m.name} never ran again on the other site${because(m)}`),
    ...failover
      .filter((m) => m.outcome === VmOutcome.NOT_MEASURED)
      .map((m) => `${m.name} runs on the other site, but its recovery was not measured${because(m)}`),
    ...failedWaits(context.waits),
    ...failover
      .filter((m) => m.isWithinRto === false)
      .map((m) => `${m.name} took ${formatDuration(m.recoveryMs ?? 0)}, over the RTO of ${limit}`),
    ...context.failback
      .filter((m) => m.outcome === VmOutcome.NOT_RECOVERED)
      .map((m) => `failback: ${m.name} did not come home${because(m)}`),
    ...stopReason(context, failover.length),
  ];
  const verdict = verdictOf(rto.ms, failover.length, reasons.length);
  const judgement = { source: rto.source, reasons, verdict };
  return rto.ms === undefined ? judgement : { ms: rto.ms, ...judgement };
}

function because(move: VmMove): string {
  return move.why === undefined ? '' : `: ${move.why}`;
}

/** The step a failed drill stopped at, unless a failed wait already says it. */
function stopReason(context: JudgeContext, measured: number): string[] {
  const stop = context.stopped;
  if (stop === undefined || !context.isDrill) return [];
  if (context.waits.some((w) => w.stepId === stop.stepId && w.status === 'failed')) return [];
  const where = `step "${stop.stepId}"${stop.target === undefined ? '' : ` on ${stop.target}`}${stop.module ? ` (${stop.module})` : ''}`;
  if (stop.isPrecondition)
    return [`a precondition was not met, so the drill never failed over: ${where}: ${stop.error}`];
  const when = measured === 0 ? ' before its failover was measured' : '';
  return [`the drill stopped${when} at ${where}: ${stop.error}`];
}

function failedWaits(waits: readonly WaitSpan[]): string[] {
  return waits
    .filter((w) => w.status === 'failed')
    .map((w) => `step "${w.stepId}" (olvm.wait ${w.condition}, ${w.phase}) failed: ${w.error ?? 'no reason recorded'}`);
}

function verdictOf(rtoMs: number | undefined, moveCount: number, reasonCount: number): Verdict {
  if (reasonCount > 0) return Verdict.FAIL;
  if (moveCount === 0) return Verdict.NO_DATA;
  return rtoMs === undefined ? Verdict.NO_RTO : Verdict.PASS;
}

/** Whether the drill failed (`runbook report` and `runbook exec` exit DRILL_FAILED). */
export function isDrillFailed(rto: RtoJudgement): boolean {
  return rto.verdict === Verdict.FAIL;
}
