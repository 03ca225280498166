/**
 * A lock file: one JSON owner {pid, machine, runId, started, …} at a path. It is created atomically complete: the
 * owner is written to a private file (O_EXCL), synced, then hard-linked to the lock path, which fails if a lock
 * exists; so no reader ever sees a half-written lock. An owner on this machine whose process is gone is stale
 * (the process identity includes its start time and the boot, so a recycled pid is not mistaken for the owner).
 * engine-lock.ts builds the lock per engine on it.
 */
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import type { LockOwner } from './errors';

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

/** This process, as a lock owner records it. */
export function currentOwner(runId: string): LockOwner {
  const identity = processIdentity(process.pid);
  return {
    pid: process.pid,
    machine: hostname(),
    runId,
    started: Date.now(),
    ...(identity === undefined ? {} : { processStart: identity }),
  };
}

/** Create the lock at `path` if there is none; false if one exists. */
export function tryCreateLock(path: string, owner: LockOwner): boolean {
  const draft = `${path}.${owner.pid}.${owner.started}.tmp`;
  const fd = openSync(draft, 'wx', 0o644);
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

export function inspectLockFile(path: string): LockInspection {
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

/** Move a stale lock aside and check it is the one inspected; if another run got there first, put it back. */
export function removeIfStill(path: string, stale: LockOwner | undefined): boolean {
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

export function makeLock(path: string, owner: LockOwner): StateLock {
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

export function readOwner(path: string): LockOwner | undefined {
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

/**
 * Alive unless it is on this machine and its process is gone: signal 0 finds no such pid, or the pid now names
 * another process (another start time, or the machine rebooted since).
 */
export function isOwnerAlive(owner: LockOwner): boolean {
  if (owner.machine !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (owner.processStart === undefined) return true;
  const now = processIdentity(owner.pid);
  return now === undefined || now === owner.processStart;
}

/** `<boot id>:<start time in clock ticks>` of a process (Linux /proc); undefined where it cannot be read. */
function processIdentity(pid: number): string | undefined {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return startTicks === undefined ? undefined : `${boot}:${startTicks}`;
  } catch {
    return undefined;
  }
}
