/**
 * A run's journal -> the DrillReport model. The journal is verified first (src/runs/verify); a journal that fails
 * verification is still reported from its intact prefix, with the failure in `journal`, so the reader sees both.
 */
import { readFileSync } from 'node:fs';
import type { RunEvent, RunStartedEvent } from '../engine/events';
import { RunNotFoundError } from '../runs/errors';
import { journalPathOf } from '../runs/paths';
import { readJournal } from '../runs/read';
import { scanJournal } from '../runs/scan';
import { verifyJournal } from '../runs/verify';
import { RunbookError, ExitCode } from '../shared/errors';
import { collectFigures, sortSlowestFirst } from './moves';
import { judgeRto, markWithinRto, resolveRto } from './rto';
import { collectSite, spmStepMoves } from './site';
import {
  closeSpmOutages,
  widenSpmMovesBySilence,
  widenSpmOutagesBySilence,
  withLossFromOutages,
} from './spm-across-waits';
import { findStop } from './stop';
import { collectSessions, collectSteps, modulesByStep } from './timeline';
import { DrillPhase } from './types';
import type { DrillReport, JournalStatus, SpmHandover, VmMove } from './types';

export interface CollectOptions {
  /** `runbook report --rto`: judge against this RTO (ms) instead of the runbook's or inventory's. */
  rtoMs?: number;
}

/** The journal has no run.started: nothing can be reported. */
export class NotARunJournalError extends RunbookError {
  readonly path: string;
  constructor(path: string, reason = "it does not start with a run.started event; it is not a run's journal") {
    super(`cannot report on ${path}: ${reason}`, {
      code: 'NOT_A_RUN_JOURNAL',
      exitCode: ExitCode.TAMPERED,
      hint: 'check the file with `runbook audit verify`',
    });
    this.path = path;
  }
}

export function collectDrillReport(runDir: string, options: CollectOptions = {}): DrillReport {
  const { journal, events } = readVerified(journalPathOf(runDir));
  const started = events[0];
  if (started?.type !== 'run.started') {
    throw new NotARunJournalError(
      journal.path,
      journal.isIntact ? undefined : `it failed verification: ${journal.reason}`
    );
  }
  const steps = modulesByStep(events);
  const figures = collectFigures(events, steps);
  const rto = resolveRto(started, options.rtoMs);
  const finished = events.findLast((e) => e.type === 'run.finished');
  const failover = figures.moves.filter((m) => m.phase === DrillPhase.FAILOVER);
  const site = collectSite({
    events,
    steps,
    parts: figures.parts,
    recoveries: failover,
    failback: figures.moves.filter((m) => m.phase === DrillPhase.FAILBACK),
  });
  const spm = mergeSpm(figures.spm, spmStepMoves(events, steps));
  // An SPM host lost while the engine was silent (a self-hosted engine dead with its site) is timed from the silence.
  const silent = widenSpmOutagesBySilence(site.spmOutages, site.engineGaps);
  site.spmOutages = closeSpmOutages(silent.outages, spm);
  const before = new Map(site.hostsBefore.map((h) => [h.vm, h.host]));
  const recoveries = markWithinRto(sortSlowestFirst(withHostBefore(failover, before)), rto.ms);
  const failback = sortSlowestFirst(figures.moves.filter((m) => m.phase === DrillPhase.FAILBACK));
  const isDrill = started.isDrill === true || figures.waits.length > 0;
  const stopped = finished?.status === 'ok' ? undefined : findStop(events, steps);
  return {
    ...describeRun(started),
    isDrill,
    status: finished?.status ?? 'unfinished',
    startedAt: started.at,
    ...(finished === undefined ? {} : { finishedAt: finished.at }),
    sessions: collectSessions(events),
    steps: collectSteps(events),
    waits: figures.waits,
    rto: judgeRto(rto, recoveries, {
      waits: figures.waits,
      failback,
      isDrill: isDrill && !started.isDryRun,
      ...(stopped !== undefined ? { stopped } : {}),
    }),
    recoveries,
    failback,
    spm: widenSpmMovesBySilence(withLossFromOutages(spm, site.spmOutages), site.engineGaps),
    site,
    ...(stopped !== undefined ? { stopped } : {}),
    journal,
    notes: [...rto.notes, ...figures.notes, ...silent.notes],
  };
}

function withHostBefore(moves: readonly VmMove[], before: ReadonlyMap<string, string | null>): VmMove[] {
  return moves.map((m) => {
    const host = before.get(m.name);
    return host === undefined || host === null ? m : { ...m, hostBefore: host };
  });
}

/** The waits' SPM moves and those olvm.spm made (a forced move home), oldest first, each election once. */
function mergeSpm(fromWaits: readonly SpmHandover[], fromSteps: readonly SpmHandover[]): SpmHandover[] {
  const key = (h: SpmHandover) => `${h.toHost ?? ''}\u0000${h.electedAt ?? ''}`;
  const seen = new Set(fromWaits.map(key));
  const extra = fromSteps.filter((h) => !seen.has(key(h)));
  return [...fromWaits, ...extra].sort((a, b) => (a.electedAt ?? Infinity) - (b.electedAt ?? Infinity));
}

function describeRun(started: RunStartedEvent): Pick<DrillReport, 'runId' | 'runbook' | 'inventory' | 'isDryRun'> {
  return {
    runId: started.runId,
    runbook: { name: started.runbook.name, path: started.runbook.path },
    inventory: { name: started.inventory.name, path: started.inventory.path },
    isDryRun: started.isDryRun,
  };
}

/** The verification status and the events: all of them, or those of the intact prefix when verification failed. */
function readVerified(path: string): { journal: JournalStatus; events: RunEvent[] } {
  let result;
  try {
    result = verifyJournal(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new RunNotFoundError(`no journal at ${path}`);
    throw error;
  }
  const journal: JournalStatus = {
    path,
    isIntact: result.ok,
    lines: result.lines,
    reason: result.reason,
    ...(result.firstBadLine === undefined ? {} : { firstBadLine: result.firstBadLine }),
  };
  const events = result.ok ? readJournal(path).events : scanJournal(readFileSync(path)).entries.map((e) => e.event);
  return { journal, events };
}

/** Whether the run is a drill: its runbook has olvm.wait steps, or its journal olvm.wait results or failures. */
export function isDrillReport(report: DrillReport): boolean {
  return report.isDrill;
}
