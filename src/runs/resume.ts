/**
 * Resume is derived from the journal alone: which tasks finished (and with what registered result), how the run
 * last ended, and what the inputs were when it began. Nothing else holds run state.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { RunStatus, TaskStatus, taskKeyString } from '../engine/events';
import { REDACTED } from '../shared/redact';
import type { FileDigest, RunEvent, RunStartedEvent, TaskFinishedEvent } from '../engine/events';
import { digestFile } from './digest';
import { ResumeRefusedError } from './errors';
import { journalPathOf } from './paths';
import { readJournal } from './read';
import type { JournalContents } from './read';
import type { TornTail } from './torn';

/** How the run's last session ended; `unfinished` when it has no `run.finished` (it crashed or is running). */
export const ProgressStatus = { ...RunStatus, UNFINISHED: 'unfinished' } as const;
export type ProgressStatus = (typeof ProgressStatus)[keyof typeof ProgressStatus];

export interface RunProgress {
  runStarted: RunStartedEvent;
  /** Tasks that need not run again, the latest record per task, in journal order. */
  finished: TaskFinishedEvent[];
  lastStatus: ProgressStatus;
  /** The last session ended with `run.finished` ok: nothing left to resume. */
  isFinished: boolean;
  /** run.started plus each run.resumed. */
  sessions: number;
}

export interface ResumeState extends RunProgress {
  journalPath: string;
  /** A torn last line found (it will be dropped when the resume appends). */
  torn?: TornTail;
  /** The journal as read, for appending without reading it again. */
  contents: JournalContents;
}

/** The events resume reads; the step and progress lines between them are checked but not parsed. */
const RESUME_TYPES: ReadonlySet<RunEvent['type']> = new Set([
  'run.started',
  'run.resumed',
  'run.finished',
  'task.finished',
]);

export function loadResumeState(runDir: string): ResumeState {
  const journalPath = journalPathOf(runDir);
  const contents = readJournal(journalPath, { types: RESUME_TYPES });
  const progress = deriveProgress(contents.events);
  if (!progress) throw new ResumeRefusedError(runDir, ['its journal has no run.started line (it never began)']);
  return { ...progress, journalPath, contents, ...(contents.torn ? { torn: contents.torn } : {}) };
}

export function deriveProgress(events: readonly RunEvent[]): RunProgress | undefined {
  const first = events[0];
  if (first?.type !== 'run.started') return undefined;
  const latest = new Map<string, TaskFinishedEvent>();
  let lastStatus: ProgressStatus = ProgressStatus.UNFINISHED;
  let sessions = 0;
  for (const event of events) {
    if (event.type === 'run.started' || event.type === 'run.resumed') {
      sessions += 1;
      lastStatus = ProgressStatus.UNFINISHED;
    } else if (event.type === 'run.finished') {
      lastStatus = event.status;
    } else if (event.type === 'task.finished') {
      const key = taskKeyString(event);
      latest.delete(key);
      latest.set(key, event);
    }
  }
  const finished = [...latest.values()].filter(isDone);
  return { runStarted: first, finished, lastStatus, isFinished: lastStatus === ProgressStatus.OK, sessions };
}

/** Done means resume skips it: it succeeded, was skipped, or failed with ignore_errors. */
export function isDone(event: TaskFinishedEvent): boolean {
  return event.status !== TaskStatus.FAILED || event.isIgnored === true;
}

export interface RestorePlan {
  /** Handed to the engine: skipped, their registered results restored. */
  restored: TaskFinishedEvent[];
  /** Tasks that changed nothing (status ok) but whose registered result held a secret the journal masks: they
   *  run again (their plan is read-only) so later templates get the real value, not `***`. */
  rerun: TaskFinishedEvent[];
  /** Changed tasks whose registered result held a masked secret: restored (they must not run twice), with a warning. */
  masked: TaskFinishedEvent[];
}

/** Which finished tasks resume restores, and which results lost a secret to redaction. */
export function planRestore(finished: readonly TaskFinishedEvent[]): RestorePlan {
  const plan: RestorePlan = { restored: [], rerun: [], masked: [] };
  for (const event of finished) {
    const isMasked = event.status !== TaskStatus.SKIPPED && hasMaskedValue(event.result);
    if (isMasked && event.status === TaskStatus.OK) {
      plan.rerun.push(event);
      continue;
    }
    plan.restored.push(event);
    if (isMasked) plan.masked.push(event);
  }
  return plan;
}

