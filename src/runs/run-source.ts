/**
 * Where the commands that read runs (`runs`, `log`, `report`, `audit`) find them: the local state directory, or
 * the PostgreSQL backend (pg/source.ts) from any machine that reaches it. A run is opened as a directory holding
 * its journal (and heads/), so every reader works on files alike; a backend's run is copied into a private
 * temporary directory for the command and removed after it.
 */
import { readFileSync } from 'node:fs';
import { liveRunIds } from './engine-lock';
import { readStoredHeads } from './heads';
import type { StoredHead } from './heads';
import { journalPathOf, runDirOf } from './paths';
import { listRuns, resolveRunId } from './store';
import type { RunSummary } from './store';

export interface OpenedRun {
  runId: string;
  dir: string;
  journalPath: string;
  /** Where the journal is, for messages (a file, or the backend). */
  label: string;
  heads: StoredHead[];
  /** Remove what opening copied (nothing for a local run). */
  dispose(): void;
}

export interface RunSource {
  /** `state directory /x/.runbook`, `postgresql://db:5432/ops (schema runbook)`. */
  readonly label: string;
  listRuns(): Promise<RunSummary[]>;
  /** An exact run id, or a prefix that names exactly one run. */
  resolveRunId(text: string): Promise<string>;
  openRun(runId: string): Promise<OpenedRun>;
  close(): Promise<void>;
}

export function localRunSource(stateDir: string, lockDir?: string): RunSource {
  return {
    label: `state directory ${stateDir}`,
    listRuns: () => Promise.resolve(listRuns(stateDir, lockDir === undefined ? new Set() : liveRunIds(lockDir))),
    resolveRunId: (text) => Promise.resolve(resolveRunId(stateDir, text)),
    openRun: (runId) => {
      const dir = runDirOf(stateDir, runId);
      const journalPath = journalPathOf(dir);
      const heads = readStoredHeads(dir).heads;
      return Promise.resolve({ runId, dir, journalPath, label: journalPath, heads, dispose: () => undefined });
    },
    close: () => Promise.resolve(),
  };
}

/** Run a reader on an opened run, removing what was copied afterwards. */
export async function withRun<T>(
  source: RunSource,
  text: string,
  read: (run: OpenedRun) => T | Promise<T>
): Promise<T> {
  const run = await source.openRun(await source.resolveRunId(text));
  try {
    return await read(run);
  } finally {
    run.dispose();
  }
}

/** The bytes of an opened run's journal. */
export function readOpenedJournal(run: OpenedRun): Buffer {
  return readFileSync(run.journalPath);
}
