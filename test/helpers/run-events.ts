/** Events of a small run, and temporary state directories, for the runs/ tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent, RunStartedEvent, TaskFinishedEvent, TaskKey } from '../../src/engine/events';

export function makeRunStarted(overrides: Partial<RunStartedEvent> = {}): RunStartedEvent {
  return {
    type: 'run.started',
    runId: 'run-1',
    at: 1_000,
    runbook: { name: 'demo', path: '/work/demo.yaml', files: [{ path: '/work/demo.yaml', sha256: 'a'.repeat(64) }] },
    inventory: { name: 'lab', path: '/work/lab.yaml', sha256: 'b'.repeat(64) },
    argv: ['exec', 'demo.yaml'],
    user: 'ops',
    machine: 'box',
    cwd: '/work',
    isDryRun: false,
    version: '0.1.0',
    ...overrides,
  };
}

export function makeTaskFinished(key: TaskKey, overrides: Partial<TaskFinishedEvent> = {}): TaskFinishedEvent {
  return {
    type: 'task.finished',
    ...key,
    at: 2_000,
    status: 'changed',
    durationMs: 12,
    attempts: 1,
    changes: [{ path: 'run', note: `would run ${key.stepId}` }],
    ...overrides,
  };
}

/** run.started, then for each step: step.started, task.started, task.finished, step.finished. */
export function makeRunEvents(stepIds: readonly string[]): RunEvent[] {
  const events: RunEvent[] = [makeRunStarted()];
  stepIds.forEach((stepId, i) => {
    const at = 1_100 + i * 10;
    events.push({ type: 'step.started', at, stepId, module: 'local.command', targets: [] });
    events.push({ type: 'task.started', at, stepId, attempt: 1 });
    events.push(makeTaskFinished({ stepId }, { at: at + 5 }));
    events.push({ type: 'step.finished', at: at + 5, stepId, status: 'changed', durationMs: 5 });
  });
  return events;
}

export interface TempDir {
  path: string;
  remove(): void;
}

export function makeTempDir(prefix = 'runbook-runs-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
