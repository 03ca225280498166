import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent, TaskFinishedEvent } from '../../../src/engine/events';
import { ResumeRefusedError } from '../../../src/runs/errors';
import { JournalWriter } from '../../../src/runs/journal';
import { deriveProgress, diffInputs, loadResumeState, planRestore } from '../../../src/runs/resume';
import type { CurrentInputs } from '../../../src/runs/resume';
import { makeRunEvents, makeRunStarted, makeTaskFinished, makeTempDir } from '../../helpers/run-events';

const finishedKeys = (events: RunEvent[]): string[] =>
  deriveProgress(events)!.finished.map((e) => [e.stepId, e.target, e.item].filter(Boolean).join('/'));

describe('deriveProgress', () => {
  it('lists every finished task and calls a run without run.finished unfinished', () => {
    const progress = deriveProgress(makeRunEvents(['a', 'b']));
    expect(finishedKeys(makeRunEvents(['a', 'b']))).toEqual(['a', 'b']);
    expect(progress).toMatchObject({ lastStatus: 'unfinished', isFinished: false, sessions: 1 });
  });

  it('keeps ok, changed, skipped and ignored failures, and leaves failures to run again', () => {
    const events: RunEvent[] = [
      makeRunStarted(),
      makeTaskFinished({ stepId: 'ok' }, { status: 'ok' }),
      makeTaskFinished({ stepId: 'changed' }, { status: 'changed' }),
      makeTaskFinished({ stepId: 'skipped' }, { status: 'skipped', skipReason: 'when was false' }),
      makeTaskFinished({ stepId: 'ignored' }, { status: 'failed', isIgnored: true }),
      makeTaskFinished({ stepId: 'failed' }, { status: 'failed' }),
    ];
    expect(finishedKeys(events)).toEqual(['ok', 'changed', 'skipped', 'ignored']);
  });

  it('tells loop items and targets of one step apart', () => {
    const events: RunEvent[] = [
      makeRunStarted(),
      makeTaskFinished({ stepId: 's', target: 'kvm-a1', item: 'db-1' }),
      makeTaskFinished({ stepId: 's', target: 'kvm-a1', item: 'db-2' }),
      makeTaskFinished({ stepId: 's', target: 'kvm-b1', item: 'db-1' }),
    ];
    expect(finishedKeys(events)).toEqual(['s/kvm-a1/db-1', 's/kvm-a1/db-2', 's/kvm-b1/db-1']);
  });

  it('takes the latest record of a task that failed, then succeeded on resume', () => {
    const events: RunEvent[] = [
      makeRunStarted(),
      makeTaskFinished({ stepId: 'a' }, { status: 'failed' }),
      {
        type: 'run.finished',
        at: 3,
        status: 'failed',
        durationMs: 2,
        counts: { ok: 0, changed: 0, skipped: 0, failed: 1 },
        failures: [],
      },
      {
        type: 'run.resumed',
        runId: 'run-1',
        at: 4,
        argv: [],
        user: 'ops',
        machine: 'box',
        finishedTasks: 0,
        isForced: false,
      },
      makeTaskFinished({ stepId: 'a' }, { status: 'changed', result: { stdout: 'x' } }),
    ];
    const progress = deriveProgress(events)!;
    expect(progress.finished).toEqual([events[4] as TaskFinishedEvent]);
    expect(progress).toMatchObject({ lastStatus: 'unfinished', sessions: 2 });
  });

  it.each([
    ['ok', true],
    ['failed', false],
    ['interrupted', false],
  ] as const)('reports a run whose last session ended %s (finished: %s)', (status, isFinished) => {
    const events: RunEvent[] = [
      ...makeRunEvents(['a']),
      {
        type: 'run.finished',
        at: 9,
        status,
        durationMs: 8,
        counts: { ok: 0, changed: 1, skipped: 0, failed: 0 },
        failures: [],
      },
    ];
    expect(deriveProgress(events)).toMatchObject({ lastStatus: status, isFinished });
  });

  it('has nothing to say about a journal that does not begin with run.started', () => {
    expect(deriveProgress([])).toBeUndefined();
    expect(deriveProgress(makeRunEvents(['a']).slice(1))).toBeUndefined();
  });
});

