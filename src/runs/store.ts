/** The runs in a state directory: list them, summarize one, find the one to resume, resolve an id. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunEvent, RunStartedEvent } from '../engine/events';
import { RunNotFoundError } from './errors';
import { journalPathOf, runDirOf, runsDirOf } from './paths';
import { decodeLine } from './line';
import { scanJournal } from './scan';
import { ProgressStatus } from './resume';
import { isValidRunId } from './run-id';

export const RunState = {
  OK: 'ok',
  FAILED: 'failed',
  /** Stopped by SIGINT/SIGTERM; resumable. */
  INTERRUPTED: 'interrupted',
  /** No run.finished and its process holds the lock. */
  RUNNING: 'running',
  /** No run.finished and no live process: killed or crashed; resumable. */
  CRASHED: 'crashed',
  /** The journal fails verification (see `runbook audit verify`). */
  CORRUPT: 'corrupt',
} as const;
export type RunState = (typeof RunState)[keyof typeof RunState];

export interface RunSummary {
  id: string;
  dir: string;
  state: RunState;
  runbookName?: string;
  /** Absolute path of the runbook. */
  runbookPath?: string;
  user?: string;
  machine?: string;
  startedAt?: number;
  /** Time of the last event. */
  lastAt?: number;
  isDryRun: boolean;
  /** Failure text when the journal could not be read. */
  problem?: string;
}

/** Run ids in the state directory, oldest first (ids sort by time). */
export function listRunIds(stateDir: string): string[] {
  const dir = runsDirOf(stateDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && isValidRunId(d.name) && existsSync(journalPathOf(runDirOf(stateDir, d.name))))
    .map((d) => d.name)
    .sort();
}

/** Every run, newest first; `live`: the ids of runs whose process holds their lock now (they are running). */
export function listRuns(stateDir: string, live: ReadonlySet<string> = new Set()): RunSummary[] {
  return listRunIds(stateDir)
    .reverse()
    .map((id) => summarizeRun(stateDir, id, live.has(id)));
}

/** Only the start is parsed; every line's digest and the chain are checked. */
const START_ONLY: ReadonlySet<string> = new Set(['run.started']);

/** A run's summary from its journal file (see summarizeJournal). */
export function summarizeRun(stateDir: string, id: string, isLive = false): RunSummary {
  const dir = runDirOf(stateDir, id);
  return summarizeJournal(id, dir, readFileSync(journalPathOf(dir)), isLive);
}

/**
 * A run's summary: its whole journal is verified (digests, chain, a torn tail; a journal that fails is `corrupt`),
 * its start read from line 1 and its end from the last complete line. `dir`: where it is (for messages).
 */
export function summarizeJournal(id: string, dir: string, content: Buffer, isLive = false): RunSummary {
  const scan = scanJournal(content, { types: START_ONLY });
  if (scan.bad) {
    const problem = `journal line ${scan.bad.line} ${scan.bad.reason}`;
    return { id, dir, state: RunState.CORRUPT, isDryRun: false, problem };
  }
  const first = scan.entries[0]?.event;
  const last = lastEventOf(content, scan.validBytes);
  if (first?.type !== 'run.started' || last === undefined) {
    return { id, dir, state: isLive ? RunState.RUNNING : RunState.CRASHED, isDryRun: false };
  }
  const status = last.type === 'run.finished' ? last.status : ProgressStatus.UNFINISHED;
  return { id, dir, ...describeStart(first), lastAt: last.at, state: stateOf(status, isLive) };
}

/** The event of the last complete line (already verified by the scan). */
function lastEventOf(content: Buffer, validBytes: number): RunEvent | undefined {
  if (validBytes === 0) return undefined;
  const start = content.lastIndexOf(0x0a, validBytes - 2) + 1;
  return decodeLine(content.toString('utf8', start, validBytes - 1)).entry?.event;
}

function describeStart(started: RunStartedEvent): Omit<RunSummary, 'id' | 'dir' | 'state' | 'lastAt'> {
  return {
    runbookName: started.runbook.name,
    runbookPath: resolve(started.cwd, started.runbook.path),
    user: started.user,
    machine: started.machine,
    startedAt: started.at,
    isDryRun: started.isDryRun,
  };
}

function stateOf(status: ProgressStatus, isLive: boolean): RunState {
  if (status !== ProgressStatus.UNFINISHED) return status;
  return isLive ? RunState.RUNNING : RunState.CRASHED;
}

const RESUMABLE: ReadonlySet<RunState> = new Set([RunState.FAILED, RunState.INTERRUPTED, RunState.CRASHED]);

export function isResumable(run: RunSummary): boolean {
  return !run.isDryRun && RESUMABLE.has(run.state);
}

/** The newest run of this runbook (absolute path) that did not finish ok, was not a dry run and is not running. */
export function findNewestUnfinishedRun(
  stateDir: string,
  runbookPath: string,
  live: ReadonlySet<string> = new Set()
): RunSummary | undefined {
  const wanted = resolve(runbookPath);
  return listRuns(stateDir, live).find((run) => run.runbookPath === wanted && isResumable(run));
}

/** An exact run id, or a prefix that names exactly one run. */
export function resolveRunId(stateDir: string, text: string): string {
  return matchRunId(listRunIds(stateDir), text, runsDirOf(stateDir));
}

/** `text` among `ids`: itself, or the one id it is a prefix of. `where`: for the message. */
export function matchRunId(ids: readonly string[], text: string, where: string): string {
  if (!isValidRunId(text)) throw new RunNotFoundError(`"${text}" is not a run id`, text);
  if (ids.includes(text)) return text;
  const matches = ids.filter((id) => id.startsWith(text));
  if (matches.length === 1) return matches[0] as string;
  if (matches.length > 1) {
    throw new RunNotFoundError(`"${text}" names ${matches.length} runs (${matches.slice(0, 3).join(', ')}…)`, text);
  }
  throw new RunNotFoundError(`no run "${text}" in ${where}`, text);
}
