/** What a run is opened with: its inputs (runbook, inventory) and the options of the session. */
import type { EngineIdentity } from './engine-lock';
import type { PgState } from './pg/state';
import type { SshSigner } from './ssh-signer';

export interface RunInputs {
  runbook: {
    name: string;
    /** Absolute. */ path: string;
    /** Every file read, absolute. */ files: readonly string[];
    /** The drill's recovery-time objective (top-level `rto:`), recorded in run.started for the drill report. */
    rtoMs?: number;
    /** The runbook is a drill (it measures with olvm.wait): recorded so a drill that stops early is still judged. */
    isDrill?: boolean;
  };
  inventory: {
    name: string;
    /** Absolute. */ path: string;
    /** Its `rto:`, used when the runbook has none. */ rtoMs?: number;
  };
}

export interface OpenRunOptions {
  stateDir: string;
  inputs: RunInputs;
  argv: string[];
  isDryRun: boolean;
  version: string;
  /** `--resume [RUN]`: RUN undefined means the newest unfinished run of this runbook. */
  resume?: { run?: string; isForced: boolean };
  cwd?: string;
  /** The lock of the engine the run changes; undefined when it changes nothing (a dry run, read-only steps). */
  lock?: { lockDir: string; engine: EngineIdentity };
  /** Sign the journal's head (at its start, every checkpoint, at its end) with this key. */
  signing?: { signer: SshSigner; checkpointMs?: number };
  /** The PostgreSQL backend (the session closes it): the lock across machines, a copy of every journal line. */
  backend?: PgState;
}
