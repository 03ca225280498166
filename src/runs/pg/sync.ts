/**
 * Resuming a run of the PostgreSQL backend from any machine: the run is found in the backend, then this
 * machine's copy of its journal (in the state directory) is brought level with the backend's, whichever is
 * ahead: the backend's lines are written locally (another machine ran them), or local lines the backend lacks
 * (their write to it failed) are written to it. Two copies that differ other than by one extending the other
 * refuse the resume. Then the resume goes on from the local file as always, writing to both.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { JournalCorruptError, RunNotFoundError } from '../errors';
import { headPathOf, readStoredHeads, writeSignedHead } from '../heads';
import { journalPathOf, runDirOf } from '../paths';
import { scanJournal } from '../scan';
import { isResumable, matchRunId, summarizeJournal } from '../store';
import { appendLines, listRunIdsInPg, readAllJournals, readHeads, readJournalContent, saveHead } from './journal';
import { liveRunIdsInPg } from './lock';
import type { PgState } from './state';

/** The run to resume: `text` (an id or prefix), or the newest unfinished run of this runbook in the backend. */
export async function findRunInPg(state: PgState, text: string | undefined, runbookPath: string): Promise<string> {
  if (text !== undefined) return matchRunId(await listRunIdsInPg(state), text, state.label);
  const live = await liveRunIdsInPg(state);
  const journals = [...(await readAllJournals(state))].sort(([a], [b]) => (a < b ? 1 : -1));
  for (const [id, content] of journals) {
    const run = summarizeJournal(id, state.label, content, live.has(id));
    if (run.runbookPath === runbookPath && isResumable(run)) return id;
  }
  throw new RunNotFoundError(
    `no unfinished run of ${runbookPath} to resume in ${state.label}`,
    undefined,
    'list runs with `runbook runs -i INVENTORY`, name one with --resume RUN, or start a new run without --resume'
  );
}

/** Bring the local copy of the run (journal and heads) level with the backend's. */
export async function syncRunWithPg(state: PgState, stateDir: string, runId: string): Promise<void> {
  const runDir = runDirOf(stateDir, runId);
  const path = journalPathOf(runDir);
  const remote = await readJournalContent(state, runId);
  const local = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
  const localValid = local.subarray(0, scanJournal(local).validBytes);
  if (localValid.length <= remote.length && remote.subarray(0, localValid.length).equals(localValid)) {
    if (remote.length > localValid.length || !existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, remote, { flush: true });
    }
  } else if (localValid.subarray(0, remote.length).equals(remote)) {
    const missing = localValid.subarray(remote.length).toString('utf8').split('\n').filter(Boolean);
    await appendLines(state, runId, countLines(remote) + 1, missing);
  } else {
    const line = firstDifferentLine(localValid, remote);
    throw new JournalCorruptError(path, line, `differs from the journal in ${state.label} from line ${line}`);
  }
  await syncHeads(state, runDir, runId);
}

async function syncHeads(state: PgState, runDir: string, runId: string): Promise<void> {
  const remote = await readHeads(state, runId);
  const local = readStoredHeads(runDir).heads;
  for (const head of remote) {
    if (head.head !== undefined && !existsSync(headPathOf(runDir, head.head.lines))) {
      writeSignedHead(runDir, { lines: head.head.lines, message: head.message, signature: head.signature });
    }
  }
  const known = new Set(remote.map((h) => h.head?.lines));
  for (const head of local) {
    if (head.head === undefined || known.has(head.head.lines)) continue;
    await saveHead(state, { runId, lines: head.head.lines, message: head.message, signature: head.signature });
  }
}

function countLines(content: Buffer): number {
  let count = 0;
  for (const byte of content) if (byte === 0x0a) count += 1;
  return count;
}

function firstDifferentLine(a: Buffer, b: Buffer): number {
  const linesA = a.toString('utf8').split('\n');
  const linesB = b.toString('utf8').split('\n');
  const index = linesA.findIndex((line, i) => line !== linesB[i]);
  return (index < 0 ? linesA.length : index) + 1;
}
