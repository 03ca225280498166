/**
 * Synthetic drill runs for the report tests: the events of a failover + failback drill with known engine-clock
 * timestamps, written to a real journal with the real JournalWriter.
 */
import type { RunEvent, RunStartedEvent, TaskFinishedEvent } from '../../src/engine/events';
import { JournalWriter } from '../../src/runs/journal';
import { journalPathOf, runDirOf } from '../../src/runs/paths';
import type { WaitResult } from '../../src/report/types';
import { makeRunStarted } from './run-events';

export const RUN_ID = '2025-11-25T03-00-00.000Z-d1a1';
/** Control machine clock: the run starts here. */
export const T0 = Date.UTC(2025, 10, 25, 3, 0, 0);
/** Engine clock (the wait results' times); deliberately not T0, as the two clocks are independent. */
export const E0 = 1_764_040_000_000;

export const SPM_FAILOVER = { from_host: 'kvm-a1', to_host: 'kvm-b1', lost_at: E0 + 1_000, elected_at: E0 + 30_000 };

/** Failover: db-1 41 s, web-1 18.5 s, app-1 94 s (an HA restart). */
export const FAILOVER_RESULT: WaitResult = {
  condition: 'vms_on_site',
  phase: 'failover',
  site: 'secondary',
  started_at: E0 + 500,
  finished_at: E0 + 96_000,
  elapsed_ms: 95_500,
  vms: [
    {
      name: 'db-1',
      from_host: 'kvm-a1',
      to_host: 'kvm-b2',
      left_at: E0 + 1_000,
      up_at: E0 + 42_000,
      recovery_ms: 41_000,
      how: 'migrated',
    },
    {
      name: 'web-1',
      from_host: 'kvm-a2',
      to_host: 'kvm-b1',
      left_at: E0 + 2_000,
      up_at: E0 + 20_500,
      recovery_ms: 18_500,
      how: 'migrated',
    },
    {
      name: 'app-1',
      from_host: 'kvm-a1',
      to_host: 'kvm-b1',
      left_at: E0 + 1_500,
      up_at: E0 + 95_500,
      recovery_ms: 94_000,
      how: 'restarted',
    },
  ],
};

export const SPM_RESULT: WaitResult = {
  condition: 'spm_on_site',
  site: 'secondary',
  started_at: E0 + 500,
  finished_at: E0 + 30_200,
  elapsed_ms: 29_700,
  spm: { ...SPM_FAILOVER, handover_ms: 29_000 },
};

/** Failback (no phase given: vms_home means failback): db-1 30 s, web-1 12 s; SPM back in 8 s. */
export const FAILBACK_RESULT: WaitResult = {
  condition: 'vms_home',
  site: 'primary',
  started_at: E0 + 200_000,
  finished_at: E0 + 231_000,
  elapsed_ms: 31_000,
  vms: [
    {
      name: 'db-1',
      from_host: 'kvm-b2',
      to_host: 'kvm-a1',
      left_at: E0 + 200_000,
      up_at: E0 + 230_000,
      recovery_ms: 30_000,
      how: 'migrated',
    },
    {
      name: 'web-1',
      from_host: 'kvm-b1',
      to_host: 'kvm-a2',
      left_at: E0 + 201_000,
      up_at: E0 + 213_000,
      recovery_ms: 12_000,
      how: 'migrated',
    },
  ],
  spm: { from_host: 'kvm-b1', to_host: 'kvm-a1', lost_at: E0 + 202_000, elected_at: E0 + 210_000, handover_ms: 8_000 },
};

export interface StepSpec {
  id: string;
  module: string;
  /** Offset from T0 of step.started, ms. */
  at: number;
  took: number;
  targets?: string[];
  status?: TaskFinishedEvent['status'];
  result?: unknown;
  error?: string;
}

export const DRILL_STEPS: StepSpec[] = [
  { id: 'preflight', module: 'local.command', at: 100, took: 900 },
  { id: 'maintenance-primary', module: 'olvm.host', at: 1_000, took: 4_000, targets: ['kvm-a1', 'kvm-a2'] },
  { id: 'wait-spm', module: 'olvm.wait', at: 5_000, took: 29_700, result: SPM_RESULT },
  { id: 'wait-failover', module: 'olvm.wait', at: 34_700, took: 95_500, result: FAILOVER_RESULT },
  { id: 'activate-primary', module: 'olvm.host', at: 130_200, took: 3_000, targets: ['kvm-a1', 'kvm-a2'] },
  { id: 'wait-failback', module: 'olvm.wait', at: 133_200, took: 31_000, result: FAILBACK_RESULT },
];

