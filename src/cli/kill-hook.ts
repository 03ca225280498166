/**
 * A crash injector for the crash-safety tests and the resume benchmark; inert unless RUNBOOK_TEST_KILL_AFTER_TASKS
 * is set. It wraps the journal sink and SIGKILLs this very process right after the flush that made the Nth
 * `task.finished` of this session durable, so a test can stop a run at an exact point.
 * RUNBOOK_TEST_KILL_MODE=torn first appends the start of the next journal line (its seq and the digest of the line
 * before, then part of its event), as a write cut short by a crash would leave.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import type { EventSink, RunEvent } from '../engine/events';

export const KILL_AFTER_ENV = 'RUNBOOK_TEST_KILL_AFTER_TASKS';
export const KILL_MODE_ENV = 'RUNBOOK_TEST_KILL_MODE';

export interface KillableSink extends EventSink {
  readonly path: string;
  flush(): Promise<void>;
}

export function withKillHook<S extends KillableSink>(sink: S, env: NodeJS.ProcessEnv = process.env): EventSink {
  const limit = Number(env[KILL_AFTER_ENV]);
  if (!Number.isInteger(limit) || limit < 1) return sink;
  const isTorn = env[KILL_MODE_ENV] === 'torn';
  let finished = 0;
  return {
    emit(event: RunEvent): void {
      if (event.type === 'task.finished') finished += 1;
      sink.emit(event);
    },
    async flush(): Promise<void> {
      const covered = finished; // flush resolves once everything emitted before this call is durable
      await sink.flush();
      if (covered < limit) return;
      if (isTorn) appendFileSync(sink.path, startOfNextLine(sink.path));
      process.kill(process.pid, 'SIGKILL');
    },
    close: () => (sink.close ? sink.close() : Promise.resolve()),
  };
}

/** What a crash leaves of the next line's write: its start, as the writer begins it, then part of its event. */
function startOfNextLine(path: string): string {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const last = JSON.parse(lines.at(-1) ?? '{}') as { seq?: number; digest?: string };
  return `{"seq":${(last.seq ?? 0) + 1},"prev":"${last.digest ?? ''}","event":{"type":"task.fin`;
}
