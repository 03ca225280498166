/**
 * Opening a run's durable state for `runbook exec`: the run id, the state lock, the journal sink and, on resume,
 * the finished tasks to skip. Fresh runs get a new journal; resumed runs are checked (not finished, not a dry run,
 * same inputs unless forced) and append to their journal after dropping a torn last line.
 */
import type { RunEvent, TaskFinishedEvent } from '../engine/events';
import { digestFile, digestFiles } from './digest';
import { liveRunIds } from './engine-lock';
import { ResumeRefusedError, RunNotFoundError } from './errors';
import { JournalWriter } from './journal';
import { journalPathOf, runDirOf } from './paths';
import { checkSameRunbook, diffInputs, loadResumeState, planRestore } from './resume';
import type { CurrentInputs, ResumeState } from './resume';
import { createRunId } from './run-id';
import { findRunInPg, syncRunWithPg } from './pg/sync';
import { attachObservers, takeLocks } from './session-state';
import type { HeldLocks } from './session-state';
import { describeTask, makeRunResumed, makeRunStarted, warning } from './session-events';
import type { OpenRunOptions, RunInputs } from './session-inputs';
import { findNewestUnfinishedRun, resolveRunId } from './store';

export { makeRunStarted } from './session-events';

export type { OpenRunOptions, RunInputs } from './session-inputs';

export interface RunSession {
  runId: string;
  journal: JournalWriter;
  /** Finished tasks of earlier sessions (resume), for the engine to skip; empty for a new run. */
  previous: TaskFinishedEvent[];
  /** The events that open this session in the journal: run.started, or run.resumed and its warnings. */
  opening: RunEvent[];
  isResumed: boolean;
  /** Close the journal (flushing it, signing its end), release the locks, close the backend. */
  close(): Promise<void>;
}

export async function openRunSession(options: OpenRunOptions): Promise<RunSession> {
  return options.resume ? resumeSession(options, options.resume) : startSession(options);
}

async function startSession(options: OpenRunOptions): Promise<RunSession> {
  const runId = createRunId();
  const locks = await takeLocks(options, runId);
  try {
    const journal = await JournalWriter.create(journalPathOf(runDirOf(options.stateDir, runId)));
    attachObservers(journal, runId, options);
    const opening = [makeRunStarted(runId, options), ...locks.warnings];
    return makeSession({ runId, journal, locks, options, previous: [], opening, isResumed: false });
  } catch (error) {
    await locks.release();
    throw error;
  }
}

async function resumeSession(
  options: OpenRunOptions,
  resume: { run?: string; isForced: boolean }
): Promise<RunSession> {
  const runId = await pickRunToResume(options, resume.run);
  const locks = await takeLocks(options, runId);
  try {
    if (options.backend !== undefined) await syncRunWithPg(options.backend, options.stateDir, runId);
    const state = loadResumeState(runDirOf(options.stateDir, runId));
    const changes = checkResumable(runId, state, options, resume.isForced);
    const { writer, dropped } = await JournalWriter.openForAppend(state.journalPath, state.contents);
    attachObservers(writer, runId, options);
    const restore = planRestore(state.finished);
    const resumed = makeRunResumed(runId, options.argv, restore.restored.length, changes.length > 0);
    const warnings = [
      ...locks.warnings,
      ...changes.map((message) => warning(`resuming with --force although ${message}`)),
      ...(dropped ? [warning(`dropped torn line ${dropped.line} (${dropped.bytes} bytes cut short by a crash)`)] : []),
      ...restore.rerun.map((e) => warning(`${describeTask(e)} runs again: its result held a secret the journal masks`)),
      ...restore.masked.map((e) =>
        warning(`${describeTask(e)}: its restored result holds a secret the journal masked; templates using it see ***`)
      ),
    ];
    const opening = [resumed, ...warnings];
    return makeSession({
      runId,
      journal: writer,
      locks,
      options,
      previous: restore.restored,
      opening,
      isResumed: true,
    });
  } catch (error) {
    await locks.release();
    throw error;
  }
}

async function pickRunToResume(options: OpenRunOptions, run: string | undefined): Promise<string> {
  if (options.backend !== undefined) return findRunInPg(options.backend, run, options.inputs.runbook.path);
  if (run !== undefined) return resolveRunId(options.stateDir, run);
  const live = options.lock === undefined ? undefined : liveRunIds(options.lock.lockDir);
  const newest = findNewestUnfinishedRun(options.stateDir, options.inputs.runbook.path, live);
  if (newest) return newest.id;
  throw new RunNotFoundError(
    `no unfinished run of ${options.inputs.runbook.path} to resume`,
    undefined,
    'list runs with `runbook runs`, name one with --resume RUN, or start a new run without --resume'
  );
}

/** The input changes (as messages) that --force overrides; throws when the run cannot be resumed. */
function checkResumable(runId: string, state: ResumeState, options: OpenRunOptions, isForced: boolean): string[] {
  if (state.runStarted.isDryRun) {
    throw new ResumeRefusedError(runId, ['it was a dry run'], 'start a new run without --resume');
  }
  if (state.isFinished) {
    throw new ResumeRefusedError(runId, ['it already finished ok'], 'start a new run without --resume');
  }
  checkSameRunbook(runId, state.runStarted, options.inputs.runbook, options.cwd);
  const changes = diffInputs(state.runStarted, currentInputs(options.inputs), options.cwd).map((c) => c.message);
  if (changes.length > 0 && !isForced) {
    throw new ResumeRefusedError(
      runId,
      changes,
      'review the changes; resume anyway with --force, or start a new run without --resume'
    );
  }
  return changes;
}

function currentInputs(inputs: RunInputs): CurrentInputs {
  return {
    runbook: { path: inputs.runbook.path, files: digestFiles(inputs.runbook.files) },
    inventory: { path: inputs.inventory.path, sha256: digestFile(inputs.inventory.path) },
  };
}

interface SessionParts {
  runId: string;
  journal: JournalWriter;
  locks: HeldLocks;
  options: OpenRunOptions;
  previous: TaskFinishedEvent[];
  opening: RunEvent[];
  isResumed: boolean;
}

function makeSession(parts: SessionParts): RunSession {
  const { runId, journal, locks, options, previous, opening, isResumed } = parts;
  return {
    runId,
    journal,
    previous,
    opening,
    isResumed,
    async close(): Promise<void> {
      try {
        await journal.close();
      } finally {
        await locks.release();
        await options.backend?.close();
      }
    },
  };
}