function hasMaskedValue(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(REDACTED);
  if (value === null || typeof value !== 'object' || depth > 20) return false;
  return Object.values(value).some((v) => hasMaskedValue(v, depth + 1));
}

/**
 * `--force` covers edits to the same runbook, never another runbook: a resume with another one is refused
 * whatever the flags (it would run it under the old run's id). The same runbook is the same file (path), or the
 * same file elsewhere (another checkout or machine: the same content, or the same path from the working directory
 * and the same name).
 */
export function checkSameRunbook(
  runId: string,
  started: RunStartedEvent,
  current: { name: string; path: string },
  cwd = process.cwd()
): void {
  const then = resolve(started.cwd, started.runbook.path);
  const now = resolve(cwd, current.path);
  if (then === now) return;
  const recorded = started.runbook.files.find((f) => resolve(started.cwd, f.path) === then)?.sha256;
  if (recorded !== undefined && existsSync(now) && digestFile(now) === recorded) return;
  const isSamePlace = relative(started.cwd, then) === relative(cwd, now) && started.runbook.name === current.name;
  if (isSamePlace) return;
  const show = (p: string): string => relative(cwd, p) || p;
  throw new ResumeRefusedError(
    runId,
    [`the run was of runbook ${show(then)} ("${started.runbook.name}"), not ${show(now)} ("${current.name}")`],
    `resume it with ${show(then)} (--force covers edits to the same runbook, never another one), ` +
      'or start a new run without --resume'
  );
}

export interface CurrentInputs {
  runbook: { path: string; files: FileDigest[] };
  inventory: { path: string; sha256: string };
}

export const InputChangeKind = { MODIFIED: 'modified', ADDED: 'added', REMOVED: 'removed', OTHER: 'other' } as const;
export type InputChangeKind = (typeof InputChangeKind)[keyof typeof InputChangeKind];

export interface InputChange {
  kind: InputChangeKind;
  /** Absolute path. */
  path: string;
  /** One line for the operator. */
  message: string;
}

/** What differs between the inputs recorded when the run began and the inputs now. Paths compare absolute. */
export function diffInputs(runStarted: RunStartedEvent, current: CurrentInputs, cwd = process.cwd()): InputChange[] {
  const then = (p: string): string => resolve(runStarted.cwd, p);
  const show = (p: string): string => relative(cwd, p) || p;
  const changes: InputChange[] = [];
  const wasRunbook = then(runStarted.runbook.path);
  const isRunbook = resolve(cwd, current.runbook.path);
  if (wasRunbook !== isRunbook) {
    const message = `the run was of runbook ${show(wasRunbook)}, not ${show(isRunbook)}`;
    changes.push({ kind: InputChangeKind.OTHER, path: isRunbook, message });
  }
  const before = digestMap(runStarted.runbook.files, then);
  const after = digestMap(current.runbook.files, (p) => resolve(cwd, p));
  changes.push(...compareDigests(before, after, 'runbook file', show));
  const inventoryBefore = digestMap([runStarted.inventory], then);
  const inventoryAfter = digestMap([current.inventory], (p) => resolve(cwd, p));
  changes.push(...compareDigests(inventoryBefore, inventoryAfter, 'inventory', show));
  return changes;
}

function digestMap(files: readonly FileDigest[], toAbsolute: (p: string) => string): Map<string, string> {
  return new Map(files.map((f) => [toAbsolute(f.path), f.sha256]));
}

function compareDigests(
  before: Map<string, string>,
  after: Map<string, string>,
  label: string,
  show: (p: string) => string
): InputChange[] {
  const changes: InputChange[] = [];
  for (const [path, sha] of before) {
    const now = after.get(path);
    if (now === undefined) {
      changes.push({ kind: InputChangeKind.REMOVED, path, message: `${label} ${show(path)} is no longer read` });
    } else if (now !== sha) {
      const message = `${label} ${show(path)} changed (sha256 ${short(sha)} -> ${short(now)})`;
      changes.push({ kind: InputChangeKind.MODIFIED, path, message });
    }
  }
  for (const path of after.keys()) {
    if (!before.has(path)) {
      changes.push({ kind: InputChangeKind.ADDED, path, message: `${label} ${show(path)} is read now but was not` });
    }
  }
  return changes;
}

function short(sha: string): string {
  return sha.slice(0, 12);
}
