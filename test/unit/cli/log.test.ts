import { appendFileSync } from 'node:fs';
import { showLog, StepNotInRunError } from '../../../src/cli/log';
import { localRunSource } from '../../../src/runs/run-source';
import type { RunEvent } from '../../../src/engine/events';
import { JournalWriter } from '../../../src/runs/journal';
import { journalPathOf, runDirOf } from '../../../src/runs/paths';
import { makeRunStarted, makeTaskFinished, makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

const RUN = '2024-06-01T10-00-00.000Z-abcd';
const T0 = Date.UTC(2024, 5, 1, 10);

const EVENTS: RunEvent[] = [
  makeRunStarted({
    runId: RUN,
    at: T0,
    argv: ['exec', 'demo.yaml'],
    runbook: { name: 'demo', path: 'demo.yaml', files: [] },
  }),
  { type: 'step.started', at: T0 + 1000, stepId: 'spm', module: 'olvm.host', targets: ['kvm-a1', 'kvm-b1'] },
  { type: 'task.started', at: T0 + 1000, stepId: 'spm', target: 'kvm-a1', attempt: 1 },
  {
    type: 'task.planned',
    at: T0 + 1100,
    stepId: 'spm',
    target: 'kvm-a1',
    status: 'changes',
    changes: [{ path: 'spm_priority', from: 5, to: 8 }],
  },
  { type: 'task.output', at: T0 + 1150, stepId: 'spm', target: 'kvm-a1', line: 'not journaled' },
  makeTaskFinished(
    { stepId: 'spm', target: 'kvm-a1' },
    {
      at: T0 + 2000,
      durationMs: 1000,
      changes: [
        { path: 'spm_priority', from: 5, to: 8 },
        { path: 'note', note: 'host reloaded' },
      ],
      correlationIds: ['c-1'],
      outputExcerpt: 'line one\nline two',
    }
  ),
  { type: 'task.started', at: T0 + 1000, stepId: 'spm', target: 'kvm-b1', attempt: 1 },
  { type: 'task.retrying', at: T0 + 1500, stepId: 'spm', target: 'kvm-b1', attempt: 2, delayMs: 2000, error: 'busy' },
  makeTaskFinished(
    { stepId: 'spm', target: 'kvm-b1' },
    {
      at: T0 + 4000,
      status: 'failed',
      durationMs: 3000,
      attempts: 2,
      changes: [],
      error: { message: 'engine said no', code: 'OLVM_409' },
    }
  ),
  { type: 'step.finished', at: T0 + 4000, stepId: 'spm', status: 'failed', durationMs: 3000 },
  {
    type: 'run.finished',
    at: T0 + 4100,
    status: 'failed',
    durationMs: 4100,
    counts: { ok: 0, changed: 1, skipped: 0, failed: 1 },
    failures: [{ stepId: 'spm', target: 'kvm-b1', message: 'engine said no' }],
  },
  {
    type: 'run.resumed',
    runId: RUN,
    at: T0 + 60_000,
    argv: [],
    user: 'ann',
    machine: 'box2',
    finishedTasks: 1,
    isForced: true,
  },
  makeTaskFinished(
    { stepId: 'vms', item: 'db-1' },
    { at: T0 + 61_000, status: 'skipped', changes: [], skipReason: 'when was false' }
  ),
];

describe('runbook log', () => {
  let dir: TempDir;
  let out: string;
  const write = (t: string): void => {
    out += t;
  };

  beforeEach(async () => {
    dir = makeTempDir();
    out = '';
    const writer = await JournalWriter.create(journalPathOf(runDirOf(dir.path, RUN)));
    EVENTS.forEach((e) => writer.emit(e));
    await writer.close();
  });
  afterEach(() => dir.remove());

  it('shows a timeline of step, target, status, duration and changes, with resumes and the unfinished end', async () => {
    await showLog({ source: localRunSource(dir.path), run: RUN, isJson: false, write });
    expect(out).toBe(
      [
        `run ${RUN}: demo (demo.yaml)`,
        '  started 2024-06-01 10:00:00Z by ops@box in /work, runbook 0.1.0',
        '  inventory lab (/work/lab.yaml, sha256 bbbbbbbbbbbb)',
        '  argv: exec demo.yaml',
        '',
        'TIME      STEP  TARGET  ITEM  STATUS   DURATION  CHANGES',
        '10:00:02  spm   kvm-a1  -     changed  1.0s      spm_priority: 5 -> 8',
        '                                                 note: host reloaded',
        '10:00:04  spm   kvm-b1  -     failed   3.0s      error: engine said no',
        '10:00:04  -- run failed after 4.1s: 0 ok, 1 changed, 0 skipped, 1 failed',
        '10:01:00  -- resumed by ann@box2: 1 tasks already done, forced past changed inputs',
        '10:01:01  vms   -       db-1  skipped  12ms      when was false',
        `-- no run.finished: the run crashed or is still running; resume it with \`runbook exec FILE --resume ${RUN}\``,
        '',
      ].join('\n')
    );
  });

  it("shows one step's attempts, plan, output excerpt and correlation ids with --step", async () => {
    await showLog({ source: localRunSource(dir.path), run: RUN, stepId: 'spm', isJson: false, write });
    expect(out).toBe(
      [
        'step spm',
        '10:00:01  started (olvm.host) on kvm-a1, kvm-b1',
        '10:00:01  kvm-a1  attempt 1 started',
        '10:00:01  kvm-a1  planned: changes',
        '            spm_priority: 5 -> 8',
        '10:00:02  kvm-a1  changed in 1.0s (1 attempt)',
        '            spm_priority: 5 -> 8',
        '            note: host reloaded',
        '            correlation ids: c-1',
        '            output:',
        '              | line one',
        '              | line two',
        '10:00:01  kvm-b1  attempt 1 started',
        '10:00:01  kvm-b1  retrying in 2.0s (attempt 2): busy',
        '10:00:04  kvm-b1  failed in 3.0s (2 attempts)',
        '            error: engine said no [OLVM_409]',
        '10:00:04  step failed in 3.0s',
        '',
      ].join('\n')
    );
  });

  it('prints the journaled events as JSON lines with --json (without task.output)', async () => {
    await showLog({ source: localRunSource(dir.path), run: RUN, isJson: true, write });
    const events = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RunEvent);
    expect(events).toEqual(EVENTS.filter((e) => e.type !== 'task.output'));
  });

  it('names the steps it knows when --step names another', async () => {
    await expect(
      showLog({ source: localRunSource(dir.path), run: RUN, stepId: 'nope', isJson: false, write })
    ).rejects.toThrow(new StepNotInRunError('nope', RUN, ['spm']));
    await expect(
      showLog({ source: localRunSource(dir.path), run: RUN, stepId: 'nope', isJson: false, write })
    ).rejects.toThrow(`run ${RUN} has no step "nope" (steps in its journal: spm)`);
  });

  it('notes a torn last line instead of failing', async () => {
    appendFileSync(journalPathOf(runDirOf(dir.path, RUN)), '{"seq":13,');
    await showLog({ source: localRunSource(dir.path), run: RUN, isJson: false, write });
    expect(out).toMatch(/note: line 13 of the journal is torn \(a crash cut its write short\); it is not shown\n$/);
  });
});
