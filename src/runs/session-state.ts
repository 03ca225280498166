/**
 * What a session holds besides its journal: the engine's locks (the machine's lock file, and the PostgreSQL
 * backend's advisory lock when there is one), and the journal's observers (the backend's copy of each durable
 * batch, then the head signer, whose heads go beside the journal and to the backend).
 */
import type { RunEvent } from '../engine/events';
import { acquireEngineLock } from './engine-lock';
import { HeadSigner } from './head-signer';
import type { HeadStore } from './head-signer';
import { writeSignedHead } from './heads';
import type { JournalWriter } from './journal';
import { runDirOf } from './paths';
import { PgJournalReplica } from './pg/journal';
import { lockEngineInPg } from './pg/lock';
import { warning } from './session-events';
import type { OpenRunOptions } from './session-inputs';

export interface HeldLocks {
  /** A warning when a lock left by a dead process was cleared to take it. */
  warnings: RunEvent[];
  release(): Promise<void>;
}

/** The engine's locks for a run that changes it; none for a run that changes nothing. */
export async function takeLocks(options: OpenRunOptions, runId: string): Promise<HeldLocks> {
  if (options.lock === undefined) return { warnings: [], release: () => Promise.resolve() };
  const { lock, cleared } = acquireEngineLock({ ...options.lock, runId, stateDir: options.stateDir });
  const warnings = cleared
    ? [
        warning(
          `cleared the lock ${lock.path} left by run ${cleared.runId} (pid ${cleared.pid} on ${cleared.machine}), ` +
            'whose process is gone (it crashed or was killed)'
        ),
      ]
    : [];
  if (options.backend === undefined) return { warnings, release: () => Promise.resolve(lock.release()) };
  try {
    const shared = await lockEngineInPg(options.backend, options.lock.engine, lock.owner);
    return {
      warnings,
      release: async () => {
        try {
          await shared.release().catch(() => undefined); // the session ending releases it anyway
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** The backend's copy of every durable batch, then the signed heads (beside the journal, and in the backend). */
export function attachObservers(journal: JournalWriter, runId: string, options: OpenRunOptions): void {
  const stores: HeadStore[] = [localHeadStore(runDirOf(options.stateDir, runId))];
  if (options.backend !== undefined) {
    const replica = new PgJournalReplica(options.backend, runId);
    journal.addObserver(replica);
    stores.push(replica);
  }
  if (options.signing === undefined) return;
  const { signer, checkpointMs } = options.signing;
  journal.addObserver(
    new HeadSigner({ runId, signer, stores, ...(checkpointMs === undefined ? {} : { checkpointMs }) })
  );
}

function localHeadStore(runDir: string): HeadStore {
  return {
    saveHead: (signed) => {
      writeSignedHead(runDir, signed);
      return Promise.resolve();
    },
  };
}
