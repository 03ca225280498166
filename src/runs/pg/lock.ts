/**
 * The engine's lock across machines: a session-level advisory lock of the PostgreSQL backend, keyed by the engine
 * (URL and cluster), held by the run's own session for the whole run. PostgreSQL releases it when the session
 * ends, however it ends: a SIGKILLed holder's connection closes and the next run gets the lock. A row in `locks`
 * says who holds it (for the refusal message and `runbook runs`); the lock itself is the advisory lock.
 */
import { describeEngine, engineKey } from '../engine-lock';
import type { EngineIdentity } from '../engine-lock';
import { LockHeldError } from '../errors';
import type { LockOwner } from '../errors';
import { sha256Hex } from '../line';
import type { PgState } from './state';

/** The advisory lock key of an engine: the first 64 bits of the sha256 of its key, as a signed bigint. */
export function advisoryKeyOf(engine: EngineIdentity): string {
  return BigInt.asIntN(64, BigInt(`0x${sha256Hex(engineKey(engine)).slice(0, 16)}`)).toString();
}

export interface PgEngineLock {
  release(): Promise<void>;
}

export async function lockEngineInPg(state: PgState, engine: EngineIdentity, owner: LockOwner): Promise<PgEngineLock> {
  const key = advisoryKeyOf(engine);
  const [row] = await state.query<{ ok: boolean }>(
    'cannot take the engine lock',
    'SELECT pg_try_advisory_lock($1) AS ok',
    [key]
  );
  if (row?.ok !== true) {
    const [holder] = await state.query<{ owner: LockOwner }>(
      'cannot read the engine lock',
      `SELECT owner FROM ${state.table('locks')} WHERE lock_key = $1`,
      [key]
    );
    throw new LockHeldError(
      `the PostgreSQL advisory lock ${key} of ${state.label}`,
      holder?.owner,
      describeEngine(engine)
    );
  }
  await state.query(
    'cannot record the engine lock',
    `INSERT INTO ${state.table('locks')} (lock_key, engine, run_id, owner, backend_pid) ` +
      'VALUES ($1, $2, $3, $4, pg_backend_pid()) ON CONFLICT (lock_key) DO UPDATE SET engine = $2, run_id = $3, ' +
      'owner = $4, backend_pid = pg_backend_pid(), acquired_at = now()',
    [key, describeEngine(engine), owner.runId, JSON.stringify(owner)]
  );
  let isReleased = false;
  return {
    release: async () => {
      if (isReleased) return;
      isReleased = true;
      await state.query(
        'cannot release the engine lock',
        `DELETE FROM ${state.table('locks')} WHERE lock_key = $1 AND backend_pid = pg_backend_pid()`,
        [key]
      );
      await state.query('cannot release the engine lock', 'SELECT pg_advisory_unlock($1)', [key]);
    },
  };
}

/** The runs whose session holds an engine's advisory lock now (they are running). */
export async function liveRunIdsInPg(state: PgState): Promise<Set<string>> {
  const rows = await state.query<{ run_id: string }>(
    'cannot read the engine locks',
    `SELECT l.run_id FROM ${state.table('locks')} l WHERE EXISTS (SELECT 1 FROM pg_locks p ` +
      "WHERE p.locktype = 'advisory' AND p.granted AND p.objsubid = 1 AND p.pid = l.backend_pid)"
  );
  return new Set(rows.map((r) => r.run_id));
}
