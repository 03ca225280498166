/**
 * The state lock: `<state dir>/lock`, holding {pid, machine, runId, started}. It keeps two runs off the same state
 * at once. It is created atomically complete: the owner is written to a private file (O_EXCL), synced, then
 * hard-linked to `lock`, which fails if a lock exists; so no reader ever sees a half-written lock. A lock whose process is gone (same machine, pid not alive) is stale: it is
 * reported with how to clear it, and may be taken over only by a resume of the very run that left it.
 */
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LockHeldError, StaleLockError } from './errors';
import type { LockOwner } from './errors';

export const LOCK_FILE = 'lock';

export const LockState = {
  /** No lock file. */
  FREE: 'free',
  /** Held by a live process (or one on another machine, which we cannot check). */
  HELD: 'held',
  /** Left by a process that is gone, or unreadable. */
  STALE: 'stale',
} as const;
export type LockState = (typeof LockState)[keyof typeof LockState];

export interface LockInspection {
  state: LockState;
  path: string;
  owner?: LockOwner;
}

export interface StateLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** Remove the lock if it is still ours. Safe to call twice. */
  release(): void;
}

export interface AcquireLockOptions {
  /** Take over a stale lock left by this run id (resume after a crash). */
  takeOverStaleOf?: string;
}

export function lockPath(stateDir: string): string {
  return join(stateDir, LOCK_FILE);
}

export function acquireLock(stateDir: string, runId: string, options: AcquireLockOptions = {}): StateLock {
  mkdirSync(stateDir, { recursive: true });
  const path = lockPath(stateDir);
  const owner: LockOwner = { pid: process.pid, machine: hostname(), runId, started: Date.now() };
  if (tryCreateLock(path, owner)) return makeLock(path, owner);
  const found = inspectLock(stateDir);
  if (found.state === LockState.FREE && tryCreateLock(path, owner)) return makeLock(path, owner);
  if (found.state === LockState.STALE && isOurs(found.owner, options.takeOverStaleOf)) {
    if (removeIfStill(path, found.owner) && tryCreateLock(path, owner)) return makeLock(path, owner);
  }
  throw found.state === LockState.STALE
    ? new StaleLockError(path, found.owner)
    : new LockHeldError(path, readOwner(path));
}

export function inspectLock(stateDir: string): LockInspection {
  const path = lockPath(stateDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: LockState.FREE, path };
    throw error;
  }
  const owner = parseOwner(text);
  if (!owner) return { state: LockState.STALE, path };
  return { state: isOwnerAlive(owner) ? LockState.HELD : LockState.STALE, path, owner };
}

/** Remove the lock file (`runbook unlock`); the caller has checked it is stale or was told to force. */
export function removeLock(stateDir: string): void {
  rmSync(lockPath(stateDir), { force: true });
}

function tryCreateLock(path: string, owner: LockOwner): boolean {
  const draft = `${path}.${owner.pid}.${owner.started}.tmp`;
  const fd = openSync(draft, 'wx');
  try {
    writeSync(fd, JSON.stringify(owner) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

/** Move the stale lock aside and check it is the one inspected; if another run got there first, put it back. */
function removeIfStill(path: string, stale: LockOwner | undefined): boolean {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return false;
  }
  const moved = readOwner(aside);
  const isSame = moved !== undefined && moved.pid === stale?.pid && moved.runId === stale.runId;
  if (!isSame) linkBack(aside, path);
  rmSync(aside, { force: true });
  return isSame;
}

function linkBack(aside: string, path: string): void {
  try {
    linkSync(aside, path);
  } catch {
    // A third run took the lock meanwhile; it holds it now.
  }
}

function makeLock(path: string, owner: LockOwner): StateLock {
  let isReleased = false;
  return {
    path,
    owner,
    release(): void {
      if (isReleased) return;
      isReleased = true;
      const current = readOwner(path);
      if (current && current.pid === owner.pid && current.runId === owner.runId) rmSync(path, { force: true });
    },
  };
}

function isOurs(owner: LockOwner | undefined, runId: string | undefined): boolean {
  return runId !== undefined && owner !== undefined && owner.runId === runId;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return parseOwner(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    const isValid =
      Number.isInteger(v.pid) &&
      typeof v.machine === 'string' &&
      typeof v.runId === 'string' &&
      typeof v.started === 'number';
    return isValid ? (v as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** Alive unless it is on this machine and signal 0 says there is no such process. */
export function isOwnerAlive(owner: LockOwner): boolean {
  if (owner.machine !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
