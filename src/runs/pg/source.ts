/** Runs as the PostgreSQL backend holds them, for `runs`, `log`, `report` and `audit` on any machine. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { headPathOf, headsDirOf } from '../heads';
import { journalPathOf } from '../paths';
import type { OpenedRun, RunSource } from '../run-source';
import { matchRunId, summarizeJournal } from '../store';
import { RunNotFoundError } from '../errors';
import { listRunIdsInPg, readAllJournals, readHeads, readJournalContent } from './journal';
import { liveRunIdsInPg } from './lock';
import type { PgState } from './state';

export function pgRunSource(state: PgState): RunSource {
  return {
    label: state.label,
    listRuns: async () => {
      const live = await liveRunIdsInPg(state);
      const journals = await readAllJournals(state);
      return [...journals]
        .sort(([a], [b]) => (a < b ? 1 : -1))
        .map(([id, content]) => summarizeJournal(id, `${state.label} run ${id}`, content, live.has(id)));
    },
    resolveRunId: async (text) => matchRunId(await listRunIdsInPg(state), text, state.label),
    openRun: (runId) => openPgRun(state, runId),
    close: () => state.close(),
  };
}

/** The run's journal and heads, copied into a private temporary directory (removed by dispose). */
async function openPgRun(state: PgState, runId: string): Promise<OpenedRun> {
  const content = await readJournalContent(state, runId);
  if (content.length === 0) throw new RunNotFoundError(`no run "${runId}" in ${state.label}`, runId);
  const heads = await readHeads(state, runId);
  const root = mkdtempSync(join(tmpdir(), 'runbook-pg-run-'));
  const dir = join(root, runId);
  mkdirSync(headsDirOf(dir), { recursive: true, mode: 0o700 });
  writeFileSync(journalPathOf(dir), content);
  for (const head of heads) {
    if (head.head === undefined) continue;
    writeFileSync(`${headPathOf(dir, head.head.lines)}.sig`, head.signature);
    writeFileSync(headPathOf(dir, head.head.lines), head.message);
  }
  return {
    runId,
    dir,
    journalPath: journalPathOf(dir),
    label: `the journal of run ${runId} in ${state.label}`,
    heads,
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
