/**
 * Journal lines and signed heads in the PostgreSQL backend. A run writes each durable batch of lines there right
 * after the local file (a JournalObserver), in one statement, so the table holds the file's lines in the same
 * order, whole batches or nothing. Readers on any machine get the journal back byte for byte.
 */
import type { HeadStore } from '../head-signer';
import { parseHead } from '../heads';
import type { StoredHead } from '../heads';
import type { DurableBatch, JournalObserver } from '../journal';
import type { PgState } from './state';

export class PgJournalReplica implements JournalObserver, HeadStore {
  constructor(
    private readonly state: PgState,
    private readonly runId: string
  ) {}

  async durable(batch: DurableBatch): Promise<void> {
    await appendLines(this.state, this.runId, batch.firstSeq, batch.lines);
  }

  async saveHead(signed: { runId: string; lines: number; message: string; signature: string }): Promise<void> {
    await saveHead(this.state, signed);
  }
}

/** Lines `firstSeq`, `firstSeq + 1`, … of a run, in one statement (all or none). */
export async function appendLines(
  state: PgState,
  runId: string,
  firstSeq: number,
  lines: readonly string[]
): Promise<void> {
  if (lines.length === 0) return;
  const seqs = lines.map((_, i) => firstSeq + i);
  await state.query(
    `cannot write journal lines ${firstSeq}-${firstSeq + lines.length - 1} of run ${runId}`,
    `INSERT INTO ${state.table('journal_lines')} (run_id, seq, line) SELECT $1, s, l FROM unnest($2::int[], $3::text[]) AS t(s, l)`,
    [runId, seqs, lines]
  );
}

export async function saveHead(
  state: PgState,
  signed: { runId: string; lines: number; message: string; signature: string }
): Promise<void> {
  await state.query(
    `cannot write the signed head of run ${signed.runId}`,
    `INSERT INTO ${state.table('heads')} (run_id, lines, message, signature) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [signed.runId, signed.lines, signed.message, signed.signature]
  );
}

/** The run's journal as the file holds it (each line and its newline, in seq order); empty when there is none. */
export async function readJournalContent(state: PgState, runId: string): Promise<Buffer> {
  const rows = await state.query<{ line: string }>(
    `cannot read the journal of run ${runId}`,
    `SELECT line FROM ${state.table('journal_lines')} WHERE run_id = $1 ORDER BY seq`,
    [runId]
  );
  return Buffer.from(rows.map((r) => `${r.line}\n`).join(''));
}

export async function readHeads(state: PgState, runId: string): Promise<StoredHead[]> {
  const rows = await state.query<{ lines: number; message: string; signature: string }>(
    `cannot read the heads of run ${runId}`,
    `SELECT lines, message, signature FROM ${state.table('heads')} WHERE run_id = $1 ORDER BY lines`,
    [runId]
  );
  return rows.map((r) => ({
    head: parseHead(r.message),
    message: r.message,
    signature: r.signature,
    source: `${state.label} heads (run ${runId}, lines ${r.lines})`,
  }));
}

/** Every run id with journal lines, oldest first (ids sort by time). */
export async function listRunIdsInPg(state: PgState): Promise<string[]> {
  const rows = await state.query<{ run_id: string }>(
    'cannot list the runs',
    `SELECT DISTINCT run_id FROM ${state.table('journal_lines')} ORDER BY run_id`
  );
  return rows.map((r) => r.run_id);
}

/** Every run's journal, for `runbook runs` (each is verified whole). */
export async function readAllJournals(state: PgState): Promise<Map<string, Buffer>> {
  const rows = await state.query<{ run_id: string; line: string }>(
    'cannot read the journals',
    `SELECT run_id, line FROM ${state.table('journal_lines')} ORDER BY run_id, seq`
  );
  const texts = new Map<string, string[]>();
  for (const row of rows) {
    const lines = texts.get(row.run_id) ?? [];
    lines.push(`${row.line}\n`);
    texts.set(row.run_id, lines);
  }
  return new Map([...texts].map(([id, lines]) => [id, Buffer.from(lines.join(''))]));
}
