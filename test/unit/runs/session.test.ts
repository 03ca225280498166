import { appendFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LockHeldError, ResumeRefusedError, RunNotFoundError } from '../../../src/runs/errors';
import { engineLockPath, inspectEngineLock } from '../../../src/runs/engine-lock';
import { readJournal } from '../../../src/runs/read';
import { openRunSession } from '../../../src/runs/session';
import type { OpenRunOptions, RunSession } from '../../../src/runs/session';
import { verifyJournal } from '../../../src/runs/verify';
import { makeTaskFinished, makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

describe('openRunSession', () => {
  let dir: TempDir;
  let options: OpenRunOptions;
  let stateDir: string;
  let lockDir: string;
  const engine = { url: 'https://engine.example.com/ovirt-engine/api', cluster: 'stretch' };
  const lockState = () => inspectEngineLock(lockDir, engine);

  beforeEach(() => {
    dir = makeTempDir();
    stateDir = join(dir.path, '.runbook');
    lockDir = join(dir.path, 'locks');
    writeFileSync(join(dir.path, 'demo.yaml'), 'name: demo\n');
    writeFileSync(join(dir.path, 'inc.yaml'), 'steps: []\n');
    writeFileSync(join(dir.path, 'lab.yaml'), 'name: lab\n');
    options = {
      stateDir,
      cwd: dir.path,
      argv: ['exec', 'demo.yaml'],
      isDryRun: false,
      lock: { lockDir, engine },
      version: '0.1.0',
      inputs: {
        runbook: {
          name: 'demo',
          path: join(dir.path, 'demo.yaml'),
          files: [join(dir.path, 'demo.yaml'), join(dir.path, 'inc.yaml')],
        },
        inventory: { name: 'lab', path: join(dir.path, 'lab.yaml') },
      },
    };
  });
  afterEach(() => dir.remove());

  /** A run that finished task `a` and then was closed without run.finished (as after a crash). */
  async function interruptedRun(extra: Partial<OpenRunOptions> = {}): Promise<RunSession> {
    const session = await openRunSession({ ...options, ...extra });
    session.opening.forEach((e) => session.journal.emit(e));
    session.journal.emit(makeTaskFinished({ stepId: 'a' }, { result: { stdout: 'A' } }));
    session.journal.emit(makeTaskFinished({ stepId: 'b' }, { status: 'failed' }));
    await session.close();
    return session;
  }

  it('starts a new run: a fresh journal, the lock, and run.started with the digests of every input', async () => {
    const session = await openRunSession(options);
    expect(session.isResumed).toBe(false);
    expect(session.previous).toEqual([]);
    expect(lockState()).toMatchObject({ state: 'held', owner: { runId: session.runId, pid: process.pid } });
    expect(session.opening).toHaveLength(1);
    expect(session.opening[0]).toMatchObject({
      type: 'run.started',
      runId: session.runId,
      cwd: dir.path,
      machine: hostname(),
      runbook: {
        files: [
          { path: join(dir.path, 'demo.yaml'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
          { path: join(dir.path, 'inc.yaml') },
        ],
      },
      inventory: { path: join(dir.path, 'lab.yaml'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    await session.close();
    expect(lockState().state).toBe('free');
  });

  it('keeps a second run of the same engine out while the first holds its lock, whatever its state directory', async () => {
    const first = await openRunSession(options);
    await expect(openRunSession(options)).rejects.toThrow(LockHeldError);
    await expect(openRunSession({ ...options, stateDir: join(dir.path, 'other-state') })).rejects.toThrow(
      /another run is changing engine https:\/\/engine\.example\.com\/ovirt-engine\/api \(cluster stretch\)/
    );
    const { lock: _lock, ...unlocked } = options;
    const readOnly = await openRunSession({ ...unlocked, stateDir: join(dir.path, 'other-state') });
    await readOnly.close();
    await first.close();
  });

  it('resumes the newest unfinished run of the runbook, handing back its finished tasks', async () => {
    const run = await interruptedRun();
    const session = await openRunSession({ ...options, resume: { isForced: false } });
    expect(session.runId).toBe(run.runId);
    expect(session.isResumed).toBe(true);
    expect(session.previous.map((e) => [e.stepId, e.result])).toEqual([['a', { stdout: 'A' }]]);
    expect(session.opening).toEqual([
      expect.objectContaining({ type: 'run.resumed', runId: run.runId, finishedTasks: 1, isForced: false }),
    ]);
    session.opening.forEach((e) => session.journal.emit(e));
    await session.close();
    const events = readJournal(session.journal.path).events;
    expect(events.map((e) => e.type)).toEqual(['run.started', 'task.finished', 'task.finished', 'run.resumed']);
    expect(verifyJournal(session.journal.path).ok).toBe(true);
  });

  it.each([
    ['the run it resumes', true],
    ['a new run', false],
  ])('clears the lock a dead process left, with a warning, for %s', async (_what, isResume) => {
    const run = await interruptedRun();
    const pid = Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout
    );
    const owner = { pid, machine: hostname(), runId: run.runId, started: 1 };
    writeFileSync(engineLockPath(lockDir, engine), JSON.stringify(owner));
    const session = await openRunSession({ ...options, ...(isResume ? { resume: { isForced: false } } : {}) });
    expect(lockState().owner?.pid).toBe(process.pid);
    expect(session.opening).toContainEqual(
      expect.objectContaining({
        type: 'warning',
        message: expect.stringMatching(
          new RegExp(`^cleared the lock \\S+ left by run ${run.runId} \\(pid ${pid} on \\S+\\), whose process is gone`)
        ),
      })
    );
    await session.close();
  });

  it('refuses to resume with another runbook, even with --force (which covers edits of the same runbook)', async () => {
    const run = await interruptedRun();
    writeFileSync(join(dir.path, 'preflight.yaml'), 'name: preflight\n');
    const other = {
      ...options.inputs,
      runbook: { name: 'preflight', path: join(dir.path, 'preflight.yaml'), files: [join(dir.path, 'preflight.yaml')] },
    };
    for (const isForced of [false, true]) {
      await expect(openRunSession({ ...options, inputs: other, resume: { run: run.runId, isForced } })).rejects.toThrow(
        `refusing to resume run ${run.runId}:\n  the run was of runbook demo.yaml ("demo"), not preflight.yaml ("preflight")`
      );
    }
    expect(lockState().state).toBe('free');
  });

  it('drops a torn last line and says so in a warning', async () => {
    const run = await interruptedRun();
    appendFileSync(run.journal.path, '{"seq":4,"prev":"');
    const session = await openRunSession({ ...options, resume: { run: run.runId, isForced: false } });
    expect(session.opening[1]).toMatchObject({
      type: 'warning',
      message: 'dropped torn line 4 (17 bytes cut short by a crash)',
    });
    await session.close();
  });

  it('refuses to resume when an input changed, showing what changed, and releases the lock', async () => {
    await interruptedRun();
    writeFileSync(join(dir.path, 'inc.yaml'), 'steps: [changed]\n');
    writeFileSync(join(dir.path, 'lab.yaml'), 'name: lab2\n');
    const attempt = openRunSession({ ...options, resume: { isForced: false } });
    await expect(attempt).rejects.toThrow(ResumeRefusedError);
    await expect(openRunSession({ ...options, resume: { isForced: false } })).rejects.toThrow(
      /runbook file inc\.yaml changed \(sha256 \w{12} -> \w{12}\)\n {2}inventory lab\.yaml changed/
    );
    expect(lockState().state).toBe('free');
  });

  it('resumes despite changed inputs with --force, recording them', async () => {
    await interruptedRun();
    writeFileSync(join(dir.path, 'demo.yaml'), 'name: demo v2\n');
    const session = await openRunSession({ ...options, resume: { isForced: true } });
    expect(session.opening[0]).toMatchObject({ type: 'run.resumed', isForced: true });
    expect(session.opening[1]).toMatchObject({
      type: 'warning',
      message: expect.stringMatching(/^resuming with --force although runbook file demo\.yaml changed/),
    });
    await session.close();
  });

  it('refuses to resume a run that finished ok', async () => {
    const session = await openRunSession(options);
    session.opening.forEach((e) => session.journal.emit(e));
    session.journal.emit({
      type: 'run.finished',
      at: 1,
      status: 'ok',
      durationMs: 1,
      counts: { ok: 1, changed: 0, skipped: 0, failed: 0 },
      failures: [],
    });
    await session.close();
    await expect(openRunSession({ ...options, resume: { run: session.runId, isForced: true } })).rejects.toThrow(
      /it already finished ok/
    );
    await expect(openRunSession({ ...options, resume: { isForced: false } })).rejects.toThrow(RunNotFoundError);
  });

  it('refuses to resume a dry run', async () => {
    const run = await interruptedRun({ isDryRun: true });
    await expect(openRunSession({ ...options, resume: { run: run.runId, isForced: false } })).rejects.toThrow(
      /it was a dry run/
    );
  });

  it('says there is nothing to resume when the runbook has no unfinished run', async () => {
    await expect(openRunSession({ ...options, resume: { isForced: false } })).rejects.toThrow(
      `no unfinished run of ${join(dir.path, 'demo.yaml')} to resume`
    );
  });
});
