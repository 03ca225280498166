/**
 * The SIEM form of a journal: one JSON object per event, with Elastic Common Schema field names where one fits
 * (`@timestamp`, `event.*`, `user.name`, `host.hostname`) and the full journaled event under `runbook.event`.
 * The chain fields (`event.sequence`, `event.hash`, `runbook.prev`) let the SIEM side re-check the order.
 */
import type { RunEvent } from '../engine/events';
import type { ScannedEntry } from '../runs/scan';

export interface SiemRecord {
  '@timestamp': string;
  message: string;
  event: {
    kind: 'event';
    category: ['process'];
    action: RunEvent['type'];
    outcome: 'success' | 'failure' | 'unknown';
    sequence: number;
    /** Nanoseconds (ECS), where the event has a duration. */
    duration?: number;
    /** The journal line's digest (what the next line's `prev` repeats). */
    hash: string;
  };
  user: { name: string };
  host: { hostname: string };
  observer: { hostname: string };
  runbook: {
    run_id: string;
    name: string;
    prev: string;
    step?: string;
    target?: string;
    item?: string;
    event: RunEvent;
  };
}

/** `exporter`: the machine running the export (ECS observer). */
export function toSiemRecords(runId: string, entries: readonly ScannedEntry[], exporter: string): SiemRecord[] {
  let actor = { user: '?', machine: '?', name: '?' };
  return entries.map((entry) => {
    const e = entry.event;
    if (e.type === 'run.started') actor = { user: e.user, machine: e.machine, name: e.runbook.name };
    if (e.type === 'run.resumed') actor = { ...actor, user: e.user, machine: e.machine };
    const duration = 'durationMs' in e ? { duration: Math.round(e.durationMs * 1e6) } : {};
    const key = 'stepId' in e ? { step: e.stepId, ...pickTask(e) } : {};
    return {
      '@timestamp': new Date(e.at).toISOString(),
      message: describe(e),
      event: {
        kind: 'event',
        category: ['process'],
        action: e.type,
        outcome: outcomeOf(e),
        sequence: entry.seq,
        ...duration,
        hash: entry.digest,
      },
      user: { name: actor.user },
      host: { hostname: actor.machine },
      observer: { hostname: exporter },
      runbook: { run_id: runId, name: actor.name, prev: entry.prev, ...key, event: e },
    };
  });
}

function pickTask(e: RunEvent): { target?: string; item?: string } {
  const target = 'target' in e ? e.target : undefined;
  const item = 'item' in e ? e.item : undefined;
  return { ...(target === undefined ? {} : { target }), ...(item === undefined ? {} : { item }) };
}

function outcomeOf(e: RunEvent): SiemRecord['event']['outcome'] {
  if (e.type === 'task.finished' || e.type === 'step.finished') return e.status === 'failed' ? 'failure' : 'success';
  if (e.type === 'run.finished') return e.status === 'ok' ? 'success' : e.status === 'failed' ? 'failure' : 'unknown';
  return 'unknown';
}

function describe(e: RunEvent): string {
  switch (e.type) {
    case 'run.started':
      return `run ${e.runId} of ${e.runbook.name} started by ${e.user}@${e.machine}${e.isDryRun ? ' (dry run)' : ''}`;
    case 'run.resumed':
      return `run ${e.runId} resumed by ${e.user}@${e.machine} (${e.finishedTasks} tasks done)`;
    case 'task.finished':
      return `${e.stepId}${e.target ? ` on ${e.target}` : ''}${e.item ? ` [${e.item}]` : ''}: ${e.status}`;
    case 'run.finished':
      return `run finished: ${e.status}`;
    case 'warning':
      return `warning: ${e.message}`;
    default:
      return `${e.type} ${e.stepId}`;
  }
}
