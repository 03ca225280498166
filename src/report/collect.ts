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
import { collectSessions, collectSteps, modulesByStep } from './timeline';
import { DrillPhase } from './types';
import type { DrillReport, JournalStatus } from './types';

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
  const figures = collectFigures(events, modulesByStep(events));
  const rto = resolveRto(started, options.rtoMs);
  const finished = events.findLast((e) => e.type === 'run.finished');
  const failover = figures.moves.filter((m) => m.phase === DrillPhase.FAILOVER);
  const recoveries = markWithinRto(sortSlowestFirst(failover), rto.ms);
  return {
    ...describeRun(started),
    status: finished?.status ?? 'unfinished',
    startedAt: started.at,
    ...(finished === undefined ? {} : { finishedAt: finished.at }),
    sessions: collectSessions(events),
    steps: collectSteps(events),
    waits: figures.waits,
    rto: judgeRto(rto, recoveries, figures.waits),
    recoveries,
    failback: sortSlowestFirst(figures.moves.filter((m) => m.phase === DrillPhase.FAILBACK)),
    spm: figures.spm,
    journal,
    notes: [...rto.notes, ...figures.notes],
  };
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

/** Whether the run measured anything of a drill (it has olvm.wait results or failures). */
export function isDrillReport(report: DrillReport): boolean {
  return report.waits.length > 0;
}