/** The events of one step: step.started, a task per target (or one), step.finished. */
export function stepEvents(spec: StepSpec): RunEvent[] {
  const start = T0 + spec.at;
  const end = start + spec.took;
  const status = spec.status ?? (spec.module === 'olvm.wait' ? 'ok' : 'changed');
  const targets = spec.targets ?? [undefined];
  const events: RunEvent[] = [
    { type: 'step.started', at: start, stepId: spec.id, module: spec.module, targets: spec.targets ?? [] },
  ];
  for (const target of targets) {
    const key = { stepId: spec.id, ...(target === undefined ? {} : { target }) };
    events.push({ type: 'task.started', at: start, ...key, attempt: 1 });
    events.push({
      type: 'task.finished',
      at: end,
      ...key,
      status,
      durationMs: spec.took,
      attempts: 1,
      changes: [],
      ...(spec.result === undefined ? {} : { result: spec.result as Record<string, unknown> }),
      ...(spec.error === undefined ? {} : { error: { message: spec.error } }),
    });
  }
  events.push({ type: 'step.finished', at: end, stepId: spec.id, status, durationMs: spec.took });
  return events;
}

export function drillStarted(overrides: Partial<RunStartedEvent> = {}): RunStartedEvent {
  return makeRunStarted({
    runId: RUN_ID,
    at: T0,
    runbook: { name: 'dr-drill', path: '/nonexistent/dr-drill.yaml', files: [] },
    inventory: { name: 'lab', path: '/nonexistent/lab.yaml', sha256: 'b'.repeat(64) },
    argv: ['exec', 'runbooks/dr-drill.yaml', '-i', 'inventories/lab.yaml'],
    ...overrides,
  });
}

/** A whole drill: run.started (with `started` overrides), the steps, run.finished. */
export function drillEvents(steps: StepSpec[] = DRILL_STEPS, started: Partial<RunStartedEvent> = {}): RunEvent[] {
  const events: RunEvent[] = [drillStarted(started), ...steps.flatMap(stepEvents)];
  const last = events.at(-1)?.at ?? T0;
  const failed = steps.some((s) => s.status === 'failed');
  events.push({
    type: 'run.finished',
    at: last + 50,
    status: failed ? 'failed' : 'ok',
    durationMs: last + 50 - T0,
    counts: { ok: 0, changed: 0, skipped: 0, failed: 0 },
    failures: [],
  });
  return events;
}

/** Write `events` as the journal of run `runId` in `stateDir` with the real JournalWriter; returns the run dir. */
export async function writeRun(stateDir: string, events: RunEvent[], runId = RUN_ID): Promise<string> {
  const runDir = runDirOf(stateDir, runId);
  const writer = await JournalWriter.create(journalPathOf(runDir));
  for (const event of events) writer.emit(event);
  await writer.close();
  return runDir;
}

/**
 * A drill whose failover failed: the wait timed out with app-1 not restarted (no host with room, as the engine
 * said), and registered what it saw; the run stopped there.
 */
export const FAILED_FAILOVER_RESULT: WaitResult = {
  ...FAILOVER_RESULT,
  finished_at: E0 + 900_500,
  elapsed_ms: 900_000,
  vms: [
    ...FAILOVER_RESULT.vms!.filter((vm) => vm.name !== 'app-1').map((vm) => ({ ...vm, status: 'recovered' as const })),
    {
      name: 'app-1',
      status: 'not_recovered',
      from_host: 'kvm-a1',
      left_at: E0 + 1_500,
      up_at: null,
      how: 'restarted',
      why: 'down, not on site secondary; the engine: Failed to restart VM app-1 on Host kvm-b1',
    },
  ],
};

export const FAILED_DRILL_STEPS: StepSpec[] = [
  ...DRILL_STEPS.slice(0, 3),
  {
    id: 'wait-failover',
    module: 'olvm.wait',
    at: 34_700,
    took: 900_000,
    status: 'failed',
    result: { ...FAILED_FAILOVER_RESULT, failed: true },
    error:
      'gave up waiting for 3 of 3 VMs on secondary after 15m00s (2 of 3 VMs on secondary; still waiting for app-1)',
  },
];
