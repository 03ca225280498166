/**
 * The lock per engine: two runs that change the same engine (its API URL and cluster) never overlap on one
 * machine, whatever their state directories. The lock files live in one directory per machine:
 * $RUNBOOK_LOCK_DIR, else /run/lock/runbook (cleared at boot), else <tmp>/runbook-locks; created world-writable
 * with the sticky bit, like /tmp, so every user's runs share it. A lock left by a process of this machine that is
 * gone (a crash, a SIGKILL) is cleared by the next run, which says so. Runs that change nothing (dry runs, runbooks
 * of read-only modules) take no lock. The PostgreSQL backend adds an advisory lock for runs on other machines.
 */
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LockHeldError, StaleLockError } from './errors';
import type { LockOwner } from './errors';
import { sha256Hex } from './line';
import { currentOwner, inspectLockFile, LockState, makeLock, readOwner, removeIfStill, tryCreateLock } from './lock';
import type { LockInspection, StateLock } from './lock';

/** What a lock is for: the engine's API URL and the cluster a run changes. */
export interface EngineIdentity {
  url: string;
  cluster: string;
}

export interface EngineLockRequest {
  lockDir: string;
  engine: EngineIdentity;
  runId: string;
  /** The state directory of the run (shown to whoever finds the lock). */
  stateDir: string;
}

export interface AcquiredEngineLock {
  lock: StateLock;
  /** A lock of a dead process that was cleared to take this one (say so). */
  cleared?: LockOwner;
}

/** The same engine however its URL is written: scheme and host lowercased, default port, no trailing slash. */
export function engineKey(engine: EngineIdentity): string {
  let url = engine.url.trim();
  if (URL.canParse(url)) {
    const parsed = new URL(url);
    url = `${parsed.protocol}//${parsed.hostname}:${parsed.port || (parsed.protocol === 'https:' ? '443' : '80')}`;
    url += parsed.pathname.replace(/\/+$/, '');
  }
  return `${url}#${engine.cluster}`;
}

export function describeEngine(engine: EngineIdentity): string {
  return `engine ${engine.url} (cluster ${engine.cluster})`;
}

export function engineLockPath(lockDir: string, engine: EngineIdentity): string {
  const host = URL.canParse(engine.url) ? new URL(engine.url).hostname.replace(/[^A-Za-z0-9.-]/g, '_') : 'engine';
  return join(lockDir, `${host}-${sha256Hex(engineKey(engine)).slice(0, 16)}.lock`);
}

export function acquireEngineLock(request: EngineLockRequest): AcquiredEngineLock {
  ensureLockDir(request.lockDir);
  const path = engineLockPath(request.lockDir, request.engine);
  const owner: LockOwner = {
    ...currentOwner(request.runId),
    engine: describeEngine(request.engine),
    stateDir: request.stateDir,
  };
  if (tryCreateLock(path, owner)) return { lock: makeLock(path, owner) };
  const found = inspectLockFile(path);
  if (found.state === LockState.FREE && tryCreateLock(path, owner)) return { lock: makeLock(path, owner) };
  if (found.state === LockState.STALE && found.owner !== undefined) {
    if (removeIfStill(path, found.owner) && tryCreateLock(path, owner)) {
      return { lock: makeLock(path, owner), cleared: found.owner };
    }
  }
  throw found.state === LockState.STALE
    ? new StaleLockError(path, found.owner)
    : new LockHeldError(path, readOwner(path) ?? found.owner, describeEngine(request.engine));
}

export function inspectEngineLock(lockDir: string, engine: EngineIdentity): LockInspection {
  return inspectLockFile(engineLockPath(lockDir, engine));
}

/** Every lock in the directory, as inspected now (`runbook runs` tells running from crashed runs with them). */
export function listEngineLocks(lockDir: string): LockInspection[] {
  let names: string[];
  try {
    names = readdirSync(lockDir).filter((name) => name.endsWith('.lock'));
  } catch {
    return [];
  }
  return names.map((name) => inspectLockFile(join(lockDir, name)));
}

/** The ids of the runs whose process holds a lock now. */
export function liveRunIds(lockDir: string): Set<string> {
  return new Set(
    listEngineLocks(lockDir).flatMap((lock) => (lock.state === LockState.HELD && lock.owner ? [lock.owner.runId] : []))
  );
}

function ensureLockDir(dir: string): void {
  try {
    // The umask strips the mode's bits: set them on a directory created here (never on an existing one).
    if (mkdirSync(dir, { recursive: true, mode: 0o1777 }) !== undefined) chmodSync(dir, 0o1777);
  } catch {
    // Someone else's directory: usable as it is, or the lock attempt says why not.
  }
}
