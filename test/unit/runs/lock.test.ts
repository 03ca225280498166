import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LockHeldError, StaleLockError } from '../../../src/runs/errors';
import type { LockOwner } from '../../../src/runs/errors';
import { acquireLock, inspectLock, removeLock } from '../../../src/runs/lock';
import { ExitCode } from '../../../src/shared/errors';
import { makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function writeLock(dir: string, owner: Partial<LockOwner> | string): void {
  const text =
    typeof owner === 'string' ? owner : JSON.stringify({ machine: hostname(), started: 1, runId: 'old', ...owner });
  writeFileSync(join(dir, 'lock'), text);
}

describe('acquireLock', () => {
  let dir: TempDir;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.remove());

  it('writes pid, machine, run id and start time into <state>/lock, and release removes it', () => {
    const lock = acquireLock(dir.path, 'run-1');
    const owner = JSON.parse(readFileSync(join(dir.path, 'lock'), 'utf8'));
    expect(owner).toEqual({ pid: process.pid, machine: hostname(), runId: 'run-1', started: expect.any(Number) });
    lock.release();
    expect(existsSync(join(dir.path, 'lock'))).toBe(false);
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('keeps a second run out while a live process holds the lock', () => {
    const lock = acquireLock(dir.path, 'run-1');
    let error: unknown;
    try {
      acquireLock(dir.path, 'run-2');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LockHeldError);
    expect(error).toMatchObject({ exitCode: ExitCode.REFUSED, owner: { runId: 'run-1', pid: process.pid } });
    expect((error as Error).message).toContain(`run run-1 (pid ${process.pid} on ${hostname()})`);
    lock.release();
  });

  it('detects a stale lock left by a dead process and says how to clear it', () => {
    const pid = deadPid();
    writeLock(dir.path, { pid, runId: 'crashed-run' });
    expect(() => acquireLock(dir.path, 'run-2')).toThrow(StaleLockError);
    expect(() => acquireLock(dir.path, 'run-2')).toThrow(`pid ${pid} on ${hostname()}, no longer running`);
    try {
      acquireLock(dir.path, 'run-2');
    } catch (e) {
      expect((e as StaleLockError).hint).toContain(
        `remove ${join(dir.path, 'lock')} after checking no run is active, or run \`runbook unlock\``
      );
      expect((e as StaleLockError).hint).toMatch(/--resume crashed-run/);
      expect((e as StaleLockError).exitCode).toBe(ExitCode.REFUSED);
    }
  });

  it('lets a resume of the very run that left a stale lock take it over', () => {
    writeLock(dir.path, { pid: deadPid(), runId: 'crashed-run' });
    const lock = acquireLock(dir.path, 'crashed-run', { takeOverStaleOf: 'crashed-run' });
    expect(inspectLock(dir.path)).toMatchObject({ state: 'held', owner: { pid: process.pid, runId: 'crashed-run' } });
    lock.release();
  });

  it('never takes over a live lock, even for the same run id', () => {
    writeLock(dir.path, { pid: process.pid, runId: 'run-1' });
    expect(() => acquireLock(dir.path, 'run-1', { takeOverStaleOf: 'run-1' })).toThrow(LockHeldError);
  });

  it('treats a lock from another machine as held (its process cannot be checked)', () => {
    writeLock(dir.path, { pid: deadPid(), machine: 'some-other-box' });
    expect(inspectLock(dir.path).state).toBe('held');
    expect(() => acquireLock(dir.path, 'run-2')).toThrow(LockHeldError);
  });

  it.each([[''], ['{"pid":'], ['{"pid":"x"}']])('treats an unreadable lock %p as stale', (text) => {
    writeLock(dir.path, text);
    expect(inspectLock(dir.path)).toEqual({ state: 'stale', path: join(dir.path, 'lock') });
    expect(() => acquireLock(dir.path, 'run-2')).toThrow(/lock file is empty or unreadable/);
  });

  it('does not remove a lock it no longer owns', () => {
    const lock = acquireLock(dir.path, 'run-1');
    removeLock(dir.path);
    const other = acquireLock(dir.path, 'run-2');
    lock.release();
    expect(inspectLock(dir.path)).toMatchObject({ state: 'held', owner: { runId: 'run-2' } });
    other.release();
    expect(inspectLock(dir.path).state).toBe('free');
  });
});
