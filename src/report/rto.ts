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
import { DrillPhase, RtoSource, Verdict } from './types';
import type { RtoJudgement, VmMove, WaitSpan } from './types';

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

/**
 * Judge the failover (moves already marked by markWithinRto): every VM must run again on the other site within the
 * RTO, and no failover wait may fail. A VM that never ran again fails the drill even when no RTO is set.
 */
export function judgeRto(rto: ResolvedRto, moves: readonly VmMove[], waits: readonly WaitSpan[]): RtoJudgement {
  const failover = moves.filter((m) => m.phase === DrillPhase.FAILOVER);
  const limit = formatDuration(rto.ms ?? 0);
  const reasons = [
    ...failover.filter((m) => m.upAt === undefined).map((m) => `${m.name} never ran again on the other site`),
    ...failedWaits(waits),
    ...failover
      .filter((m) => m.isWithinRto === false)
      .map((m) => `${m.name} took ${formatDuration(m.recoveryMs ?? 0)}, over the RTO of ${limit}`),
  ];
  const judgement = { source: rto.source, reasons, verdict: verdictOf(rto.ms, failover.length, reasons.length) };
  return rto.ms === undefined ? judgement : { ms: rto.ms, ...judgement };
}

function failedWaits(waits: readonly WaitSpan[]): string[] {
  return waits
    .filter((w) => w.phase === DrillPhase.FAILOVER && w.status === 'failed')
    .map((w) => `step "${w.stepId}" (olvm.wait ${w.condition}) failed: ${w.error ?? 'no reason recorded'}`);
}

function verdictOf(rtoMs: number | undefined, moveCount: number, reasonCount: number): Verdict {
  if (reasonCount > 0) return Verdict.FAIL;
  if (moveCount === 0) return Verdict.NO_DATA;
  return rtoMs === undefined ? Verdict.NO_RTO : Verdict.PASS;
}

/** Whether `runbook report` exits RTO_MISSED. */
export function isRtoMissed(rto: RtoJudgement): boolean {
  return rto.verdict === Verdict.FAIL;
}
