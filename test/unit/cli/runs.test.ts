import { showRuns } from '../../../src/cli/runs';
import { localRunSource } from '../../../src/runs/run-source';
import { unlockEngine } from '../../../src/cli/unlock';
import { acquireEngineLock, engineLockPath, inspectEngineLock } from '../../../src/runs/engine-lock';
import { LockHeldError } from '../../../src/runs/errors';
import { JournalWriter } from '../../../src/runs/journal';
import { journalPathOf, runDirOf } from '../../../src/runs/paths';
import { makeRunEvents, makeRunStarted, makeTempDir } from '../../helpers/run-events';
import type { TempDir } from '../../helpers/run-events';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Each test gets a fresh state directory and collects what the command writes. */
let dir: TempDir;
let out: string;
const write = (t: string): void => {
  out += t;
};
beforeEach(() => {
  dir = makeTempDir();
  out = '';
});
afterEach(() => dir.remove());

describe('runbook runs', () => {
  async function writeRun(id: string, finished: boolean, isDryRun = false): Promise<void> {
    const writer = await JournalWriter.create(journalPathOf(runDirOf(dir.path, id)));
    const base = Date.UTC(2024, 5, 1, 10);
    const events = makeRunEvents(['a']).map((e) => ({ ...e, at: base + e.at }));
    events[0] = makeRunStarted({ runId: id, at: base, isDryRun });
    const counts = { ok: 0, changed: 1, skipped: 0, failed: 0 };
    if (finished)
      events.push({
        type: 'run.finished',
        at: Date.UTC(2024, 5, 1, 10, 2, 5),
        status: 'ok',
        durationMs: 1,
        counts,
        failures: [],
      });
    events.forEach((e) => writer.emit(e));
    await writer.close();
  }

  it('prints a table of id, runbook, who, started, duration and status, newest first', async () => {
    await writeRun('2024-06-01T10-00-00.000Z-aaaa', true);
    await writeRun('2024-06-02T10-00-00.000Z-bbbb', false, true);
    await showRuns({ source: localRunSource(dir.path, join(dir.path, 'locks')), isJson: false, write });
    expect(out.split('\n')).toEqual([
      'ID                             RUNBOOK  WHO      STARTED               DURATION  STATUS',
      '2024-06-02T10-00-00.000Z-bbbb  demo     ops@box  2024-06-01 10:00:00Z  1.1s      crashed (dry run)',
      '2024-06-01T10-00-00.000Z-aaaa  demo     ops@box  2024-06-01 10:00:00Z  2m05s     ok',
      '',
    ]);
  });

  it('prints one JSON object per run with --json', async () => {
    await writeRun('r1', true);
    await showRuns({ source: localRunSource(dir.path, join(dir.path, 'locks')), isJson: true, write });
    expect(JSON.parse(out)).toMatchObject({ id: 'r1', state: 'ok', runbookName: 'demo', isDryRun: false });
  });

  it('says so when there are no runs', async () => {
    await showRuns({ source: localRunSource(dir.path, join(dir.path, 'locks')), isJson: false, write });
    expect(out).toBe(`no runs in state directory ${dir.path}\n`);
  });
});

describe('runbook unlock', () => {
  const engine = { url: 'https://engine.example.com/ovirt-engine/api', cluster: 'stretch' };
  const lockDir = (): string => join(dir.path, 'locks');
  const unlock = (isForced: boolean): void => unlockEngine({ lockDir: lockDir(), engine, isForced, write });

  it('removes a stale lock of the engine (one another user left, or a damaged one)', () => {
    const pid = Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout
    );
    mkdirSync(lockDir());
    const path = engineLockPath(lockDir(), engine);
    writeFileSync(path, JSON.stringify({ pid, machine: hostname(), runId: 'r9', started: 1 }));
    unlock(false);
    expect(out).toBe(`removed stale lock ${path} of run r9 (pid ${pid} on ${hostname()})\n`);
    expect(inspectEngineLock(lockDir(), engine).state).toBe('free');
  });

  it('refuses a live lock unless forced', () => {
    const { lock } = acquireEngineLock({ lockDir: lockDir(), engine, runId: 'r1', stateDir: dir.path });
    expect(() => unlock(false)).toThrow(LockHeldError);
    expect(inspectEngineLock(lockDir(), engine).state).toBe('held');
    unlock(true);
    expect(inspectEngineLock(lockDir(), engine).state).toBe('free');
    lock.release();
  });

  it('says so when there is no lock', () => {
    unlock(false);
    expect(out).toBe(`no lock of engine ${engine.url} (cluster stretch) in ${lockDir()}\n`);
  });
});
