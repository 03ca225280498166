/**
 * A crash injector for the crash-safety tests and the resume benchmark; inert unless RUNBOOK_TEST_KILL_AFTER_TASKS
 * is set. It wraps the journal sink and SIGKILLs this very process right after the flush that made the Nth
 * `task.finished` of this session durable, so a test can stop a run at an exact point.
 * RUNBOOK_TEST_KILL_MODE=torn first appends half of a journal line, as a write cut short by a crash would leave.
 */
import { appendFileSync } from 'node:fs';
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
      if (isTorn) appendFileSync(sink.path, '{"seq":999999,"prev":"0000000000000000","event":{"type":"task.fin');
      process.kill(process.pid, 'SIGKILL');
    },
    close: () => (sink.close ? sink.close() : Promise.resolve()),
  };
}
