/**
 * The PostgreSQL state backend's connection: one session per command (for a run, the session that holds the
 * engine's advisory lock for the whole run and writes its journal lines). Its tables live in one schema (default
 * `runbook`), created on first use, as Terraform's pg backend creates its own:
 *
 *     journal_lines (run_id, seq, line)          every journal line, written in the same order as the local file
 *     heads (run_id, lines, message, signature)  the signed heads (heads.ts)
 *     locks (lock_key, engine, run_id, owner, backend_pid)   who holds each engine's advisory lock
 *
 * The journal stays the single source of run state: no table holds anything the journal lines do not.
 */
import type * as Pg from 'pg';
import type { Client } from 'pg';
import { ExitCode, messageOf, RunbookError } from '../../shared/errors';

/** The backend could not be reached, refused the login, or failed a statement. */
export class StateBackendError extends RunbookError {
  readonly backend: string;
  constructor(backend: string, what: string, cause: unknown) {
    super(`state backend ${backend}: ${what}: ${messageOf(cause)}`, {
      code: 'STATE_BACKEND',
      exitCode: ExitCode.CONNECTION,
      isRetryable: true,
      hint: 'check state.url in the inventory (host, port, database, user, password) and that the server is up',
      cause,
    });
    this.backend = backend;
  }
}

export interface PgSettings {
  /** The connection URL, the secret resolved. */
  url: string;
  schema: string;
}

/** `postgresql://host:port/db (schema runbook)`: the URL without its credentials, for messages. */
export function describeBackend(settings: PgSettings): string {
  try {
    const url = new URL(settings.url);
    return `postgresql://${url.host}${url.pathname} (schema ${settings.schema})`;
  } catch {
    return `postgresql (schema ${settings.schema})`;
  }
}

/** The two-key advisory lock that serializes creating the schema (apart from the engines' one-key locks). */
const SCHEMA_LOCK = [0x72756e62, 1] as const;

export class PgState {
  readonly label: string;

  private constructor(
    readonly client: Client,
    readonly schema: string,
    label: string
  ) {
    this.label = label;
  }

  static async connect(settings: PgSettings): Promise<PgState> {
    const label = describeBackend(settings);
    const client = new (loadPg().Client)({ connectionString: settings.url, connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined); // a lost session fails the next query, which says so
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new StateBackendError(label, 'cannot connect', error);
    }
    const state = new PgState(client, settings.schema, label);
    try {
      await state.ensureSchema();
    } catch (error) {
      await state.close();
      throw error;
    }
    return state;
  }

  /** `"runbook".journal_lines` */
  table(name: 'journal_lines' | 'heads' | 'locks'): string {
    return `"${this.schema}".${name}`;
  }

  async query<R extends Record<string, unknown>>(what: string, text: string, values: unknown[] = []): Promise<R[]> {
    try {
      return (await this.client.query<R>(text, values)).rows;
    } catch (error) {
      throw new StateBackendError(this.label, what, error);
    }
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }

  private async ensureSchema(): Promise<void> {
    const s = `"${this.schema}"`;
    await this.query('cannot create its tables', 'BEGIN');
    try {
      await this.query('cannot create its tables', 'SELECT pg_advisory_xact_lock($1, $2)', [...SCHEMA_LOCK]);
      await this.query('cannot create its tables', `CREATE SCHEMA IF NOT EXISTS ${s}`);
      await this.query(
        'cannot create its tables',
        `CREATE TABLE IF NOT EXISTS ${s}.journal_lines (run_id text NOT NULL, seq integer NOT NULL, ` +
          'line text NOT NULL, written_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (run_id, seq))'
      );
      await this.query(
        'cannot create its tables',
        `CREATE TABLE IF NOT EXISTS ${s}.heads (run_id text NOT NULL, lines integer NOT NULL, ` +
          'message text NOT NULL, signature text NOT NULL, PRIMARY KEY (run_id, lines))'
      );
      await this.query(
        'cannot create its tables',
        `CREATE TABLE IF NOT EXISTS ${s}.locks (lock_key bigint PRIMARY KEY, engine text NOT NULL, ` +
          'run_id text NOT NULL, owner jsonb NOT NULL, backend_pid integer NOT NULL, ' +
          'acquired_at timestamptz NOT NULL DEFAULT now())'
      );
      await this.query('cannot create its tables', 'COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}

/** node-postgres is loaded only when an inventory names the backend, not at every start (startup time). */
function loadPg(): typeof Pg {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load (startup time)
  return require('pg') as typeof Pg;
}