describe('loadResumeState', () => {
  it('reads the journal of a run directory, reporting a torn last line', async () => {
    const dir = makeTempDir();
    try {
      const writer = await JournalWriter.create(join(dir.path, 'journal.jsonl'));
      makeRunEvents(['a', 'b']).forEach((e) => writer.emit(e));
      await writer.close();
      appendFileSync(join(dir.path, 'journal.jsonl'), '{"seq":10');
      const state = loadResumeState(dir.path);
      expect(state.finished.map((e) => e.stepId)).toEqual(['a', 'b']);
      expect(state.torn).toEqual({ line: 10, bytes: 9, kind: 'unchecked' });
      expect(state.runStarted.runId).toBe('run-1');
    } finally {
      dir.remove();
    }
  });

  it('refuses a run whose journal never got its first line', async () => {
    const dir = makeTempDir();
    try {
      await (await JournalWriter.create(join(dir.path, 'journal.jsonl'))).close();
      expect(() => loadResumeState(dir.path)).toThrow(ResumeRefusedError);
    } finally {
      dir.remove();
    }
  });
});

describe('diffInputs', () => {
  const started = makeRunStarted({
    cwd: '/work',
    runbook: {
      name: 'demo',
      path: 'demo.yaml',
      files: [
        { path: 'demo.yaml', sha256: 'a'.repeat(64) },
        { path: 'inc/pre.yaml', sha256: 'c'.repeat(64) },
      ],
    },
    inventory: { name: 'lab', path: 'lab.yaml', sha256: 'b'.repeat(64) },
  });
  const same: CurrentInputs = {
    runbook: {
      path: '/work/demo.yaml',
      files: [
        { path: '/work/demo.yaml', sha256: 'a'.repeat(64) },
        { path: '/work/inc/pre.yaml', sha256: 'c'.repeat(64) },
      ],
    },
    inventory: { path: '/work/lab.yaml', sha256: 'b'.repeat(64) },
  };

  it('finds nothing when every file has the digest it had (paths compared absolute)', () => {
    expect(diffInputs(started, same, '/work')).toEqual([]);
  });

  it.each<[string, CurrentInputs, string[]]>([
    [
      'a changed runbook file',
      {
        ...same,
        runbook: {
          ...same.runbook,
          files: [{ path: '/work/demo.yaml', sha256: 'd'.repeat(64) }, same.runbook.files[1]!],
        },
      },
      ['runbook file demo.yaml changed (sha256 aaaaaaaaaaaa -> dddddddddddd)'],
    ],
    [
      'an include no longer read and a new one',
      {
        ...same,
        runbook: {
          ...same.runbook,
          files: [same.runbook.files[0]!, { path: '/work/inc/new.yaml', sha256: 'e'.repeat(64) }],
        },
      },
      ['runbook file inc/pre.yaml is no longer read', 'runbook file inc/new.yaml is read now but was not'],
    ],
    [
      'a changed inventory',
      { ...same, inventory: { path: '/work/lab.yaml', sha256: 'f'.repeat(64) } },
      ['inventory lab.yaml changed (sha256 bbbbbbbbbbbb -> ffffffffffff)'],
    ],
    [
      'another inventory',
      { ...same, inventory: { path: '/work/prod.yaml', sha256: 'b'.repeat(64) } },
      ['inventory lab.yaml is no longer read', 'inventory prod.yaml is read now but was not'],
    ],
    [
      'another runbook',
      {
        runbook: { path: '/work/other.yaml', files: [{ path: '/work/other.yaml', sha256: 'a'.repeat(64) }] },
        inventory: same.inventory,
      },
      [
        'the run was of runbook demo.yaml, not other.yaml',
        'runbook file demo.yaml is no longer read',
        'runbook file inc/pre.yaml is no longer read',
        'runbook file other.yaml is read now but was not',
      ],
    ],
  ])('shows %s', (_name, current, messages) => {
    expect(diffInputs(started, current, '/work').map((c) => c.message)).toEqual(messages);
  });
});

describe('planRestore', () => {
  it('restores every finished task whose result lost nothing to redaction', () => {
    const finished = [
      makeTaskFinished({ stepId: 'a' }, { status: 'changed', result: { stdout: 'x' } }),
      makeTaskFinished({ stepId: 'b' }, { status: 'ok', result: { rc: 0 } }),
      makeTaskFinished({ stepId: 'c' }, { status: 'skipped', result: { reason: 'when *** was false' } }),
    ];
    expect(planRestore(finished)).toEqual({ restored: finished, rerun: [], masked: [] });
  });

  it('runs again an unchanged task whose result held a masked secret, and flags a changed one', () => {
    const probe = makeTaskFinished({ stepId: 'read-token' }, { status: 'ok', result: { stdout: 'token=***' } });
    const made = makeTaskFinished({ stepId: 'make-token' }, { status: 'changed', result: { out: { t: ['***'] } } });
    expect(planRestore([probe, made])).toEqual({ restored: [made], rerun: [probe], masked: [made] });
  });
});
