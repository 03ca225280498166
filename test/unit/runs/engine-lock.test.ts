import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  acquireEngineLock,
  engineKey,
  engineLockPath,
  inspectEngineLock,
  liveRunIds,
} from '../../../src/runs/engine-lock';
import type { EngineIdentity } from '../../../src/runs/engine-lock';
import { LockHeldError, StaleLockError } from '../../../src/runs/errors';
import type { LockOwner } from '../../../src/runs/errors';
import { ExitCode } from '../../../src/shared/errors';
import { makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

const ENGINE: EngineIdentity = { url: 'https://engine.example.com/ovirt-engine/api', cluster: 'stretch' };

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the lock per engine', () => {
  let dir: TempDir;
  let lockDir: string;
  const acquire = (runId: string, stateDir = '/state/a', engine = ENGINE) =>
    acquireEngineLock({ lockDir, engine, runId, stateDir });
  const writeLock = (owner: Partial<LockOwner> | string): void => {
    const text =
      typeof owner === 'string' ? owner : JSON.stringify({ machine: hostname(), started: 1, runId: 'old', ...owner });
    mkdirSync(lockDir, { recursive: true });
    writeFileSync(engineLockPath(lockDir, ENGINE), text);
  };
  beforeEach(() => {
    dir = makeTempDir();
    lockDir = join(dir.path, 'locks');
  });
  afterEach(() => dir.remove());

  it('names one engine however its URL is written, and tells clusters apart', () => {
    const same = [
      'https://ENGINE.example.com/ovirt-engine/api/',
      'https://engine.example.com:443/ovirt-engine/api',
      ' https://engine.example.com/ovirt-engine/api',
    ];
    for (const url of same) expect(engineKey({ url, cluster: 'stretch' })).toBe(engineKey(ENGINE));
    expect(engineKey({ ...ENGINE, cluster: 'other' })).not.toBe(engineKey(ENGINE));
    expect(engineKey({ ...ENGINE, url: 'https://engine.example.com:8443/ovirt-engine/api' })).not.toBe(
      engineKey(ENGINE)
    );
  });

  it('writes the owner (pid, machine, run, process start, engine, state dir), and release removes it', () => {
    const { lock, cleared } = acquire('run-1');
    expect(cleared).toBeUndefined();
    expect(lock.path).toMatch(/\/engine\.example\.com-[0-9a-f]{16}\.lock$/);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toEqual({
      pid: process.pid,
      machine: hostname(),
      runId: 'run-1',
      started: expect.any(Number),
      processStart: expect.stringMatching(/^[0-9a-f-]+:\d+$/),
      engine: 'engine https://engine.example.com/ovirt-engine/api (cluster stretch)',
      stateDir: '/state/a',
    });
    expect(statSync(lockDir).mode & 0o1777).toBe(0o1777);
    lock.release();
    expect(readdirSync(lockDir)).toEqual([]);
  });

  it('keeps a second run off the same engine whatever its state directory, naming who holds it', () => {
    const { lock } = acquire('run-1', '/state/a');
    let error: unknown;
    try {
      acquire('run-2', '/state/b');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LockHeldError);
    expect(error).toMatchObject({ exitCode: ExitCode.REFUSED, owner: { runId: 'run-1', pid: process.pid } });
    expect((error as Error).message).toBe(
      `another run is changing engine https://engine.example.com/ovirt-engine/api (cluster stretch): run run-1 ` +
        `(pid ${process.pid} on ${hostname()}, state /state/a) holds the lock ${lock.path}`
    );
    const other = acquire('run-3', '/state/b', { ...ENGINE, cluster: 'other' });
    other.lock.release();
    lock.release();
  });

  it('clears a lock left by a dead process of this machine, and says whose it was', () => {
    const pid = deadPid();
    writeLock({ pid, runId: 'crashed-run' });
    const { lock, cleared } = acquire('run-2');
    expect(cleared).toMatchObject({ pid, runId: 'crashed-run' });
    expect(inspectEngineLock(lockDir, ENGINE)).toMatchObject({ state: 'held', owner: { runId: 'run-2' } });
    lock.release();
  });

  it('takes a recycled pid for what it is: a process started later is not the owner', () => {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    writeLock({ pid: process.pid, runId: 'crashed-run', processStart: `${boot}:1` });
    expect(inspectEngineLock(lockDir, ENGINE).state).toBe('stale');
    writeLock({ pid: process.pid, runId: 'crashed-run', processStart: `another-boot:1` });
    expect(acquire('run-2').cleared).toMatchObject({ runId: 'crashed-run' });
  });

  it('treats a lock from another machine as held (its process cannot be checked)', () => {
    writeLock({ pid: deadPid(), machine: 'some-other-box' });
    expect(inspectEngineLock(lockDir, ENGINE).state).toBe('held');
    expect(() => acquire('run-2')).toThrow(LockHeldError);
  });

  it.each([[''], ['{"pid":'], ['{"pid":"x"}']])(
    'refuses an unreadable lock %p as stale, saying how to clear it',
    (text) => {
      acquire('first').lock.release();
      writeLock(text);
      expect(inspectEngineLock(lockDir, ENGINE)).toEqual({ state: 'stale', path: engineLockPath(lockDir, ENGINE) });
      expect(() => acquire('run-2')).toThrow(StaleLockError);
      expect(() => acquire('run-2')).toThrow(/lock file is unreadable/);
    }
  );

  it('lists the runs whose process holds a lock, and never removes a lock it no longer owns', () => {
    const { lock } = acquire('run-1');
    expect(liveRunIds(lockDir)).toEqual(new Set(['run-1']));
    writeLock({ pid: deadPid(), runId: 'run-1' });
    expect(liveRunIds(lockDir)).toEqual(new Set());
    const other = acquire('run-2');
    lock.release();
    expect(existsSync(other.lock.path)).toBe(true);
    other.lock.release();
  });
});
